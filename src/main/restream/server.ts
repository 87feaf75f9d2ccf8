// The restream listener: a TCP server for RTSP (one ServerConnection per client), one pair of
// UDP sockets for every UDP client's RTP (out) and RTCP (in: activity), the paths it serves
// (each a camera's fan-out), and one coarse timer that ends UDP sessions whose client went
// quiet for the session timeout. Binding beyond loopback without a user is refused. With a
// certificate it is an RTSPS listener (node:tls): TCP interleaved only, so no UDP sockets, and
// a UDP SETUP is answered 461.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { CodedError } from '../../shared/coded-error';
import { type Logger, silentLogger } from '../../shared/engine-log';
import { AccessControl, type RestreamUser } from './access';
import { type ConnectionHost, ServerConnection } from './connection';
import type { FrameFanOut } from './fan-out';
import type { RestreamSession } from './session';

export interface RestreamServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8554; 0 for any free port. */
  port?: number;
  users?: readonly RestreamUser[];
  /** Accept Basic as well as Digest (default true). */
  allowBasic?: boolean;
  /** UDP sessions without a request or RTCP for this long are ended (default 60). */
  sessionTimeoutSec?: number;
  /** Offer UDP transport (default true). */
  udp?: boolean;
  maxSessions?: number;
  maxConnections?: number;
  /** PEM certificate (chain) and key: serve rtsps:// (TCP interleaved only). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** A session was set up on `path` or ended (the host counts consumers for on-demand cameras). */
  onSessionsChanged?: (path: string) => void;
  /**
   * DESCRIBE of a path whose camera has sent no media yet (an on-demand camera nobody
   * watched): resolves when it has (undefined) or with the reason for a 503.
   */
  awaitSource?: (path: string) => Promise<string | undefined>;
  /** Diagnostics (component `restream`): requests, sessions, refused logins, stalled clients. */
  logger?: Logger;
}

/** A TLS handshake not finished in this long is dropped. */
const TLS_HANDSHAKE_MS = 10_000;

/** The listener refused to start: open to the network without any restream user. */
export class RestreamListenError extends CodedError<{ 'open-without-user': { host: string } }> {}

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

export interface ConsumerInfo {
  path: string;
  address: string;
  transport: 'tcp' | 'udp' | undefined;
  user: string | undefined;
  since: number;
  bytes: number;
  drops: number;
  playing: boolean;
}

/** Totals over the server's life, for sessions that have ended. */
export interface RestreamStats {
  /** Sessions closed because their client stopped reading (backlog full for the stall limit). */
  stalledClosed: number;
  /** Drops to the next key frame, summed over ended sessions. */
  drops: number;
  /** Sessions ended for any reason. */
  ended: number;
}

export class RestreamServer {
  readonly access: AccessControl;
  readonly stats: RestreamStats = { stalledClosed: 0, drops: 0, ended: 0 };
  readonly sessionTimeoutSec: number;
  readonly #paths = new Map<string, FrameFanOut>();
  readonly #sessions = new Map<string, RestreamSession>();
  readonly #owners = new Map<RestreamSession, ServerConnection>();
  readonly #connections = new Set<ServerConnection>();
  readonly #tcp: Server;
  #rtp: UdpSocket | undefined;
  #rtcp: UdpSocket | undefined;
  #udpPorts: [number, number] | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #port = 0;
  readonly #log: Logger;
  readonly #refusals: RefusalLimiter;

