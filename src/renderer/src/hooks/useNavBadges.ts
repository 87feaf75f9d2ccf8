// What the sidebar shows beside each page: live counts and whether something there fails.
// Selectors return primitives, so the sidebar re-renders only when a count changes.

import type { PageId } from '../app/route';
import { cameraSummary } from '../pages/cameras/table-model';
import { useStore } from '../store';

export interface NavBadge {
  count?: string;
  failing: boolean;
  /** Read after the link's name: ", 3 of 5 cameras playing, 1 failing". */
  spoken: string;
}

export function useNavBadges(): Partial<Record<PageId, NavBadge>> {
  const playing = useStore((s) => (s.cameras ? cameraSummary(s.cameras).byFilter.playing : 0));
  const total = useStore((s) => (s.cameras ? cameraSummary(s.cameras).total : 0));
  const retrying = useStore((s) => (s.cameras ? cameraSummary(s.cameras).byFilter.problem : 0));
  // Failed TEARDOWNs the operator has not dismissed (on the group cards and in the log).
  const teardownFailures = useStore((s) => {
    let n = 0;
    for (const id in s.groups ?? {}) n += s.groups![id]!.teardownFailures?.length ?? 0;
    return n;
  });
  const allocations = useStore((s) => Object.keys(s.allocations ?? {}).length);
  const relayError = useStore((s) => s.relay?.status.state === 'error');
  const restreamError = useStore((s) => s.restream?.status.state === 'error');

  return {
    cameras: {
      ...(total ? { count: `${playing}/${total}` } : {}),
      failing: retrying > 0,
      spoken: total ? `, ${playing} of ${total} playing${retrying ? `, ${retrying} failing` : ''}` : '',
    },
    groups: {
      failing: teardownFailures > 0,
      spoken: teardownFailures ? `, ${teardownFailures} teardown failed` : '',
    },
    relay: {
      ...(allocations ? { count: String(allocations) } : {}),
      failing: relayError,
      spoken: `${allocations ? `, ${allocations} live allocations` : ''}${relayError ? ', relay error' : ''}`,
    },
    restream: {
      failing: restreamError,
      spoken: restreamError ? ', restream listener not running' : '',
    },
  };
}
