import { describe, expect, it } from 'vitest';
import { HOST_SILENT_MS } from '../../../shared/wire';
import { GIVE_UP_SILENT_MS, hostLink, SilenceWatch } from './host-link';

describe('SilenceWatch', () => {
  it('is live while the host beats, silent past HOST_SILENT_MS, and gives up later', () => {
    let t = 1_000;
    const watch = new SilenceWatch(() => t);
    t += HOST_SILENT_MS;
    expect(watch.check()).toBe('live');
    watch.heard();
    t += HOST_SILENT_MS + 1;
    expect(watch.check()).toBe('silent');
    expect(watch.lastHeardAt).toBe(1_000 + HOST_SILENT_MS);
    t = watch.lastHeardAt + GIVE_UP_SILENT_MS + 1;
    expect(watch.check()).toBe('give-up');
    watch.heard();
    expect(watch.check()).toBe('live');
  });

  it('notices a lost host within the 2 s the console promises', () => {
    expect(HOST_SILENT_MS).toBeLessThan(2_000);
  });
});

describe('hostLink', () => {
  it('is live only when connected', () => {
    expect(hostLink({ state: 'connected', since: 1 }, true)).toEqual({ kind: 'live' });
  });

  it('calls the figures last known once the host went silent or the socket closed, from when it was lost', () => {
    expect(hostLink({ state: 'silent', since: 5 }, true)).toEqual({ kind: 'lost', since: 5 });
    expect(hostLink({ state: 'reconnecting', since: 9, retryAt: 12, lostAt: 5 }, true)).toEqual({
      kind: 'lost',
      since: 5,
    });
  });

  it('has nothing last known before the first snapshot, nor without access', () => {
    expect(hostLink({ state: 'connecting', since: 1 }, false)).toEqual({ kind: 'none' });
    expect(hostLink({ state: 'reconnecting', since: 9, retryAt: 12, lostAt: 5 }, false)).toEqual({
      kind: 'none',
    });
    expect(hostLink({ state: 'unauthorized', since: 1 }, true)).toEqual({ kind: 'none' });
  });
});
