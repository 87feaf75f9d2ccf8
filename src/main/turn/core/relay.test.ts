// Permissions, channels, Send/Data indications, ChannelData, lifetimes and the close paths,
// through the pure core with a fake clock: 400 403 437 441 443 and every way an allocation ends.
import { describe, expect, it } from 'vitest';
import { encodeChannelNumber } from '../stun/attributes/channel-number';
import { decodeData } from '../stun/attributes/data';
import { encodeLifetime } from '../stun/attributes/lifetime';
import { decodeXorAddress, encodeXorAddress } from '../stun/attributes/xor-address';
import { Attr, messageType, StunClass, StunMethod } from '../stun/constants';
import type { Allocation } from './allocation';
import { Harness, newTid, parse, TestClient } from './test-harness';

const PEER = '198.51.100.7';

function setup(policy = {}) {
  const h = new Harness({ policy });
  const c = new TestClient(h);
  expect(c.allocate().code).toBe(0);
  const a = h.core.state.table.all().next().value as Allocation;
  return { h, c, a };
}

const permit = (c: TestClient, ...peers: { address: string; port: number }[]) =>
  c.request(StunMethod.createPermission, (w) => {
    for (const p of peers) encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, p);
  });

const bind = (c: TestClient, channel: number, peer: { address: string; port: number }) =>
  c.request(StunMethod.channelBind, (w) => {
    encodeChannelNumber(w, channel);
    encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, peer);
  });

function sendIndication(c: TestClient, peer: { address: string; port: number }, data: Buffer): Buffer {
  const w = c.w.begin(messageType(StunMethod.send, StunClass.indication), newTid());
  encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, peer);
  w.raw(Attr.DATA, data);
  return w.finish();
}

function channelData(channel: number, data: Buffer, pad = 0): Buffer {
  const b = Buffer.alloc(4 + data.length + pad);
  b.writeUInt16BE(channel, 0);
  b.writeUInt16BE(data.length, 2);
  data.copy(b, 4);
  return b;
}

describe('CreatePermission', () => {
  it('400 with no peer, 443 for another family, 403 for forbidden peers (all or nothing)', () => {
    const { h, c, a } = setup();
    expect(c.request(StunMethod.createPermission).code).toBe(400);
    expect(permit(c, { address: '2001:db8::9', port: 1 }).code).toBe(443);
    expect(permit(c, { address: PEER, port: 1 }, { address: '127.0.0.1', port: 1 }).code).toBe(403);
    expect(permit(c, { address: '169.254.169.254', port: 80 }).code).toBe(403);
    expect(permit(c, { address: '::ffff:10.0.0.1', port: 80 }).code).toBe(443);
    expect(a.perms.size).toBe(0);
    expect(h.core.state.peerRefusals).toBe(2);
    const ok = permit(c, { address: PEER, port: 1 }, { address: '198.51.100.8', port: 2 });
    expect(ok.code).toBe(0);
    expect([...a.perms.keys()]).toEqual([PEER, '198.51.100.8']);
    expect(h.events.at(-1)).toMatchObject({ type: 'createPermission', peers: [PEER, '198.51.100.8'] });
  });

  it('relays both ways once permitted (per IP, any port), Data indications to the client', () => {
    const { h, c, a } = setup();
    expect(h.fromPeer(a, PEER, 9, Buffer.from('early'))).toEqual([]);
    expect(h.drops('no-permission')).toBe(1);
    c.send(sendIndication(c, { address: PEER, port: 5000 }, Buffer.from('lost')));
    expect(h.relayed).toEqual([]);
    permit(c, { address: PEER, port: 1 });
    c.send(sendIndication(c, { address: PEER, port: 5000 }, Buffer.from('hello')));
    expect(h.relayed.map((r) => [r.address, r.port, r.bytes.toString()])).toEqual([[PEER, 5000, 'hello']]);
    const [ind] = h.fromPeer(a, PEER, 6000, Buffer.from('world!'));
    const d = parse(ind!.bytes);
    expect(d.r.type).toBe(0x0017);
    expect(decodeXorAddress(d.r, d.r.find(Attr.XOR_PEER_ADDRESS))).toEqual({
      family: 4,
      address: PEER,
      port: 6000,
    });
    expect(decodeData(d.r, d.r.find(Attr.DATA)).toString()).toBe('world!');
    expect(ind!.address).toBe('192.0.2.10');
    // the cached encoding follows a change of peer port
    const [ind2] = h.fromPeer(a, PEER, 6001, Buffer.from('x'));
    expect(
      decodeXorAddress(parse(ind2!.bytes).r, parse(ind2!.bytes).r.find(Attr.XOR_PEER_ADDRESS))?.port,
    ).toBe(6001);
    expect(a.packetsToPeer).toBe(1);
    expect(a.bytesFromPeer).toBe(7);
  });

  it('permissions expire after 300 s unless refreshed', () => {
    const { h, c, a } = setup();
    permit(c, { address: PEER, port: 1 });
    h.advance(250_000);
    permit(c, { address: PEER, port: 1 });
    h.advance(250_000);
    expect(h.fromPeer(a, PEER, 1, Buffer.from('a')).length).toBe(1);
    h.advance(60_000);
    expect(a.perms.size).toBe(0);
    expect(h.core.state.permissionCount).toBe(0);
    expect(h.fromPeer(a, PEER, 1, Buffer.from('a'))).toEqual([]);
  });

  it('437 without an allocation; 441 when another user asks on the allocation', () => {
    const h = new Harness();
    const c = new TestClient(h);
    expect(permit(c, { address: PEER, port: 1 }).code).toBe(437);
    expect(c.allocate().code).toBe(0);
    const bob = new TestClient(h, 'bob', 'hunter2');
    expect(permit(bob, { address: PEER, port: 1 }).code).toBe(441);
    expect(bob.request(StunMethod.refresh).code).toBe(441);
  });
});

