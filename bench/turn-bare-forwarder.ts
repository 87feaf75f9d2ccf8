// The floor for a Node UDP relay: receive, send, nothing else on the data path. To let coturn's
// turnutils_uclient drive it, the control plane is a canned shim (no auth, no checks: Allocate,
// Refresh, CreatePermission and ChannelBind simply succeed); ChannelData from a client loses
// its 4-byte header and goes out of that client's relay socket; a datagram to a relay socket
// gets a 4-byte ChannelData header and goes back to the client. Benchmark use only.
import { createSocket, type Socket } from 'node:dgram';

const COOKIE = 0x2112a442;
const port = Number(process.env.BARE_PORT ?? 0);
// BARE_LITERAL_LOOKUP=1: the same dgram option camrelay uses (IP literals answered at once, no
// DNS lookup hop per send), to compare like with like.
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;
const literal = (address: string, _options: unknown, cb: LookupCallback) => cb(null, address, 4);
const udp4 = () =>
  process.env.BARE_LITERAL_LOOKUP === '1'
    ? createSocket({ type: 'udp4', lookup: literal })
    : createSocket('udp4');
const relayIp = '127.0.0.1';

interface Client {
  address: string;
  port: number;
  relay: Socket;
  relayPort: number;
  /** channel -> peer, and peer "ip:port" -> channel (control plane only builds these strings). */
  peers: Map<number, { address: string; port: number }>;
  channels: Map<string, number>;
}

const clients = new Map<string, Map<number, Client>>();
const server = udp4();

function xorAddr(b: Buffer, off: number, ip: string, p: number): void {
  b.writeUInt16BE(0x0001, off);
  b.writeUInt16BE(p ^ (COOKIE >>> 16), off + 2);
  const parts = ip.split('.').map(Number);
  b.writeUInt32BE(
    (((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) ^ COOKIE) >>> 0,
    off + 4,
  );
}

function answer(req: Buffer, attrs: Buffer[], to: { address: string; port: number }): void {
  const body = Buffer.concat(attrs);
  const head = Buffer.alloc(20);
  const method = req.readUInt16BE(0) & 0x3eef;
  head.writeUInt16BE(method | 0x0100, 0);
  head.writeUInt16BE(body.length, 2);
  req.copy(head, 4, 4, 20);
  server.send(Buffer.concat([head, body]), to.port, to.address);
}

function attr(type: number, value: Buffer): Buffer {
  const b = Buffer.alloc(4 + ((value.length + 3) & ~3));
  b.writeUInt16BE(type, 0);
  b.writeUInt16BE(value.length, 2);
  value.copy(b, 4);
  return b;
}

function findAttr(req: Buffer, type: number): Buffer | undefined {
  let p = 20;
  while (p + 4 <= req.length) {
    const t = req.readUInt16BE(p);
    const l = req.readUInt16BE(p + 2);
    if (t === type) return req.subarray(p + 4, p + 4 + l);
    p += 4 + ((l + 3) & ~3);
  }
  return undefined;
}

function peerOf(v: Buffer): { address: string; port: number } {
  const p = v.readUInt16BE(2) ^ (COOKIE >>> 16);
  const a = (v.readUInt32BE(4) ^ COOKIE) >>> 0;
  return { address: `${a >>> 24}.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`, port: p };
}

function control(msg: Buffer, from: { address: string; port: number }): void {
  const type = msg.readUInt16BE(0);
  let byPort = clients.get(from.address);
  const c = byPort?.get(from.port);
  const lifetime = Buffer.alloc(4);
  lifetime.writeUInt32BE(600);
  if (type === 0x0003) {
    if (c) {
      const relayed = Buffer.alloc(8);
      xorAddr(relayed, 0, relayIp, c.relayPort);
      answer(msg, [attr(0x0016, relayed), attr(0x000d, lifetime)], from);
      return;
    }
    const relay = udp4();
    relay.bind(0, relayIp, () => {
      const client: Client = {
        ...from,
        relay,
        relayPort: relay.address().port,
        peers: new Map(),
        channels: new Map(),
      };
      if (!byPort) {
        byPort = new Map();
        clients.set(from.address, byPort);
      }
      byPort.set(from.port, client);
      relay.on('message', (data, rinfo) => {
        const ch = client.channels.get(`${rinfo.address}:${rinfo.port}`);
        if (ch === undefined) return;
        const head = Buffer.allocUnsafe(4);
        head.writeUInt16BE(ch, 0);
        head.writeUInt16BE(data.length, 2);
        server.send([head, data], client.port, client.address);
      });
      const relayed = Buffer.alloc(8);
      xorAddr(relayed, 0, relayIp, client.relayPort);
      const mapped = Buffer.alloc(8);
      xorAddr(mapped, 0, from.address, from.port);
      const attrs = [attr(0x0016, relayed), attr(0x000d, lifetime), attr(0x0020, mapped)];
      if (findAttr(msg, 0x0018)) attrs.push(attr(0x0022, Buffer.alloc(8, 1)));
      answer(msg, attrs, from);
    });
    return;
  }
  if (type === 0x0009 && c) {
    const ch = findAttr(msg, 0x000c)!.readUInt16BE(0);
    const peer = peerOf(findAttr(msg, 0x0012)!);
    c.peers.set(ch, peer);
    c.channels.set(`${peer.address}:${peer.port}`, ch);
  }
  if (type === 0x0004 && c && findAttr(msg, 0x000d)?.readUInt32BE(0) === 0) {
    c.relay.close();
    byPort!.delete(from.port);
    answer(msg, [attr(0x000d, Buffer.alloc(4))], from);
    return;
  }
  answer(msg, type === 0x0004 ? [attr(0x000d, lifetime)] : [], from);
}

server.on('message', (msg, rinfo) => {
  if (msg.length < 4) return;
  if ((msg[0]! & 0xc0) === 0x40) {
    const c = clients.get(rinfo.address)?.get(rinfo.port);
    if (c === undefined) return;
    const peer = c.peers.get((msg[0]! << 8) | msg[1]!);
    if (peer === undefined) return;
    c.relay.send(msg.subarray(4, 4 + ((msg[2]! << 8) | msg[3]!)), peer.port, peer.address);
    return;
  }
  if (msg.length >= 20) control(msg, rinfo);
});

server.bind(port, relayIp, () => {
  try {
    server.setRecvBufferSize(4 << 20);
    server.setSendBufferSize(4 << 20);
  } catch {
    // kernel limits: keep the defaults
  }
  process.stdout.write(`READY ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
