// Session groups in words: why a session is stale, where its teardown stands, and the
// order groups are listed in. Pure, for tests.
import type { GroupView, StaleReason, StaleSessionView } from '../../../../shared/cameras';

export const REASON_WORDS: Record<StaleReason, { label: string; help: string }> = {
  dropped: {
    label: 'Dropped',
    help: 'The connection dropped; the camera may keep playing this session until it times out.',
  },
  'live555-stale-tcp': {
    label: 'live555 stale TCP',
    help: 'This live555 server keeps playing a session on an old TCP connection after a new one opens.',
  },
};

export const KIND_WORDS: Record<GroupView['kind'], string> = {
  server: 'Per server',
  url: 'Per URL',
  named: 'Named',
};

export interface TeardownWords {
  text: string;
  tone: 'ok' | 'warn' | 'bad' | 'muted';
}

export function teardownWords(t: StaleSessionView['teardown']): TeardownWords {
  switch (t.state) {
    case 'pending':
      return {
        text:
          t.attempts > 0
            ? `Sending TEARDOWN (attempt ${t.attempts + 1})${t.lastError ? ` — ${t.lastError}` : ''}`
            : 'Sending TEARDOWN',
        tone: 'warn',
      };
    case 'succeeded':
      return { text: 'Torn down', tone: 'ok' };
    case 'failed':
      return {
        // No try at all (the connection was gone): say what failed, not "after 0 tries".
        text:
          t.attempts > 1
            ? `Could not end the session (TEARDOWN) in ${t.attempts} tries: ${t.error}`
            : `Could not end the session (TEARDOWN): ${t.error}`,
        tone: 'bad',
      };
    case 'impossible':
      return { text: 'Cannot be torn down: waiting for it to expire', tone: 'muted' };
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Groups with stale sessions first (soonest expiry last-ending first), then by label. */
export function sortGroups(groups: readonly GroupView[]): GroupView[] {
  return [...groups].sort((a, b) => {
    if (a.staleCount > 0 !== b.staleCount > 0) return a.staleCount > 0 ? -1 : 1;
    return a.label.localeCompare(b.label, 'en', { numeric: true });
  });
}

/** "Wait for teardowns" answer, in words. */
export function teardownResultWords(failures: readonly string[]): string {
  if (failures.length === 0) return 'All teardowns finished.';
  return failures.length === 1 ? '1 teardown failed:' : `${failures.length} teardowns failed:`;
}
