// Abuse of the authentication path through the pure core, with a fake clock: unauthenticated
// floods from many sources must not starve new clients of their first challenge, password
// guessing is throttled per source and per user (and the right password gets through once the
// guessing stops), and REST usernames cannot outlive the lifetime cap.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../auth/rate-limiter';
import { encodeRequestedTransport } from '../stun/attributes/requested-transport';
import { StunMethod } from '../stun/constants';
import { Harness, TestClient } from './test-harness';

const unauthenticatedAllocate = (c: TestClient) =>
  c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), false);

describe('unauthenticated floods from many sources', () => {
  it('drain the shared budget of error answers but not the first challenge of a new client', () => {
    const h = new Harness({
      rateLimiter: new RateLimiter({ perSecond: 5, burst: 10 }, { perSecond: 250, burst: 500 }),
    });
    // 300 sources, each within its own budget: 1,500 requests in one instant
    for (let i = 0; i < 300; i++) {
      const c = new TestClient(h, 'alice', 'secret', `198.51.${(i >> 8) + 1}.${i & 0xff}`, 5000);
      for (let k = 0; k < 5; k++) c.send(unauthenticatedAllocate(c));
    }
    // a legitimate client arriving now still gets its 401, then allocates
    const legit = new TestClient(h, 'alice', 'secret', '192.0.2.77', 40000);
    expect(legit.allocate().code).toBe(0);
    // the shared budget is still what bounds the other unauthenticated errors (400 here)
    const before = h.drops('rate-limited');
    const odd = new TestClient(h, 'alice', 'secret', '192.0.2.78', 40000);
    for (let k = 0; k < 600; k++) odd.send(odd.build(0x0fff & ~0x0110, undefined, false));
    expect(h.drops('rate-limited')).toBeGreaterThan(before);
  });

  it('one source is still held to its own budget, also across an IPv6 /64', () => {
    const h = new Harness({
      rateLimiter: new RateLimiter({ perSecond: 1, burst: 5 }, { perSecond: 1000, burst: 1000 }),
    });
    let answered = 0;
    for (let i = 0; i < 50; i++) {
      const c = new TestClient(h, 'alice', 'secret', `2001:db8:1:2::${(i + 1).toString(16)}`, 5000);
      answered += c.send(unauthenticatedAllocate(c)).length;
    }
    expect(answered).toBe(5);
  });
});
