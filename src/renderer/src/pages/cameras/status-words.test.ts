import { describe, expect, it } from 'vitest';
import { failureWords, statusWords } from './status-words';

const NOW = 1_000_000_000;

describe('statusWords', () => {
  it('says how long a camera has been playing', () => {
    const w = statusWords({ state: 'playing', since: NOW - (2 * 3600 + 13 * 60) * 1000 }, NOW);
    expect(w).toEqual({
      badge: 'Playing',
      tone: 'ok',
      text: 'Playing 2h 13m',
      head: 'Playing 2h 13m',
      ticking: true,
    });
  });

  it('counts down a stale-session wait', () => {
    const w = statusWords(
      { state: 'waiting-stale', since: NOW, until: NOW + 42_000, count: 1, groupId: 'server:x' },
      NOW,
    );
    expect(w.text).toBe('Waiting for 1 stale session · 42 s');
    expect(w.tone).toBe('warn');
    expect(w.head).toBe('Waiting 42 s');
    expect(w.detail).toBe('1 stale session may still be playing');
    expect(
      statusWords({ state: 'waiting-stale', since: NOW, until: NOW + 1000, count: 3, groupId: 'g' }, NOW)
        .text,
    ).toBe('Waiting for 3 stale sessions · 1 s');
  });

  it('says when and why it retries', () => {
    const failure = { kind: 'auth' as const, message: 'The camera refused the credentials.', at: NOW };
    const w = statusWords(
      { state: 'backing-off', since: NOW, retryAt: NOW + 8000, attempt: 2, failure },
      NOW,
    );
    expect(w.text).toBe('Retrying in 8 s — wrong user name or password');
    expect(w.tone).toBe('bad');
    expect([w.head, w.detail]).toEqual(['Retrying in 8 s', 'wrong user name or password']);
    const due = statusWords({ state: 'backing-off', since: NOW, retryAt: NOW - 1, attempt: 2, failure }, NOW);
    expect(due.text).toBe('Retrying now — wrong user name or password');
  });

  it('falls back to the failure message for an unknown kind', () => {
    const failure = { kind: 'odd' as never, message: 'Something odd.', at: NOW };
    const w = statusWords(
      { state: 'backing-off', since: NOW, retryAt: NOW + 1000, attempt: 1, failure },
      NOW,
    );
    expect(w.text).toBe('Retrying in 1 s — Something odd.');
  });

  it('describes the quiet states without a clock', () => {
    expect(statusWords({ state: 'disabled' }, NOW)).toMatchObject({ text: 'Disabled', ticking: false });
    expect(statusWords({ state: 'connecting', since: NOW, attempt: 0 }, NOW).text).toBe('Connecting…');
    expect(statusWords({ state: 'connecting', since: NOW, attempt: 3 }, NOW).text).toBe(
      'Connecting · attempt 3',
    );
  });

  it('has words for every failure kind', () => {
    for (const kind of [
      'auth',
      'not-found',
      'unreachable',
      'timeout',
      'unsupported',
      'tls',
      'camera-bug',
      'server-error',
      'internal',
    ]) {
      expect(failureWords(kind), kind).toBeTruthy();
    }
    expect(failureWords('nope')).toBeUndefined();
    expect(failureWords('toString')).toBeUndefined();
  });
});
