// Allocate and authentication through the pure core, every error code on these paths, with a
// fake clock: 400 401 420 437 438 440 441 442 486 508, EVEN-PORT/RESERVATION-TOKEN, lifetimes.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../auth/rate-limiter';
import { makeRestCredentials } from '../auth/rest';
import { decodeLifetime, encodeLifetime } from '../stun/attributes/lifetime';
import { verifyMessageIntegrity, verifyMessageIntegritySha256 } from '../stun/attributes/message-integrity';
import { decodeNonce } from '../stun/attributes/nonce';
import { decodePasswordAlgorithms } from '../stun/attributes/password-algorithms';
import { encodeRequestedAddressFamily } from '../stun/attributes/requested-address-family';
import { encodeRequestedTransport } from '../stun/attributes/requested-transport';
import { decodeReservationToken } from '../stun/attributes/reservation-token';
import { decodeUnknownAttributes } from '../stun/attributes/unknown-attributes';
import { decodeXorAddress } from '../stun/attributes/xor-address';
import { Attr, StunMethod } from '../stun/constants';
import { Harness, newTid, TestClient } from './test-harness';

const relayOf = (r: import('../stun/reader').StunReader) =>
  decodeXorAddress(r, r.find(Attr.XOR_RELAYED_ADDRESS));

