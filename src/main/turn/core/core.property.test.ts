// Any bytes from any client or peer: an answer or a counted drop, never a throw, and state that
// stays bounded however long the stream of garbage (and of almost-valid messages) is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeChannelNumber } from '../stun/attributes/channel-number';
import { encodeLifetime } from '../stun/attributes/lifetime';
import { decodeNonce } from '../stun/attributes/nonce';
import { encodeRequestedTransport } from '../stun/attributes/requested-transport';
import { encodeXorAddress } from '../stun/attributes/xor-address';
import { Attr, StunMethod } from '../stun/constants';
import type { Allocation } from './allocation';
import { Harness, TestClient } from './test-harness';

function validMessages(h: Harness): Buffer[] {
  const c = new TestClient(h);
  c.allocate();
  const peer = { address: '198.51.100.7', port: 7000 };
  return [
    c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17)),
    c.build(StunMethod.createPermission, (w) => encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, peer)),
    c.build(StunMethod.channelBind, (w) => {
      encodeChannelNumber(w, 0x4000);
      encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, peer);
    }),
    c.build(StunMethod.refresh, (w) => encodeLifetime(w, 0)),
    c.build(StunMethod.binding, undefined, false),
    Buffer.from('40000004deadbeef', 'hex'),
  ];
}

const source = fc.record({
  address: fc.oneof(fc.constant('192.0.2.10'), fc.ipV4(), fc.ipV6()),
  port: fc.integer({ min: 1, max: 65535 }),
  tcp: fc.boolean(),
});

describe('core under arbitrary input', () => {
  it('random bytes and mutated valid messages never throw; state stays bounded', () => {
    const h = new Harness({
      quotas: { perUser: 5, total: 20 },
      observerLookup: true,
      users: { alice: 'secret' },
    });
    const valid = validMessages(h);
    const conns = [h.core.openConn(1, '192.0.2.10', 40000), h.core.openConn(1, '192.0.2.11', 1)];
    const packet = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc
        .tuple(
          fc.constantFrom(...valid),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
          fc.nat(),
        )
        .map(([m, flips, cut]) => {
          const b = Buffer.from(m);
          for (const [i, v] of flips) b[i % b.length] = v;
          return cut % 5 === 0 ? b.subarray(0, cut % b.length) : b;
        }),
      fc.constantFrom(...valid),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(source, packet, fc.nat(2000)), { minLength: 1, maxLength: 60 }),
        (steps) => {
          for (const [src, data, dt] of steps) {
            const conn = src.tcp ? conns[src.port % 2] : undefined;
            // every packet: an answer, a relayed datagram, a counted drop, or a wait for a password
            const accounted = () =>
              h.replies.length +
              h.relayed.length +
              h.core.out.drops.reduce((x, y) => x + y, 0) +
              h.core.parkedTotal;
            const before = accounted();
            h.fromClient(
              data,
              conn ? conn.address : src.address,
              conn ? conn.port : src.port,
              conn,
              conn ? 1 : 0,
            );
            expect(accounted()).toBeGreaterThan(before);
            if (dt > 1900) h.advance(dt * 100);
            for (const a of [...h.core.state.table.all()] as Allocation[])
              h.fromPeer(a, src.address, src.port, data);
          }
          expect(h.core.state.table.size).toBeLessThanOrEqual(20);
          expect(h.core.state.heap.size).toBeLessThan(10_000);
          expect(h.lookups.length).toBeLessThanOrEqual(h.replies.length + 1000);
        },
      ),
      { numRuns: 300 },
    );
    const totalDrops = h.core.out.drops.reduce((x, y) => x + y, 0);
    expect(totalDrops).toBeGreaterThan(0);
    expect(h.replies.length).toBeGreaterThan(0);
  });

  it('a flood of requests for unknown users parks at most the configured number', () => {
    const h = new Harness({ users: {}, observerLookup: true, maxParked: 16 });
    const seed = new TestClient(h, 'u0', 'x');
    const [challenge] = seed.send(
      seed.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), false),
    );
    seed.realm = 'camrelay.test';
    seed.nonce = decodeNonce(challenge!.r, challenge!.r.find(Attr.NONCE))!;
    for (let i = 0; i < 500; i++) {
      const c = new TestClient(h, `user${i}`, 'x', '192.0.2.10', 1000 + i);
      c.realm = seed.realm;
      c.nonce = seed.nonce;
      c.send(c.build(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17)));
    }
    expect(h.lookups.length).toBeLessThanOrEqual(16);
    expect(h.drops('auth-queue-full')).toBeGreaterThan(400);
  });
});
