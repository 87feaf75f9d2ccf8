// Abuse of the authentication path through the pure core, with a fake clock: unauthenticated
// floods from many sources must not starve new clients of their first challenge, password
// guessing is throttled per source and per user (and the right password gets through once the
// guessing stops), and REST usernames cannot outlive the lifetime cap.
import { describe, expect, it } from 'vitest';
import { FailureThrottle } from '../auth/failure-throttle';
import { RateLimiter } from '../auth/rate-limiter';
import { makeRestCredentials } from '../auth/rest';
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

/** A client that already holds a valid nonce (one 401 round), then guesses. */
function guesser(h: Harness, address: string, user = 'alice', pass = 'wrong'): TestClient {
  const c = new TestClient(h, user, pass, address, 6000);
  c.allocate(); // learns realm and nonce (and fails: wrong password)
  return c;
}

describe('password guessing', () => {
  it('from one source: a burst is checked, then the rest is answered 401 unchecked', () => {
    const h = new Harness();
    const c = guesser(h, '192.0.2.50');
    for (let i = 0; i < 500; i++)
      c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17)));
    const checked = h.core.auth.failures.get('bad-integrity') ?? 0;
    expect(checked).toBe(10); // the burst (the first allocate's failure included)
    expect(h.core.auth.failures.get('throttled')).toBe(491);
    expect(h.events.filter((e) => e.type === 'authFailed')).toHaveLength(10);
    // the right password from that source waits for a token too...
    c.password = 'secret';
    const [refused] = c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17)));
    expect(refused!.code).toBe(401);
    expect(h.core.state.table.size).toBe(0);
    // another user behind the same address (a NAT) is not locked out by alice's guesser
    expect(new TestClient(h, 'bob', 'hunter2', '192.0.2.50', 6001).allocate().code).toBe(0);
    // ...and gets through once the guessing has stopped for a second
    h.advance(1000);
    expect(c.allocate().code).toBe(0);
  });

  it('per user, across many sources; the user allocates again once the attack stops', () => {
    const h = new Harness();
    let answered = 0;
    for (let i = 0; i < 200; i++) {
      const c = new TestClient(h, 'alice', 'wrong', `203.0.113.${i}`, 6000);
      answered += c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), false)).length;
      c.nonce = h.core.auth.nonces.issue(c.address, h.now);
      c.realm = 'camrelay.test';
      c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17)));
    }
    expect(answered).toBe(200); // every source got its challenge
    expect(h.core.auth.failures.get('bad-integrity')).toBe(20); // alice's burst, then no more checks
    const alice = new TestClient(h, 'alice', 'secret', '192.0.2.99', 7000);
    expect(alice.send(alice.build(StunMethod.allocate, undefined, false))[0]!.code).toBe(401);
    // bob is not affected by guesses against alice
    expect(new TestClient(h, 'bob', 'hunter2', '192.0.2.98', 7000).allocate().code).toBe(0);
    h.advance(1000);
    expect(alice.allocate().code).toBe(0);
  });

  it('spraying many names from one source is held to the source budget; names cost no user state', () => {
    const h = new Harness();
    for (let i = 0; i < 150; i++) {
      const c = new TestClient(h, `nobody${i}`, 'x', '192.0.2.60', 6000);
      c.nonce = h.core.auth.nonces.issue(c.address, h.now);
      c.realm = 'camrelay.test';
      c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17)));
    }
    expect(h.core.auth.failures.get('unknown-user')).toBe(100);
    expect(h.core.auth.failures.get('throttled')).toBe(50);
    // the users themselves are not throttled from elsewhere
    expect(new TestClient(h, 'alice', 'secret', '192.0.2.61', 6000).allocate().code).toBe(0);
  });

  it('is configurable and survives any failure pattern without growing past its bound (property-ish)', () => {
    const limit = { perSecond: 1, burst: 3 };
    const limits = { perSourceAndUser: limit, perSource: limit, perUser: limit };
    const t = new FailureThrottle(limits, 100);
    for (let i = 0; i < 10_000; i++) t.failed(`u${i % 500}`, i % 2 === 0, `10.0.${i % 250}.${i % 7}`, i);
    expect(t.tracked).toBeLessThanOrEqual(300);
    // a never-seen source and user are allowed; a hammered one refills at the configured rate
    expect(t.allows('fresh', '10.9.9.9', 10_000)).toBe(true);
    const h = new FailureThrottle(limits);
    for (let i = 0; i < 3; i++) h.failed('v', true, '10.1.1.1', 0);
    expect(h.allows('v', '10.1.1.2', 0)).toBe(false);
    expect(h.allows('w', '10.1.1.1', 0)).toBe(false);
    expect(h.allows('v', '10.1.1.1', 999)).toBe(false);
    expect(h.allows('v', '10.1.1.1', 1000)).toBe(true);
  });
});

describe('REST credential lifetime', () => {
  it('a username claiming more than the cap is refused with 401 and counted', () => {
    const h = new Harness({ secrets: ['s3cret'] });
    const far = makeRestCredentials('s3cret', 'viewer', 10 * 365 * 86_400, h.now);
    const c = new TestClient(h, far.username, far.password, '192.0.2.70', 6000);
    expect(c.allocate().code).toBe(401);
    expect(h.core.auth.failures.get('lifetime-too-long')).toBe(1);
    expect(h.events.at(-1)).toMatchObject({
      type: 'authFailed',
      username: far.username,
      reason: 'lifetime-too-long',
    });
    const day = makeRestCredentials('s3cret', 'viewer', 86_400, h.now);
    expect(new TestClient(h, day.username, day.password, '192.0.2.71', 6000).allocate().code).toBe(0);
  });
});
