import { useEffect, useRef } from 'react';
import { Toaster } from '../components/Toaster';
import { useHostLost } from '../hooks/useHostLink';
import { CameraViewPage, LivePage } from '../live';
import { CamerasPage } from '../pages/CamerasPage';
import { GroupsPage } from '../pages/GroupsPage';
import { LogPage } from '../pages/LogPage';
import { RelayPage } from '../pages/RelayPage';
import { RestreamPage } from '../pages/RestreamPage';
import { SettingsPage } from '../pages/SettingsPage';
import { useStore } from '../store';
import { ConfigBanner } from './ConfigBanner';
import { HostLostBanner } from './HostLostBanner';
import { type PageId, usePage } from './route';
import { Sidebar } from './Sidebar';
import { useApplyTheme } from './theme';

const TITLES: Record<PageId, string> = {
  cameras: 'Cameras',
  live: 'Live',
  camera: 'Camera',
  groups: 'Groups',
  relay: 'Relay',
  restream: 'Restream',
  log: 'Log',
  settings: 'Settings',
};

export function App() {
  const page = usePage();
  const synced = useStore((s) => s.synced);
  const unauthorized = useStore((s) => s.connection.state === 'unauthorized');
  const hostLost = useHostLost();
  const mainRef = useRef<HTMLElement>(null);
  useApplyTheme();

  useEffect(() => {
    document.title = `${TITLES[page]} · camrelay`;
    mainRef.current?.focus({ preventScroll: true });
  }, [page]);

  return (
    <div className="frame" data-host={hostLost ? 'lost' : 'live'}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar page={page === 'camera' ? 'live' : page} />
      <Toaster />
      <main className="main" id="main" ref={mainRef} tabIndex={-1} aria-busy={!synced}>
        <HostLostBanner />
        <ConfigBanner />
        {unauthorized ? (
          <TokenNeeded />
        ) : !synced ? (
          <div className="page" role="status">
            <p className="muted">Connecting to camrelay…</p>
          </div>
        ) : (
          <PageBody page={page} />
        )}
      </main>
    </div>
  );
}

/** No valid token or session in this tab: where the token is (the same words as the 401 page). */
function TokenNeeded() {
  return (
    <div className="page" role="alert" data-testid="token-needed">
      <h1>Access token needed</h1>
      <p>
        Open the address camrelay printed when it started, the line that begins with{' '}
        <code>camrelay console:</code> and ends with <code>?token=…</code>.
      </p>
      <p>
        Or add <code>?token=</code> followed by the token to this address. The token is the content of the
        file <code>ui-token</code> in camrelay's data directory (the <code>--data-dir</code> option; by
        default <code>~/.local/share/camrelay/ui-token</code>).
      </p>
    </div>
  );
}

function PageBody({ page }: { page: PageId }) {
  switch (page) {
    case 'cameras':
      return <CamerasPage />;
    case 'live':
      return <LivePage />;
    case 'camera':
      return <CameraViewPage />;
    case 'groups':
      return <GroupsPage />;
    case 'relay':
      return <RelayPage />;
    case 'restream':
      return <RestreamPage />;
    case 'log':
      return <LogPage />;
    case 'settings':
      return <SettingsPage />;
    default: {
      const never: never = page;
      return never;
    }
  }
}