  constructor(private readonly options: RestreamServerOptions = {}) {
    this.#log = options.logger ?? silentLogger;
    this.#refusals = new RefusalLimiter(this.#log);
    this.access = new AccessControl(options.users ?? [], options.allowBasic ?? true);
    this.sessionTimeoutSec = options.sessionTimeoutSec ?? 60;
    const accept = (socket: Socket) => {
      if (this.#connections.size >= (options.maxConnections ?? 256)) {
        this.#log.warn('connection refused: too many connections', {
          from: socket.remoteAddress,
          limit: options.maxConnections ?? 256,
        });
        socket.destroy();
        return;
      }
      socket.setNoDelay(true);
      const host = this.#hostFor(() => conn);
      const conn: ServerConnection = new ServerConnection(socket, host);
      this.#connections.add(conn);
      socket.once('close', () => this.#connections.delete(conn));
    };
    if (options.tls) {
      const tls = createTlsServer(
        { cert: options.tls.cert, key: options.tls.key, handshakeTimeout: TLS_HANDSHAKE_MS },
        accept,
      );
      // A failed handshake (a plain-RTSP client, a scanner) ends that connection only.
      tls.on('tlsClientError', (err, socket) => {
        this.#log.debug('TLS handshake failed', { from: socket.remoteAddress, error: err.message });
        socket.destroy();
      });
      this.#tcp = tls;
    } else this.#tcp = createServer(accept);
  }

  /** Whether this is an RTSPS listener. */
  get secure(): boolean {
    return this.options.tls !== undefined;
  }

  get port(): number {
    return this.#port;
  }

  get udpPorts(): [number, number] | undefined {
    return this.#udpPorts;
  }

  /** Serves `source` at rtsp://host:port/<path>. */
  setPath(path: string, source: FrameFanOut): void {
    this.#paths.set(path, source);
  }

  removePath(path: string): void {
    this.#paths.delete(path);
    for (const [s, conn] of this.#owners) if (s.path === path) conn.endSession(s);
  }

  consumers(): ConsumerInfo[] {
    return [...this.#sessions.values()].map((s) => ({
      path: s.path,
      address: s.remoteAddress,
      transport: s.transport,
      user: s.user,
      since: s.since,
      bytes: s.bytes,
      drops: s.drops,
      playing: s.playing,
    }));
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    if (!isLoopback(host) && this.access.open) {
      throw new RestreamListenError(
        'open-without-user',
        `refusing to serve restreams on ${host} without a restream user: add one, or listen on 127.0.0.1`,
        { host },
      );
    }
    await new Promise<void>((resolve, reject) => {
      this.#tcp.once('error', reject);
      this.#tcp.listen(this.options.port ?? 8554, host, () => {
        this.#tcp.off('error', reject);
        resolve();
      });
    });
    const addr = this.#tcp.address();
    this.#port = typeof addr === 'object' && addr ? addr.port : 0;
    if ((this.options.udp ?? true) && !this.secure) await this.#bindUdp(host);
    const everyMs = Math.max(1000, (this.sessionTimeoutSec * 1000) / 4);
    this.#sweep = setInterval(() => this.#expire(), everyMs);
    this.#sweep.unref();
  }

  async close(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    for (const c of [...this.#connections]) c.close('server closing');
    this.#rtp?.close();
    this.#rtcp?.close();
    await new Promise<void>((resolve) => this.#tcp.close(() => resolve()));
  }

  async #bindUdp(host: string): Promise<void> {
    const type = isIP(host) === 6 ? 'udp6' : 'udp4';
    const bind = (s: UdpSocket) =>
      new Promise<number>((resolve, reject) => {
        s.once('error', reject);
        s.bind(0, host === 'localhost' ? '127.0.0.1' : host, () => {
          s.off('error', reject);
          resolve(s.address().port);
        });
      });
    const rtp = createSocket(type);
    const rtcp = createSocket(type);
    const ports: [number, number] = [await bind(rtp), await bind(rtcp)];
    // Errors on a send (an ICMP unreachable from a gone client) must not end the server.
    rtp.on('error', () => {});
    rtcp.on('error', () => {});
    rtp.on('message', (_m, from) => this.#udpActivity(from.address, from.port, 'rtp'));
    rtcp.on('message', (_m, from) => this.#udpActivity(from.address, from.port, 'rtcp'));
    this.#rtp = rtp;
    this.#rtcp = rtcp;
    this.#udpPorts = ports;
  }

  #udpActivity(address: string, port: number, kind: 'rtp' | 'rtcp'): void {
    const a = address.replace(/^::ffff:/, '');
    for (const s of this.#sessions.values()) {
      if (s.remoteAddress !== a) continue;
      for (const t of s.tracks.values()) {
        const tr = t.transport;
        if (tr.kind === 'udp' && (kind === 'rtcp' ? tr.rtcpPort : tr.rtpPort) === port) {
          s.lastActivity = performance.now();
        }
      }
    }
  }

  #expire(): void {
    const limit = performance.now() - this.sessionTimeoutSec * 1000;
    for (const [s, conn] of this.#owners) {
      if (s.transport === 'udp' && s.lastActivity < limit) conn.endSession(s);
    }
  }

  #hostFor(conn: () => ServerConnection): ConnectionHost {
    return {
      access: this.access,
      log: this.#log,
      refusedLogin: (address, user, path) => this.#refusals.refused(address, user, path),
      scheme: this.secure ? 'rtsps' : 'rtsp',
      udpPorts: () => this.#udpPorts,
      sessionTimeoutSec: this.sessionTimeoutSec,
      source: (path: string) => this.#paths.get(path),
      ...(this.options.awaitSource ? { awaitSource: this.options.awaitSource } : {}),
      udpSend: (packet: Buffer, port: number, address: string, rtcp?: boolean) =>
        (rtcp ? this.#rtcp : this.#rtp)?.send(packet, port, address),
      now: () => performance.now(),
      addSession: (s: RestreamSession) => {
        if (this.#sessions.size >= (this.options.maxSessions ?? 256)) {
          this.#log.warn('session refused: too many sessions', {
            path: s.path,
            limit: this.options.maxSessions ?? 256,
          });
          return false;
        }
        this.#sessions.set(s.id, s);
        this.#owners.set(s, conn());
        this.options.onSessionsChanged?.(s.path);
        return true;
      },
      removeSession: (s: RestreamSession) => {
        if (!this.#sessions.delete(s.id)) return;
        this.#owners.delete(s);
        this.stats.ended += 1;
        this.stats.drops += s.drops;
        this.options.onSessionsChanged?.(s.path);
      },
      stalled: (s: RestreamSession) => {
        this.stats.stalledClosed += 1;
        this.#log.warn('client closed: it stopped reading', {
          path: s.path,
          from: conn().remoteAddress,
          drops: s.drops,
        });
      },
    };
  }
}

/**
 * Refused logins at info, at most one line per address and user every 10 s (a scanner or a
 * player with an old password retries many times a second); the lines in between are counted
 * into the next one. Never the password or the Authorization header.
 */
class RefusalLimiter {
  readonly #last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly log: Logger) {}

  refused(address: string, user: string | undefined, path: string): void {
    const key = `${address}\0${user ?? ''}`;
    const now = performance.now();
    const seen = this.#last.get(key);
    if (seen && now - seen.at < 10_000) {
      seen.suppressed += 1;
      return;
    }
    if (this.#last.size > 1000) this.#last.clear();
    this.#last.set(key, { at: now, suppressed: 0 });
    this.log.info('login refused', {
      from: address,
      user: user ?? '(none)',
      path,
      ...(seen?.suppressed ? { repeated: seen.suppressed } : {}),
    });
  }
}
