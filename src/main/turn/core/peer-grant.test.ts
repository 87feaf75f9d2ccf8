// PeerGrant: a per-user exception to the peer policy. camrelay's share credentials reach
// camrelay's own WebRTC port on loopback and nothing else; every other user keeps the policy.
import { describe, expect, it } from 'vitest';
import { encodeChannelNumber } from '../stun/attributes/channel-number';
import { encodeXorAddress } from '../stun/attributes/xor-address';
import { Attr, messageType, StunClass, StunMethod } from '../stun/constants';
import type { Allocation } from './allocation';
import { Harness, newTid, TestClient } from './test-harness';

const OWN = '127.0.0.1';
const WEBRTC_PORT = 50_000;
const grant = (username: string, ip: string) =>
  username === 'bob' ? (ip === OWN ? new Set([WEBRTC_PORT]) : false) : undefined;

function setup(username: string, password: string) {
  const h = new Harness({ peerGrant: grant });
  const c = new TestClient(h, username, password);
  expect(c.allocate().code).toBe(0);
  const a = [...h.core.state.table.all()].find((x) => x.username === username) as Allocation;
  return { h, c, a };
}

const permit = (c: TestClient, address: string, port = 1) =>
  c.request(StunMethod.createPermission, (w) =>
    encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, { address, port }),
  );

function send(c: TestClient, address: string, port: number, data: string): void {
  const w = c.w.begin(messageType(StunMethod.send, StunClass.indication), newTid());
  encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, { address, port });
  w.raw(Attr.DATA, Buffer.from(data));
  c.send(w.finish());
}

describe('PeerGrant', () => {
  it('lets a granted user reach exactly the granted port of its own address', () => {
    const { h, c, a } = setup('bob', 'hunter2');
    expect(permit(c, OWN).code).toBe(0);
    send(c, OWN, WEBRTC_PORT, 'media');
    send(c, OWN, 22, 'ssh?');
    expect(h.relayed.map((r) => [r.port, r.bytes.toString()])).toEqual([[WEBRTC_PORT, 'media']]);
    expect(h.drops('peer-port-refused')).toBe(1);
    expect(h.fromPeer(a, OWN, 22, Buffer.from('x'))).toEqual([]);
    expect(h.fromPeer(a, OWN, WEBRTC_PORT, Buffer.from('y'))).toHaveLength(1);
    const bound = c.request(StunMethod.channelBind, (w) => {
      encodeChannelNumber(w, 0x4001);
      encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, { address: OWN, port: WEBRTC_PORT });
    });
    expect(bound.code).toBe(0);
  });

  it('refuses every other peer of a granted user, public ones included', () => {
    const { c, a } = setup('bob', 'hunter2');
    expect(permit(c, '198.51.100.7').code).toBe(403);
    expect(permit(c, '10.0.0.1').code).toBe(403);
    expect(permit(c, '127.0.0.2').code).toBe(403);
    expect(a.perms.size).toBe(0);
  });

  it('keeps the peer policy for users the grant does not name', () => {
    const { h, c } = setup('alice', 'secret');
    expect(permit(c, OWN).code).toBe(403);
    expect(permit(c, '198.51.100.7').code).toBe(0);
    send(c, '198.51.100.7', 22, 'any port');
    expect(h.relayed).toHaveLength(1);
  });
});
