// The data path: ChannelData and Send indications from clients, datagrams from peers. These run
// per packet, so they build no closures, no string keys and no Maps; the actions they push are
// the core's two reusable objects. Permissions are checked both ways; expired bindings that
// the coarse tick has not reaped yet are already refused here.
import { Attr, MAGIC_COOKIE, messageType, StunClass, StunMethod } from '../stun/constants';
import type { Allocation } from './allocation';
import { PeerCache } from './peer-cache';
import type { TurnRequest } from './request';
import type { CoreParts } from './state';

const DATA_INDICATION = messageType(StunMethod.data, StunClass.indication); // 0x0017

function overBudget(c: CoreParts, a: Allocation, len: number, out: boolean): boolean {
  const limit = c.state.bandwidth;
  if (limit === 0) return false;
  const now = c.state.nowMs;
  if (now - a.windowStart >= 1000) {
    a.windowStart = now;
    a.windowOut = 0;
    a.windowIn = 0;
  }
  if (out) {
    if (a.windowOut + len > limit) return true;
    a.windowOut += len;
  } else {
    if (a.windowIn + len > limit) return true;
    a.windowIn += len;
  }
  return false;
}

function toPeer(c: CoreParts, a: Allocation, ip: string, port: number, data: Buffer): void {
  const out = c.out;
  const perm = a.perms.get(ip);
  if (perm === undefined || perm.expiresAt <= c.state.nowMs) {
    a.dropped++;
    out.drop('no-permission');
    return;
  }
  if (a.peerPorts !== undefined && !a.peerPorts.has(port)) {
    a.dropped++;
    out.drop('peer-port-refused');
    return;
  }
  if (overBudget(c, a, data.length, true)) {
    a.dropped++;
    out.drop('bandwidth-limit');
    return;
  }
  a.bytesToPeer += data.length;
  a.packetsToPeer++;
  const act = out.relayOut;
  act.allocation = a;
  act.address = ip;
  act.port = port;
  act.data = data;
  out.push(act);
}

/** ChannelData from a client: 4-byte header (channel, length), data, padding ignored. */
export function channelDataFromClient(
  c: CoreParts,
  a: Allocation | undefined,
  data: Buffer,
  stream: boolean,
): void {
  const out = c.out;
  const channel = (data[0]! << 8) | data[1]!;
  if (channel > c.state.channelMax) {
    out.drop('channel-number-reserved');
    return;
  }
  const len = (data[2]! << 8) | data[3]!;
  if (4 + len > data.length || (stream && data.length > 4 + len + 3)) {
    out.drop('channel-data-length');
    return;
  }
  if (a === undefined || a.state !== 'active') {
    out.drop('no-allocation');
    return;
  }
  const ch = a.channelsByNumber.get(channel);
  if (ch === undefined || ch.expiresAt <= c.state.nowMs) {
    a.dropped++;
    out.drop('no-channel');
    return;
  }
  toPeer(c, a, ch.ip, ch.port, data.subarray(4, 4 + len));
}

/** Send indication: XOR-PEER-ADDRESS + DATA to a permitted peer; anything wrong is a drop. */
export function sendIndication(req: TurnRequest, c: CoreParts): void {
  const out = c.out;
  const r = req.msg;
  const a = req.allocation;
  if (a === undefined || a.state !== 'active') {
    out.drop('no-allocation');
    return;
  }
  const ip = r.find(Attr.XOR_PEER_ADDRESS);
  const id = r.find(Attr.DATA);
  if (ip < 0 || id < 0) {
    out.drop('send-malformed');
    return;
  }
  const off = r.valueOffset(ip);
  const len = r.valueLength(ip);
  const b = r.buf;
  const family = b[off + 1];
  if (
    !(family === 0x01 && len === 8 && a.family === 4) &&
    !(family === 0x02 && len === 20 && a.family === 6)
  ) {
    out.drop('send-malformed');
    return;
  }
  // For IPv4 the XOR'd bytes depend on the cookie only: the decoding is cached per allocation.
  a.peers ??= new PeerCache();
  const peers = a.peers;
  peers.sendPeer(b, off, len, family === 0x01);
  toPeer(c, a, peers.sendIp, peers.sendPort, r.value(id));
}

/** A datagram from a peer: ChannelData when a channel is bound to it, else a Data indication. */
export function dataFromPeer(c: CoreParts, a: Allocation, ip: string, port: number, data: Buffer): void {
  const out = c.out;
  if (a.state !== 'active') {
    out.drop('relay-closed');
    return;
  }
  const now = c.state.nowMs;
  const perm = a.perms.get(ip);
  if (perm === undefined || perm.expiresAt <= now) {
    a.dropped++;
    out.drop('no-permission');
    return;
  }
  if (a.peerPorts !== undefined && !a.peerPorts.has(port)) {
    a.dropped++;
    out.drop('peer-port-refused');
    return;
  }
  const len = data.length;
  if (overBudget(c, a, len, false)) {
    a.dropped++;
    out.drop('bandwidth-limit');
    return;
  }
  const act = out.replyOut;
  const byPort = a.channelsByPeer.get(ip);
  const ch = byPort === undefined ? undefined : byPort.get(port);
  const pad = (4 - (len & 3)) & 3;
  if (ch !== undefined && ch.expiresAt > now) {
    const head = Buffer.allocUnsafe(4);
    head[0] = ch.number >> 8;
    head[1] = ch.number & 0xff;
    head[2] = len >> 8;
    head[3] = len & 0xff;
    act.head = head;
    act.pad = a.conn !== undefined ? pad : 0;
  } else {
    a.peers ??= new PeerCache();
    const peers = a.peers;
    peers.dataPeer(ip, port, a.init.indicationTid);
    const alen = peers.dataAttrLen;
    const bodyLen = alen + 4 + len + pad;
    if (bodyLen > 0xffff) {
      a.dropped++;
      out.drop('send-malformed');
      return;
    }
    const head = Buffer.allocUnsafe(20 + alen + 4);
    head[0] = DATA_INDICATION >> 8;
    head[1] = DATA_INDICATION & 0xff;
    head[2] = bodyLen >> 8;
    head[3] = bodyLen & 0xff;
    head.writeUInt32BE(MAGIC_COOKIE, 4);
    a.init.indicationTid.copy(head, 8);
    peers.dataAttr.copy(head, 20, 0, alen);
    const d = 20 + alen;
    head[d] = Attr.DATA >> 8;
    head[d + 1] = Attr.DATA & 0xff;
    head[d + 2] = len >> 8;
    head[d + 3] = len & 0xff;
    act.head = head;
    act.pad = pad;
  }
  a.bytesFromPeer += len;
  a.packetsFromPeer++;
  act.listener = a.listener;
  act.address = a.session.address;
  act.port = a.session.port;
  act.conn = a.conn;
  act.body = data;
  out.push(act);
}
