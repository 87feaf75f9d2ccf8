// Client-facing listeners: UDP sockets, and TCP / TLS servers whose connections are framed into
// STUN and ChannelData. Each binds on start; a failure names the listener (TurnError).
import type { Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { listenerUrl, type TurnListenerConfig } from '../config';
import type { Conn } from '../core/types';
import { type ListenerRef, TurnError } from '../errors';
import type { Executor } from './executor';
import type { NodeIo } from './node-io';
import { MAX_FRAME, StreamFramer } from './stream-framer';
import type { GuardedStream, StreamGuard } from './stream-guard';
import { createUdpSocket } from './udp-socket';

/** A started listener: its bound address and how to close it. */
export interface Listening {
  transport: 'udp' | 'tcp' | 'tls';
  address: string;
  port: number;
  close(): Promise<void>;
}

function listenerRef(l: TurnListenerConfig): ListenerRef {
  return { proto: l.transport, host: l.host, port: l.port };
}

function listenError(l: TurnListenerConfig, err: NodeJS.ErrnoException): TurnError {
  return new TurnError(
    'listen-failed',
    `cannot listen on ${listenerUrl(l)}: ${err.code ?? err.message}`,
    err.code === undefined ? { listener: listenerRef(l) } : { listener: listenerRef(l), errno: err.code },
    { cause: err },
  );
}

export function startUdpListener(
  exec: Executor,
  l: TurnListenerConfig,
  index: number,
  recvBuffer: number,
): Promise<Listening> {
  const core = exec.core;
  const v6 = l.host.includes(':');
  const sock: UdpSocket = createUdpSocket(v6 ? 6 : 4);
  return new Promise((resolve, reject) => {
    sock.once('error', (err) => {
      reject(listenError(l, err));
    });
    sock.bind({ address: l.host, port: l.port, exclusive: true }, () => {
      sock.removeAllListeners('error');
      sock.on('error', () => {
        exec.socketErrors++;
      });
      try {
        sock.setRecvBufferSize(recvBuffer);
        sock.setSendBufferSize(recvBuffer);
      } catch {
        // the kernel caps buffer sizes (net.core.rmem_max); the default still works
      }
      const bound = sock.address();
      exec.udp[index] = sock;
      sock.on('message', (msg, rinfo) => {
        exec.run(core.fromClient(index, rinfo.address, rinfo.port, undefined, msg));
      });
      resolve({
        transport: 'udp',
        address: bound.address,
        port: bound.port,
        close: () =>
          new Promise<void>((done) => {
            exec.udp[index] = undefined;
            sock.close(() => done());
          }),
      });
    });
  });
}

export interface StreamListenerOptions {
  /** Per-source caps, deadlines and byte bounds, shared by every stream listener of a server. */
  guard: StreamGuard;
  /** Open connections per listener (Node refuses past it). */
  maxConnections: number;
}

export function startStreamListener(
  exec: Executor,
  l: TurnListenerConfig,
  index: number,
  { guard, maxConnections }: StreamListenerOptions,
): Promise<Listening> {
  const core = exec.core;
  const tls = l.transport === 'tls';
  /** Raw sockets, for close(); TLS ones by address until their handshake is done. */
  const sockets = new Set<Socket>();
  const handshaking = new Map<string, GuardedStream>();
  let server: Server;
  if (tls) {
    let cert: string | Buffer;
    let key: string | Buffer;
    try {
      cert = l.cert ?? readFileSync(l.certFile!);
      key = l.key ?? readFileSync(l.keyFile!);
      server = createTlsServer({ cert, key, handshakeTimeout: guard.limits.handshakeTimeoutMs });
    } catch (err) {
      const url = listenerUrl(l);
      return Promise.reject(
        new TurnError(
          'tls-config',
          `cannot use the certificate/key of ${url}: ${(err as Error).message}`,
          { listener: listenerRef(l) },
          { cause: err },
        ),
      );
    }
    server.on('secureConnection', (s: Socket) => {
      const g = handshaking.get(keyOf(s));
      if (g === undefined) {
        s.destroy();
        return;
      }
      handshaking.delete(keyOf(s));
      guard.handshaken(g, s);
      accept(s, g);
    });
    // Node only counts a failed or timed-out handshake when someone listens here: the socket
    // stays open until it is destroyed.
    server.on('tlsClientError', (_err, s) => {
      exec.socketErrors++;
      guard.count('tls-error');
      s.destroy();
    });
  } else {
    server = createTcpServer({ noDelay: true });
  }
  server.maxConnections = maxConnections;
  server.on('connection', (raw: Socket) => admit(raw));

  function admit(raw: Socket): void {
    if (exec.stopped || raw.remoteAddress === undefined || raw.remotePort === undefined) {
      raw.destroy();
      return;
    }
    const g = guard.admit(normalize(raw.remoteAddress), raw, tls);
    if (g === undefined) {
      raw.destroy();
      return;
    }
    sockets.add(raw);
    const key = keyOf(raw);
    if (tls) handshaking.set(key, g);
    raw.on('error', () => {
      exec.socketErrors++;
    });
    raw.on('close', () => {
      sockets.delete(raw);
      if (handshaking.get(key) === g) handshaking.delete(key);
      guard.release(g);
    });
    if (!tls) accept(raw, g);
  }

  function accept(s: Socket, g: GuardedStream): void {
    const conn: Conn<NodeIo> = core.openConn(index, g.source, s.remotePort ?? 0);
    conn.io = s;
    g.conn = conn;
    const framer = new StreamFramer(guard.maxFrame(g, MAX_FRAME));
    const sink = (frame: Buffer) => {
      exec.run(core.fromClient(index, conn.address, conn.port, conn, frame));
    };
    s.setNoDelay(true);
    if (tls) {
      // Writable would merge writes queued behind a pending one into a single write, which TLS
      // sends as one record: keep one record per frame (see Executor.reply)
      (s as unknown as { _writev: unknown })._writev = null;
    }
    s.on('data', (chunk: Buffer) => {
      const before = framer.frames;
      if (!framer.push(chunk, sink)) {
        core.out.drop('stream-framing');
        if (framer.refusal === 'frame-too-large') guard.count('frame-too-large');
        s.destroy();
        return;
      }
      if (!guard.framed(g, framer.held, framer.frames !== before)) {
        s.destroy();
        return;
      }
      framer.maxFrame = guard.maxFrame(g, MAX_FRAME);
    });
    if (tls) {
      s.on('error', () => {
        exec.socketErrors++;
      });
    }
    s.on('close', () => {
      guard.release(g);
      if (!conn.closed && !exec.stopped) exec.run(core.handle({ kind: 'conn-closed', conn }));
      conn.closed = true;
    });
  }

  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(listenError(l, err)));
    server.listen({ host: l.host, port: l.port, exclusive: true, ipv6Only: l.host.includes(':') }, () => {
      server.removeAllListeners('error');
      server.on('error', () => {
        exec.socketErrors++;
      });
      const bound = server.address();
      const port = typeof bound === 'object' && bound ? bound.port : l.port;
      resolve({
        transport: l.transport,
        address: l.host,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function keyOf(s: Socket): string {
  return `${s.remoteAddress}|${s.remotePort}`;
}

/** A v4 client on a v6 socket shows up as ::ffff:a.b.c.d; the session address is the IPv4. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