describe('Allocate', () => {
  it('401 without credentials carries REALM, a NONCE and PASSWORD-ALGORITHMS, and no integrity', () => {
    const h = new Harness();
    const c = new TestClient(h);
    const [a] = c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), false));
    expect(a!.code).toBe(401);
    expect(a!.r.find(Attr.REALM)).toBeGreaterThanOrEqual(0);
    expect(a!.r.find(Attr.NONCE)).toBeGreaterThanOrEqual(0);
    expect(a!.r.integrity).toBe(-1);
    expect(
      decodePasswordAlgorithms(a!.r, a!.r.find(Attr.PASSWORD_ALGORITHMS))?.map((e) => e.algorithm),
    ).toEqual([2, 1]);
    expect(h.core.state.table.size).toBe(0);
  });

  it('succeeds with a signed answer: relayed and mapped addresses, lifetime; events once', () => {
    const h = new Harness();
    const c = new TestClient(h);
    const a = c.allocate();
    expect(a.code).toBe(0);
    expect(verifyMessageIntegrity(a.r, c.key)).toBe(true);
    const relay = relayOf(a.r)!;
    expect(relay.address).toBe('203.0.113.1');
    expect(relay.port).toBeGreaterThanOrEqual(49152);
    expect(decodeXorAddress(a.r, a.r.find(Attr.XOR_MAPPED_ADDRESS))).toEqual({
      family: 4,
      address: '192.0.2.10',
      port: 40000,
    });
    expect(decodeLifetime(a.r, a.r.find(Attr.LIFETIME))).toBe(600);
    expect(h.events).toEqual([
      {
        type: 'allocated',
        id: expect.any(String),
        username: 'alice',
        port: relay.port,
        session: {
          transport: 'udp',
          address: '192.0.2.10',
          port: 40000,
          family: 4,
          localAddress: '203.0.113.1',
          localPort: 3478,
        },
      },
    ]);
  });

  it('a retransmission gets the same answer; a new Allocate on the 5-tuple gets 437', () => {
    const h = new Harness();
    const c = new TestClient(h);
    c.allocate();
    const tid = newTid();
    const req = c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), true, tid);
    const c2 = new TestClient(h, 'alice', 'secret', '192.0.2.10', 40001);
    c2.realm = c.realm;
    c2.nonce = c.nonce;
    const first = c2.send(
      c2.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), true, tid),
    )[0]!;
    const again = c2.send(
      c2.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), true, tid),
    )[0]!;
    expect(first.code).toBe(0);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(h.core.out.retransmissions).toBe(1);
    expect(c.send(req)[0]!.code).toBe(437);
    expect(h.core.state.table.size).toBe(2);
  });

  it('400 without REQUESTED-TRANSPORT, 442 for TCP', () => {
    const h = new Harness();
    const c = new TestClient(h);
    expect(c.request(StunMethod.allocate).code).toBe(400);
    expect(c.request(StunMethod.allocate, (w) => encodeRequestedTransport(w, 6)).code).toBe(442);
  });

  it('420 lists unknown comprehension-required attributes, ignoring optional ones', () => {
    const h = new Harness();
    const c = new TestClient(h);
    const a = c.allocate((w) => {
      w.raw(0x0031, Buffer.alloc(4));
      w.raw(0x8031, Buffer.alloc(4));
      w.raw(Attr.USERHASH, Buffer.alloc(32));
    });
    expect(a.code).toBe(420);
    expect(decodeUnknownAttributes(a.r, a.r.find(Attr.UNKNOWN_ATTRIBUTES))).toEqual([0x0031, Attr.USERHASH]);
    expect(verifyMessageIntegrity(a.r, c.key)).toBe(true);
  });

  it('401 for a wrong password or unknown user, counted as auth failures; no allocation', () => {
    const h = new Harness();
    expect(new TestClient(h, 'alice', 'wrong').allocate().code).toBe(401);
    expect(new TestClient(h, 'mallory', 'x').allocate().code).toBe(401);
    expect(h.core.auth.failures.get('bad-integrity')).toBe(1);
    expect(h.core.auth.failures.get('unknown-user')).toBe(1);
    expect(h.core.state.table.size).toBe(0);
  });

  it('438 when the nonce has expired, then success with the new nonce', () => {
    const h = new Harness();
    const c = new TestClient(h);
    c.allocate();
    const old = c.nonce;
    h.advance(601_000);
    const c2 = new TestClient(h, 'alice', 'secret', '192.0.2.10', 40001);
    c2.realm = c.realm;
    c2.nonce = old;
    const [stale] = c2.send(c2.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17)));
    expect(stale!.code).toBe(438);
    expect(c2.allocate().code).toBe(0);
    expect(c2.nonce).not.toBe(old);
  });

  it('400 when USERNAME, REALM or NONCE is missing beside MESSAGE-INTEGRITY', () => {
    const h = new Harness();
    const c = new TestClient(h);
    const req = c.w.begin(0x0003, newTid());
    encodeRequestedTransport(req, 17);
    req.integrity(Buffer.from('k'));
    expect(c.send(req.finish())[0]!.code).toBe(400);
  });

  it('440 for an address family with no relay address, or an unknown family value', () => {
    const h = new Harness({ relayAddresses: ['203.0.113.1'] });
    const c = new TestClient(h);
    expect(c.allocate((w) => encodeRequestedAddressFamily(w, 6)).code).toBe(440);
    expect(c.allocate((w) => w.raw(Attr.REQUESTED_ADDRESS_FAMILY, Buffer.from([9, 0, 0, 0]))).code).toBe(440);
  });

  it('behind 1:1 NAT the announced address goes in XOR-RELAYED-ADDRESS; the bound one is used', () => {
    const h = new Harness({ announce: new Map([['203.0.113.1', '198.51.100.99']]) });
    const a = new TestClient(h).allocate();
    expect(relayOf(a.r)?.address).toBe('198.51.100.99');
    expect(h.core.state.table.all().next().value?.relayAddress).toBe('203.0.113.1');
  });

  it('IPv6 relay when REQUESTED-ADDRESS-FAMILY asks for it', () => {
    const h = new Harness();
    const a = new TestClient(h).allocate((w) => encodeRequestedAddressFamily(w, 6));
    expect(relayOf(a.r)?.address).toBe('2001:db8::1');
  });

  it('486 past the per-user quota and past the total', () => {
    const h = new Harness({ quotas: { perUser: 2, total: 3 } });
    const codes = [1, 2, 3].map(
      (i) => new TestClient(h, 'alice', 'secret', '192.0.2.10', 41000 + i).allocate().code,
    );
    expect(codes).toEqual([0, 0, 486]);
    expect(new TestClient(h, 'bob', 'hunter2', '192.0.2.20', 1).allocate().code).toBe(0);
    expect(new TestClient(h, 'bob', 'hunter2', '192.0.2.20', 2).allocate().code).toBe(486);
  });

  it('508 when the relay port range is exhausted', () => {
    const h = new Harness({ ports: { min: 50000, max: 50001 } });
    const codes = [1, 2, 3].map(
      (i) => new TestClient(h, 'alice', 'secret', '192.0.2.10', 41000 + i).allocate().code,
    );
    expect(codes).toEqual([0, 0, 508]);
  });

  it('a relay port held by another process is skipped; all busy -> 508 and no allocation left', () => {
    const h = new Harness({ ports: { min: 50000, max: 50003 }, busyPorts: [50000, 50001, 50002] });
    const a = new TestClient(h).allocate();
    expect(relayOf(a.r)?.port).toBe(50003);
    const h2 = new Harness({ ports: { min: 50000, max: 50001 }, busyPorts: [50000, 50001] });
    expect(new TestClient(h2).allocate().code).toBe(508);
    expect(h2.core.state.table.size).toBe(0);
    expect(h2.core.state.ports.allocated).toBe(0);
    expect(h2.events).toEqual([]);
  });

  it('LIFETIME is clamped to the maximum, and raised to the default', () => {
    const h = new Harness();
    const long = new TestClient(h, 'alice', 'secret', '192.0.2.10', 1).allocate((w) =>
      encodeLifetime(w, 7200),
    );
    expect(decodeLifetime(long.r, long.r.find(Attr.LIFETIME))).toBe(3600);
    const short = new TestClient(h, 'alice', 'secret', '192.0.2.10', 2).allocate((w) =>
      encodeLifetime(w, 10),
    );
    expect(decodeLifetime(short.r, short.r.find(Attr.LIFETIME))).toBe(600);
  });

  it('EVEN-PORT with R reserves port + 1 behind a RESERVATION-TOKEN that a second Allocate redeems', () => {
    const h = new Harness();
    const c1 = new TestClient(h, 'alice', 'secret', '192.0.2.10', 1);
    const a1 = c1.allocate((w) => w.raw(Attr.EVEN_PORT, Buffer.from([0x80])));
    const p = relayOf(a1.r)!.port;
    expect(p % 2).toBe(0);
    const token = decodeReservationToken(a1.r, a1.r.find(Attr.RESERVATION_TOKEN))!;
    expect(token).toMatch(/^[0-9a-f]{16}$/);
    const c2 = new TestClient(h, 'alice', 'secret', '192.0.2.10', 2);
    const a2 = c2.allocate((w) => w.raw(Attr.RESERVATION_TOKEN, Buffer.from(token, 'hex')));
    expect(relayOf(a2.r)!.port).toBe(p + 1);
    // the socket held for the reserved port went to the new allocation (nothing closed)
    expect(h.closedReservations).toEqual([]);
    // a token works once
    const c3 = new TestClient(h, 'alice', 'secret', '192.0.2.10', 3);
    expect(c3.allocate((w) => w.raw(Attr.RESERVATION_TOKEN, Buffer.from(token, 'hex'))).code).toBe(508);
    // token with EVEN-PORT is a 400
    const c4 = new TestClient(h, 'alice', 'secret', '192.0.2.10', 4);
    expect(
      c4.allocate((w) => {
        w.raw(Attr.RESERVATION_TOKEN, Buffer.from(token, 'hex'));
        w.raw(Attr.EVEN_PORT, Buffer.from([0]));
      }).code,
    ).toBe(400);
  });

  it('an unredeemed reservation expires after 30 s and frees its port', () => {
    const h = new Harness();
    new TestClient(h).allocate((w) => w.raw(Attr.EVEN_PORT, Buffer.from([0x80])));
    expect(h.core.state.ports.allocated).toBe(2);
    h.advance(31_000);
    expect(h.core.state.ports.allocated).toBe(1);
    expect(h.core.state.reservations.size).toBe(0);
    expect(h.closedReservations.length).toBe(1); // and the socket held for it is closed
  });

  it('MESSAGE-INTEGRITY-SHA256 with PASSWORD-ALGORITHM SHA-256; the answer is signed the same way', () => {
    const h = new Harness();
    const c = new TestClient(h);
    c.sha256 = true;
    const a = c.allocate();
    expect(a.code).toBe(0);
    expect(verifyMessageIntegritySha256(a.r, c.key)).toBe(true);
    expect(a.r.integrity).toBe(-1);
  });

  it('400 when PASSWORD-ALGORITHM comes without our PASSWORD-ALGORITHMS', () => {
    const h = new Harness();
    const c = new TestClient(h);
    c.allocate();
    const c2 = new TestClient(h, 'alice', 'secret', '192.0.2.10', 2);
    c2.realm = c.realm;
    c2.nonce = c.nonce;
    const w = c2.w.begin(0x0003, newTid());
    encodeRequestedTransport(w, 17);
    w.utf8(Attr.USERNAME, 'alice').utf8(Attr.REALM, c.realm).utf8(Attr.NONCE, c.nonce);
    w.u32(Attr.PASSWORD_ALGORITHM, 2 << 16);
    w.integrity(c2.key);
    expect(c2.send(w.finish())[0]!.code).toBe(400);
  });

  it('REST credentials: valid ones allocate (any of several secrets); expired ones get 401', () => {
    const h = new Harness({ users: {}, secrets: ['old-secret', 'new-secret'] });
    const good = makeRestCredentials('old-secret', 'viewer', 60, h.now);
    expect(new TestClient(h, good.username, good.password, '192.0.2.10', 1).allocate().code).toBe(0);
    const expired = makeRestCredentials('new-secret', 'viewer', 60, h.now - 120_000);
    expect(new TestClient(h, expired.username, expired.password, '192.0.2.10', 2).allocate().code).toBe(401);
    expect(h.core.auth.failures.get('expired')).toBe(1);
  });

  it("the Observer's getPassword: the request waits for the answer, then proceeds", () => {
    const h = new Harness({ users: {}, observerLookup: true });
    const c = new TestClient(h, 'dyn', 'pw');
    const first = c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), false))[0]!;
    expect(first.code).toBe(401);
    c.realm = 'camrelay.test';
    c.nonce = decodeNonce(first.r, first.r.find(Attr.NONCE))!;
    expect(c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17)))).toEqual([]);
    expect(h.lookups).toEqual(['dyn']);
    const before = h.replies.length;
    h.process(h.core.handle({ kind: 'password', username: 'dyn', password: 'pw' }));
    expect(h.replies.length).toBe(before + 1);
    expect(h.core.state.table.size).toBe(1);
    // an unknown user (null) gets 401
    const c2 = new TestClient(h, 'ghost', 'pw', '192.0.2.10', 2);
    c2.realm = c.realm;
    c2.nonce = c.nonce;
    c2.send(c2.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17)));
    h.process(h.core.handle({ kind: 'password', username: 'ghost', password: null }));
    expect(h.replies.length).toBe(before + 2);
    expect(h.core.out.answers.get(401)).toBeGreaterThanOrEqual(2);
  });

  it('401s are rate limited per source IP', () => {
    const h = new Harness({
      rateLimiter: new RateLimiter({ perSecond: 1, burst: 2 }, { perSecond: 100, burst: 100 }),
    });
    const c = new TestClient(h);
    const req = () =>
      c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), false)).length;
    expect([req(), req(), req()]).toEqual([1, 1, 0]);
    expect(h.drops('rate-limited')).toBe(1);
  });
});
