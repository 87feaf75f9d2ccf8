import { describe, expect, it } from 'vitest';
import type { GroupView } from '../../../../shared/cameras';
import { sortGroups, teardownResultWords, teardownWords } from './group-words';

const group = (id: string, label: string, staleCount = 0): GroupView => ({
  id,
  kind: 'server',
  label,
  cameraIds: [],
  staleCount,
  sessions: [],
  live555Bug: false,
});

describe('teardownWords', () => {
  it('says where each teardown stands', () => {
    expect(teardownWords({ state: 'pending', attempts: 0 })).toEqual({
      text: 'Sending TEARDOWN',
      tone: 'warn',
    });
    expect(teardownWords({ state: 'pending', attempts: 2, lastError: 'timeout' }).text).toBe(
      'Sending TEARDOWN (attempt 3) — timeout',
    );
    expect(teardownWords({ state: 'succeeded', attempts: 1 }).tone).toBe('ok');
    expect(teardownWords({ state: 'failed', attempts: 1, error: 'refused' }).text).toBe(
      'Could not end the session (TEARDOWN): refused',
    );
    expect(teardownWords({ state: 'failed', attempts: 0, error: 'no connection' }).text).toBe(
      'Could not end the session (TEARDOWN): no connection',
    );
    expect(teardownWords({ state: 'failed', attempts: 3, error: 'timeout' }).text).toBe(
      'Could not end the session (TEARDOWN) in 3 tries: timeout',
    );
    expect(teardownWords({ state: 'impossible' }).tone).toBe('muted');
  });
});

describe('sortGroups', () => {
  it('lists groups with stale sessions first, then by label naturally', () => {
    const out = sortGroups([group('a', '10.0.0.10:554'), group('b', '10.0.0.9:554'), group('c', 'zz', 1)]);
    expect(out.map((g) => g.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('teardownResultWords', () => {
  it('summarises the failures', () => {
    expect(teardownResultWords([])).toBe('All teardowns finished.');
    expect(teardownResultWords(['x'])).toBe('1 teardown failed:');
    expect(teardownResultWords(['x', 'y'])).toBe('2 teardowns failed:');
  });
});
