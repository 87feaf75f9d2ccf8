// The data path: ChannelData and Send indications from clients, datagrams from peers. These run
// per packet, so they build no closures, no string keys and no Maps; the actions they push are
// the core's two reusable objects. Permissions are checked both ways; expired bindings that
// the coarse tick has not reaped yet are already refused here.
import { formatIpv4, formatIpv6, writeIp } from '../stun/address';
import { Attr, MAGIC_COOKIE, messageType, StunClass, StunMethod } from '../stun/constants';
import type { Allocation } from './allocation';
import type { TurnCore } from './core';

const DATA_INDICATION = messageType(StunMethod.data, StunClass.indication); // 0x0017
const COOKIE_HI = MAGIC_COOKIE >>> 16;

function overBudget(core: TurnCore, a: Allocation, len: number, out: boolean): boolean {
  const limit = core.bandwidth;
  if (limit === 0) return false;
  const now = core.nowMs;
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

function toPeer(core: TurnCore, a: Allocation, ip: string, port: number, data: Buffer): void {
  const perm = a.perms.get(ip);
  if (perm === undefined || perm.expiresAt <= core.nowMs) {
    a.dropped++;
    core.drop('no-permission');
    return;
  }
  if (a.peerPorts !== undefined && !a.peerPorts.has(port)) {
    a.dropped++;
    core.drop('peer-port-refused');
    return;
  }
  if (overBudget(core, a, data.length, true)) {
    a.dropped++;
    core.drop('bandwidth-limit');
    return;
  }
  a.bytesToPeer += data.length;
  a.packetsToPeer++;
  const act = core.relayOut;
  act.allocation = a;
  act.address = ip;
  act.port = port;
  act.data = data;
  core.push(act);
}

/** ChannelData from a client: 4-byte header (channel, length), data, padding ignored. */
export function channelDataFromClient(
  core: TurnCore,
  a: Allocation | undefined,
  data: Buffer,
  stream: boolean,
): void {
  const channel = (data[0]! << 8) | data[1]!;
  if (channel > core.channelMax) {
    core.drop('channel-number-reserved');
    return;
  }
  const len = (data[2]! << 8) | data[3]!;
  if (4 + len > data.length || (stream && data.length > 4 + len + 3)) {
    core.drop('channel-data-length');
    return;
  }
  if (a === undefined || a.state !== 'active') {
    core.drop('no-allocation');
    return;
  }
  const c = a.channelsByNumber.get(channel);
  if (c === undefined || c.expiresAt <= core.nowMs) {
    a.dropped++;
    core.drop('no-channel');
    return;
  }
  toPeer(core, a, c.ip, c.port, data.subarray(4, 4 + len));
}

/** Send indication: XOR-PEER-ADDRESS + DATA to a permitted peer; anything wrong is a drop. */
export function sendIndication(core: TurnCore): void {
  const r = core.reader;
  const s = core.src;
  const a = s.conn !== undefined ? s.conn.allocation : core.table.udpLookup(s.listener, s.address, s.port);
  if (a === undefined || a.state !== 'active') {
    core.drop('no-allocation');
    return;
  }
  const ip = r.find(Attr.XOR_PEER_ADDRESS);
  const id = r.find(Attr.DATA);
  if (ip < 0 || id < 0) {
    core.drop('send-malformed');
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
    core.drop('send-malformed');
    return;
  }
  // For IPv4 the XOR'd bytes depend on the cookie only: cache their decoding per allocation.
  a.peerCache ??= Buffer.alloc(44);
  const x = a.peerCache;
  if (len !== a.sendPeerLen || b.compare(x, 0, len, off, off + len) !== 0) {
    b.copy(x, 0, off, off + len);
    a.sendPeerLen = family === 0x01 ? len : 0; // IPv6 also depends on the transaction id
    const n = len - 4;
    const plain = Buffer.allocUnsafe(n);
    for (let k = 0; k < n; k++) plain[k] = x[4 + k]! ^ b[4 + k]!;
    a.sendPeerIp = n === 4 ? formatIpv4(plain, 0) : formatIpv6(plain, 0);
    a.sendPeerPort = ((x[2]! << 8) | x[3]!) ^ COOKIE_HI;
  }
  toPeer(core, a, a.sendPeerIp, a.sendPeerPort, r.value(id));
}

/** A datagram from a peer: ChannelData when a channel is bound to it, else a Data indication. */
export function dataFromPeer(core: TurnCore, a: Allocation, ip: string, port: number, data: Buffer): void {
  if (a.state !== 'active') {
    core.drop('relay-closed');
    return;
  }
  const now = core.nowMs;
  const perm = a.perms.get(ip);
  if (perm === undefined || perm.expiresAt <= now) {
    a.dropped++;
    core.drop('no-permission');
    return;
  }
  if (a.peerPorts !== undefined && !a.peerPorts.has(port)) {
    a.dropped++;
    core.drop('peer-port-refused');
    return;
  }
  const len = data.length;
  if (overBudget(core, a, len, false)) {
    a.dropped++;
    core.drop('bandwidth-limit');
    return;
  }
  const act = core.replyOut;
  const byPort = a.channelsByPeer.get(ip);
  const c = byPort === undefined ? undefined : byPort.get(port);
  const pad = (4 - (len & 3)) & 3;
  if (c !== undefined && c.expiresAt > now) {
    const head = Buffer.allocUnsafe(4);
    head[0] = c.number >> 8;
    head[1] = c.number & 0xff;
    head[2] = len >> 8;
    head[3] = len & 0xff;
    act.head = head;
    act.pad = a.conn !== undefined ? pad : 0;
  } else {
    if (ip !== a.dataPeerIp || port !== a.dataPeerPort) encodeDataPeer(a, ip, port);
    const alen = a.dataPeerAttrLen;
    const bodyLen = alen + 4 + len + pad;
    if (bodyLen > 0xffff) {
      a.dropped++;
      core.drop('send-malformed');
      return;
    }
    const head = Buffer.allocUnsafe(20 + alen + 4);
    head[0] = DATA_INDICATION >> 8;
    head[1] = DATA_INDICATION & 0xff;
    head[2] = bodyLen >> 8;
    head[3] = bodyLen & 0xff;
    head.writeUInt32BE(MAGIC_COOKIE, 4);
    a.init.indicationTid.copy(head, 8);
    a.peerCache!.copy(head, 20, 20, 20 + alen);
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
  core.push(act);
}

/** XOR-PEER-ADDRESS for Data indications to `a` (fixed transaction id), cached per peer. */
function encodeDataPeer(a: Allocation, ip: string, port: number): void {
  a.peerCache ??= Buffer.alloc(44);
  const out = a.peerCache.subarray(20);
  const raw = Buffer.allocUnsafe(16);
  const fam = writeIp(ip, raw, 0);
  const n = fam === 6 ? 16 : 4;
  out.writeUInt16BE(Attr.XOR_PEER_ADDRESS, 0);
  out.writeUInt16BE(4 + n, 2);
  out[4] = 0;
  out[5] = n === 4 ? 0x01 : 0x02;
  out.writeUInt16BE((port ^ COOKIE_HI) & 0xffff, 6);
  const xor = Buffer.allocUnsafe(16);
  xor.writeUInt32BE(MAGIC_COOKIE, 0);
  a.init.indicationTid.copy(xor, 4);
  for (let k = 0; k < n; k++) out[8 + k] = raw[k]! ^ xor[k]!;
  a.dataPeerAttrLen = 8 + n;
  a.dataPeerIp = ip;
  a.dataPeerPort = port;
}
