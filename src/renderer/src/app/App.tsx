import { useEffect, useRef } from 'react';
import { Toaster } from '../components/Toaster';
import { CameraViewPage, LivePage } from '../live';
import { CamerasPage } from '../pages/CamerasPage';
import { GroupsPage } from '../pages/GroupsPage';
import { LogPage } from '../pages/LogPage';
import { RelayPage } from '../pages/RelayPage';
import { SettingsPage } from '../pages/SettingsPage';
import { useStore } from '../store';
import { ConfigBanner } from './ConfigBanner';
import { type PageId, usePage } from './route';
import { Sidebar } from './Sidebar';

const TITLES: Record<PageId, string> = {
  cameras: 'Cameras',
  live: 'Live',
  camera: 'Camera',
  groups: 'Groups',
  relay: 'Relay',
  log: 'Log',
  settings: 'Settings',
};

function useTheme() {
  const theme = useStore((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}

export function App() {
  const page = usePage();
  const synced = useStore((s) => s.synced);
  const mainRef = useRef<HTMLElement>(null);
  useTheme();

  useEffect(() => {
    document.title = `${TITLES[page]} · camrelay`;
    mainRef.current?.focus({ preventScroll: true });
  }, [page]);

  return (
    <div className="frame">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar page={page === 'camera' ? 'live' : page} />
      <Toaster />
      <main className="main" id="main" ref={mainRef} tabIndex={-1} aria-busy={!synced}>
        <ConfigBanner />
        {!synced ? (
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
