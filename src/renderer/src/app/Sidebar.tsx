import { type ReactElement, useEffect, useState } from 'react';
import {
  CameraIcon,
  GroupsIcon,
  LogIcon,
  LogoIcon,
  RelayIcon,
  RestreamIcon,
  SettingsIcon,
} from '../components/icons';
import { type NavBadge, useNavBadges } from '../hooks/useNavBadges';
import { LiveIcon } from '../live/LiveIcon';
import { useStore } from '../store';
import type { PageId } from './route';

const NAV: { id: PageId; label: string; icon: () => ReactElement }[] = [
  { id: 'cameras', label: 'Cameras', icon: () => <CameraIcon /> },
  { id: 'live', label: 'Live', icon: () => <LiveIcon /> },
  { id: 'groups', label: 'Groups', icon: () => <GroupsIcon /> },
  { id: 'relay', label: 'Relay', icon: () => <RelayIcon /> },
  { id: 'restream', label: 'Restream', icon: () => <RestreamIcon /> },
  { id: 'log', label: 'Log', icon: () => <LogIcon /> },
  { id: 'settings', label: 'Settings', icon: () => <SettingsIcon /> },
];

export function Sidebar({ page }: { page: PageId }) {
  const badges = useNavBadges();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <LogoIcon />
        <span className="rail-hide">camrelay</span>
      </div>
      <ul className="nav">
        {NAV.map((item) => (
          <li key={item.id}>
            <a
              href={`#/${item.id}`}
              aria-current={page === item.id ? 'page' : undefined}
              data-testid={`nav-${item.id}`}
              data-failing={badges[item.id]?.failing ? 'true' : undefined}
            >
              {item.icon()}
              <span className="rail-hide">{item.label}</span>
              <Badge badge={badges[item.id]} />
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">
        <ConnectionIndicator />
        <Version />
      </div>
    </nav>
  );
}

/** A live count beside a nav item and a red dot when something there is failing. */
function Badge({ badge }: { badge: NavBadge | undefined }) {
  if (!badge) return null;
  return (
    <>
      {badge.count !== undefined ? (
        <span className="count num" aria-hidden="true">
          {badge.count}
        </span>
      ) : null}
      {badge.failing ? <span className="nav-alert" aria-hidden="true" /> : null}
      <span className="visually-hidden">{badge.spoken}</span>
    </>
  );
}

function Version() {
  const version = useStore((s) => s.app?.version);
  const platform = useStore((s) => s.app?.platform);
  if (!version) return null;
  return (
    <span className="subtle rail-hide">
      v{version} · {platform === 'headless' ? 'headless' : 'desktop'}
    </span>
  );
}

function useNow(intervalMs: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs, active]);
  return now;
}

export function ConnectionIndicator() {
  const connection = useStore((s) => s.connection);
  const now = useNow(1000, connection.state === 'reconnecting');
  let dot = 'warn';
  let text = 'Connecting…';
  if (connection.state === 'connected') {
    dot = 'ok';
    text = 'Connected';
  } else if (connection.state === 'reconnecting') {
    dot = 'bad';
    const secs = Math.max(0, Math.ceil((connection.retryAt - now) / 1000));
    text = secs > 0 ? `Disconnected · retry in ${secs}s` : 'Reconnecting…';
  } else if (connection.state === 'silent') {
    dot = 'bad';
    text = 'No answer from camrelay';
  } else if (connection.state === 'unauthorized') {
    dot = 'bad';
    text = 'Access token needed';
  }
  return (
    <div
      className="conn"
      role="status"
      aria-live="polite"
      data-testid="connection"
      data-state={connection.state}
    >
      <span className={`dot ${dot}`} aria-hidden="true" />
      <span className="rail-hide">{text}</span>
    </div>
  );
}
