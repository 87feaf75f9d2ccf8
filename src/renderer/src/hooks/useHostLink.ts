// The link to the host as every page needs it: live, or showing last known figures.
import { useStore } from '../store';
import { type HostLink, hostLink } from '../transport/host-link';

export function useHostLink(): HostLink {
  const connection = useStore((s) => s.connection);
  const synced = useStore((s) => s.synced);
  return hostLink(connection, synced);
}

/** True while the figures on screen are last known, not live. */
export function useHostLost(): boolean {
  return useStore((s) => hostLink(s.connection, s.synced).kind === 'lost');
}