describe('ChannelBind and ChannelData', () => {
  it('binds, relays ChannelData both ways, and installs the permission', () => {
    const { h, c, a } = setup();
    expect(bind(c, 0x4000, { address: PEER, port: 7000 }).code).toBe(0);
    expect(a.perms.has(PEER)).toBe(true);
    expect(h.events.at(-1)).toMatchObject({ type: 'channelBind', channel: 0x4000, peer: `${PEER}:7000` });
    h.fromClient(channelData(0x4000, Buffer.from('abc'), 1));
    expect(h.relayed.map((r) => [r.address, r.port, r.bytes.toString()])).toEqual([[PEER, 7000, 'abc']]);
    const [back] = h.fromPeer(a, PEER, 7000, Buffer.from('hello'));
    expect(back!.bytes.toString('hex')).toBe(`40000005${Buffer.from('hello').toString('hex')}`);
    // another port of the same peer has no channel: Data indication
    const [ind] = h.fromPeer(a, PEER, 7001, Buffer.from('x'));
    expect(parse(ind!.bytes).r.type).toBe(0x0017);
  });

  it('RFC 8656 strict range: 0x5000-0x7FFF refused; RFC 5766 range (default) accepted', () => {
    const strict = new Harness({ channelMax: 0x4fff });
    const c = new TestClient(strict);
    c.allocate();
    expect(bind(c, 0x5000, { address: PEER, port: 1 }).code).toBe(400);
    strict.fromClient(channelData(0x6000, Buffer.from('x')));
    expect(strict.drops('channel-number-reserved')).toBe(1);
    const { c: legacy } = setup();
    expect(bind(legacy, 0x7fff, { address: PEER, port: 1 }).code).toBe(0);
  });

  it('400 for numbers outside the range and for breaking the one-to-one rule; rebinding refreshes', () => {
    const { c } = setup();
    expect(bind(c, 0x3fff, { address: PEER, port: 1 }).code).toBe(400);
    expect(bind(c, 0x8000, { address: PEER, port: 1 }).code).toBe(400);
    expect(bind(c, 0x4001, { address: PEER, port: 1 }).code).toBe(0);
    expect(bind(c, 0x4001, { address: PEER, port: 2 }).code).toBe(400);
    expect(bind(c, 0x4002, { address: PEER, port: 1 }).code).toBe(400);
    expect(bind(c, 0x4001, { address: PEER, port: 1 }).code).toBe(0);
    expect(bind(c, 0x4002, { address: '127.0.0.1', port: 1 }).code).toBe(403);
    expect(bind(c, 0x4002, { address: '2001:db8::2', port: 1 }).code).toBe(443);
    expect(c.request(StunMethod.channelBind, (w) => encodeChannelNumber(w, 0x4003)).code).toBe(400);
  });

  it('ChannelData: unknown channel, reserved numbers, bad lengths are counted drops', () => {
    const { h, c } = setup();
    bind(c, 0x4000, { address: PEER, port: 1 });
    h.fromClient(channelData(0x4001, Buffer.from('x')));
    h.fromClient(channelData(0x6000, Buffer.from('x')));
    h.fromClient(Buffer.from('80000000', 'hex'));
    const short = channelData(0x4000, Buffer.from('xyz'));
    short.writeUInt16BE(10, 2);
    h.fromClient(short);
    h.fromClient(channelData(0x4000, Buffer.from('x')), '192.0.2.99', 1);
    expect(h.drops('no-channel')).toBe(2);
    expect(h.drops('not-stun-or-channel-data')).toBe(1);
    expect(h.drops('channel-data-length')).toBe(1);
    expect(h.drops('no-allocation')).toBe(1);
    expect(h.relayed).toEqual([]);
  });

  it('channels expire after 600 s; the peer falls back to Data indications', () => {
    const { h, c, a } = setup();
    bind(c, 0x4000, { address: PEER, port: 1 });
    for (let t = 0; t < 3; t++) {
      h.advance(200_000);
      permit(c, { address: PEER, port: 1 });
      expect(c.request(StunMethod.refresh).code).toBe(0);
    }
    expect(a.channelsByNumber.size).toBe(0);
    expect(h.core.state.channelCount).toBe(0);
    const [ind] = h.fromPeer(a, PEER, 1, Buffer.from('x'));
    expect(parse(ind!.bytes).r.type).toBe(0x0017);
  });

  it('over TCP, ChannelData to the client is padded to 4 bytes', () => {
    const h = new Harness();
    const conn = h.core.openConn(1, '192.0.2.50', 5555);
    const c = new TestClient(h, 'alice', 'secret', '192.0.2.50', 5555, conn);
    expect(c.allocate().code).toBe(0);
    bind(c, 0x4000, { address: PEER, port: 1 });
    const [back] = h.fromPeer(conn.allocation!, PEER, 1, Buffer.from('hello'));
    expect(back!.bytes.length).toBe(12);
    expect(back!.conn).toBe(conn);
    expect(conn.allocation!.session.transport).toBe('tcp');
  });
});

