// Whether what the console shows is live: the silence watch (a host that stopped sending,
// though its socket is still open) and the one question every page asks of the link.
import { HOST_SILENT_MS } from '../../../shared/wire';
import type { ConnectionStatus } from './types';

/** After this much silence the socket is dropped and a new one tried. */
export const GIVE_UP_SILENT_MS = 10_000;

/** Tracks when the host was last heard from; time is injected so tests move it. */
export class SilenceWatch {
  private lastHeard: number;
  constructor(private readonly now: () => number) {
    this.lastHeard = now();
  }
  heard(): void {
    this.lastHeard = this.now();
  }
  /** 'live' while the host spoke within HOST_SILENT_MS, then 'silent', then 'give-up'. */
  check(): 'live' | 'silent' | 'give-up' {
    const quiet = this.now() - this.lastHeard;
    if (quiet > GIVE_UP_SILENT_MS) return 'give-up';
    return quiet > HOST_SILENT_MS ? 'silent' : 'live';
  }
  get lastHeardAt(): number {
    return this.lastHeard;
  }
}

export type HostLink =
  | { kind: 'live' }
  /** Nothing shown yet (first connect) or no access: not "last known" figures. */
  | { kind: 'none' }
  /** The page shows figures from a host it lost at `since`: they are last known. */
  | { kind: 'lost'; since: number };

export function hostLink(status: ConnectionStatus, synced: boolean): HostLink {
  switch (status.state) {
    case 'connected':
      return { kind: 'live' };
    case 'silent':
      return { kind: 'lost', since: status.since };
    case 'connecting':
    case 'reconnecting':
      return synced ? { kind: 'lost', since: status.lostAt ?? status.since } : { kind: 'none' };
    case 'unauthorized':
      return { kind: 'none' };
    default: {
      const never: never = status;
      return never;
    }
  }
}
