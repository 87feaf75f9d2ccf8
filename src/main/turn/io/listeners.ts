// Client-facing listeners: UDP sockets, and TCP / TLS servers whose connections are framed into
// STUN and ChannelData. Each binds on start; a failure names the listener (TurnError).
import type { Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { listenerUrl, type TurnListenerConfig } from '../config';
import type { Conn } from '../core/types';
import { TurnError } from '../errors';
import type { Executor } from './executor';
import { StreamFramer } from './stream-framer';
import { createUdpSocket } from './udp-socket';

/** A started listener: its bound address and how to close it. */
export interface Listening {
  transport: 'udp' | 'tcp' | 'tls';
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Connections idle this long without an allocation are closed. */
const STREAM_IDLE_MS = 60_000;
const MAX_CONNECTIONS = 8192;

function listenError(l: TurnListenerConfig, err: NodeJS.ErrnoException): TurnError {
  const url = listenerUrl(l);
  return new TurnError(
    'listen-failed',
    `cannot listen on ${url}: ${err.code ?? err.message}`,
    { listener: url, errno: err.code },
    {
      cause: err,
    },
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

export function startStreamListener(
  exec: Executor,
  l: TurnListenerConfig,
  index: number,
): Promise<Listening> {
  const core = exec.core;
  const sockets = new Set<Socket>();
  let server: Server;
  if (l.transport === 'tls') {
    let cert: string | Buffer;
    let key: string | Buffer;
    try {
      cert = l.cert ?? readFileSync(l.certFile!);
      key = l.key ?? readFileSync(l.keyFile!);
      server = createTlsServer({ cert, key, handshakeTimeout: 10_000 });
    } catch (err) {
      const url = listenerUrl(l);
      return Promise.reject(
        new TurnError(
          'tls-config',
          `cannot use the certificate/key of ${url}: ${(err as Error).message}`,
          { listener: url },
          { cause: err },
        ),
      );
    }
    server.on('secureConnection', (s: Socket) => accept(s));
    server.on('tlsClientError', () => {
      exec.socketErrors++;
    });
  } else {
    server = createTcpServer({ noDelay: true }, (s) => accept(s));
  }
  server.maxConnections = MAX_CONNECTIONS;

  function accept(s: Socket): void {
    if (exec.stopped || s.remoteAddress === undefined || s.remotePort === undefined) {
      s.destroy();
      return;
    }
    sockets.add(s);
    const conn: Conn = core.openConn(index, normalize(s.remoteAddress), s.remotePort);
    conn.io = s;
    const framer = new StreamFramer();
    const sink = (frame: Buffer) => {
      exec.run(core.fromClient(index, conn.address, conn.port, conn, frame));
    };
    s.setNoDelay(true);
    if (l.transport === 'tls') {
      // Writable would merge writes queued behind a pending one into a single write, which TLS
      // sends as one record: keep one record per frame (see Executor.reply)
      (s as unknown as { _writev: unknown })._writev = null;
    }
    s.setTimeout(STREAM_IDLE_MS, () => {
      if (conn.allocation === undefined) s.destroy();
    });
    s.on('data', (chunk: Buffer) => {
      if (!framer.push(chunk, sink)) {
        core.drop('stream-framing');
        s.destroy();
      }
    });
    s.on('error', () => {
      exec.socketErrors++;
    });
    s.on('close', () => {
      sockets.delete(s);
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

/** A v4 client on a v6 socket shows up as ::ffff:a.b.c.d; the session address is the IPv4. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