describe('lifetimes and closing', () => {
  it('Refresh extends, LIFETIME 0 deletes (closed once), a retransmitted delete gets 437', () => {
    const { h, c } = setup();
    expect(c.request(StunMethod.refresh, (w) => encodeLifetime(w, 1200)).code).toBe(0);
    expect(h.events.at(-1)).toMatchObject({ type: 'refresh', lifetime: 1200 });
    h.advance(1100_000);
    expect(h.core.state.table.size).toBe(1);
    expect(c.request(StunMethod.refresh, (w) => encodeLifetime(w, 1200)).code).toBe(0); // new nonce
    const del = c.build(StunMethod.refresh, (w) => encodeLifetime(w, 0));
    expect(c.send(del)[0]!.code).toBe(0);
    expect(h.events.filter((e) => e.type === 'closed')).toMatchObject([
      { reason: 'refresh-zero', username: 'alice' },
    ]);
    expect(h.parkedRelays.length).toBe(1); // its socket is kept for reuse a little while
    expect(c.send(del)[0]!.code).toBe(437);
    h.advance(11_000);
    expect(h.closedParked.length).toBe(1);
    expect(h.core.state.ports.allocated).toBe(0);
  });

  it("a closed allocation's relay socket goes to the next plain Allocate, not to EVEN-PORT ones", () => {
    const { h, c, a } = setup();
    const port = a.relayPort;
    expect(c.request(StunMethod.refresh, (w) => encodeLifetime(w, 0)).code).toBe(0);
    const even = new TestClient(h, 'alice', 'secret', '192.0.2.10', 2);
    even.allocate((w) => w.raw(Attr.EVEN_PORT, Buffer.from([0])));
    expect(h.core.state.spareRelays.length).toBe(1);
    const next = new TestClient(h, 'bob', 'hunter2', '192.0.2.11', 3);
    const r = next.allocate();
    expect(decodeXorAddress(r.r, r.r.find(Attr.XOR_RELAYED_ADDRESS))?.port).toBe(port);
    expect(h.core.state.spareRelays.length).toBe(0);
    expect(h.closedRelays.length).toBe(0);
    // stop closes every socket: the parked one and those of the two live allocations
    const last = new TestClient(h, 'bob', 'hunter2', '192.0.2.11', 4);
    last.allocate();
    last.request(StunMethod.refresh, (w) => encodeLifetime(w, 0));
    h.process(h.core.handle({ kind: 'stop' }));
    expect(h.closedParked.length + h.closedRelays.length).toBe(3);
    expect(h.core.state.spareRelays.length).toBe(0);
    expect(h.core.state.ports.allocated).toBe(0);
  });

  it('parked sockets give their ports back rather than a 508', () => {
    const h = new Harness({ ports: { min: 50000, max: 50000 } });
    const c = new TestClient(h);
    c.allocate();
    c.request(StunMethod.refresh, (w) => encodeLifetime(w, 0));
    expect(h.core.state.spareRelays.length).toBe(1);
    // EVEN-PORT cannot use the parked socket, and the range has no other port
    const r = new TestClient(h, 'bob', 'hunter2', '192.0.2.11', 2).allocate((w) =>
      w.raw(Attr.EVEN_PORT, Buffer.from([0])),
    );
    expect(r.code).toBe(0);
    expect(h.closedParked.length).toBe(1);
  });

  it('an allocation expires at its lifetime: closed with reason expired', () => {
    const { h } = setup();
    h.advance(599_000);
    expect(h.core.state.table.size).toBe(1);
    h.advance(2_000);
    expect(h.core.state.table.size).toBe(0);
    expect(h.events.at(-1)).toMatchObject({ type: 'closed', reason: 'expired' });
  });

  it('deleteAllocation, stop and a closed TCP connection each fire closed once', () => {
    const { h, a } = setup();
    h.process(h.core.handle({ kind: 'delete', id: a.id }));
    h.process(h.core.handle({ kind: 'delete', id: a.id }));
    expect(h.events.filter((e) => e.type === 'closed')).toMatchObject([{ reason: 'deleted' }]);
    const c2 = new TestClient(h, 'alice', 'secret', '192.0.2.10', 2);
    const c3 = new TestClient(h, 'bob', 'hunter2', '192.0.2.10', 3);
    c2.allocate();
    c3.allocate();
    h.process(h.core.handle({ kind: 'stop' }));
    expect(h.events.filter((e) => e.type === 'closed' && e.reason === 'stopped').length).toBe(2);
    const conn = h.core.openConn(1, '192.0.2.50', 5555);
    new TestClient(h, 'alice', 'secret', '192.0.2.50', 5555, conn).allocate();
    h.process(h.core.handle({ kind: 'conn-closed', conn }));
    expect(h.events.at(-1)).toMatchObject({ type: 'closed', reason: 'connection-closed' });
    expect(h.core.state.table.size).toBe(0);
  });

  it('bandwidth limit: bytes past the per-second budget are dropped, the next second passes', () => {
    const h = new Harness({ bandwidth: 1000 });
    const c = new TestClient(h);
    c.allocate();
    const a = h.core.state.table.all().next().value as Allocation;
    bind(c, 0x4000, { address: PEER, port: 1 });
    for (let i = 0; i < 5; i++) h.fromClient(channelData(0x4000, Buffer.alloc(300)));
    expect(h.relayed.length).toBe(3);
    expect(h.drops('bandwidth-limit')).toBe(2);
    h.advance(1000);
    h.fromClient(channelData(0x4000, Buffer.alloc(300)));
    expect(h.relayed.length).toBe(4);
    expect(a.dropped).toBe(2);
  });
});
