// One RTSP connection over TCP or TLS: writes requests with CSeq, matches responses, answers
// requests from the server, and hands interleaved frames to a sink. The only place that
// opens RTSP sockets (UDP media sockets live in udp.ts).
import { createHash } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { Clock, TimerHandle } from './clock';
import { RtspError, type RtspPhase } from './error';
import {
  cseqOf,
  RtspHeaders,
  type RtspMessage,
  RtspReader,
  type RtspResponse,
  writeRequest,
  writeResponse,
} from './message';

export interface TlsOptions {
  /** Extra CA certificates (PEM). */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * Accept exactly this certificate (SHA-256 fingerprint, hex with or without colons),
   * e.g. a camera's self-signed one. Chain and host-name checks are then skipped.
   */
  fingerprint256?: string;
  /** Server name for SNI and host-name checks (defaults to the URL host). */
  servername?: string;
}

export interface ConnectParams {
  host: string;
  port: number;
  secure: boolean;
  tls?: TlsOptions;
  connectTimeoutMs: number;
  clock: Clock;
  signal?: AbortSignal;
}

/** Receives interleaved frames. `payload` is a view: copy it to keep it past the call. */
export interface InterleavedSink {
  interleaved(channel: number, payload: Buffer, offset: number): void;
}

export function normalizeFingerprint(f: string): string {
  return f.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

export function certificateFingerprint(pemOrDer: Buffer): string {
  return createHash('sha256').update(pemOrDer).digest('hex').toUpperCase();
}

/** Opens a TCP or TLS connection; rejects with an RtspError (network, timeout, tls). */
export function connect(p: ConnectParams): Promise<RtspConnection> {
  return new Promise((resolve, reject) => {
    if (p.signal?.aborted) return reject(new RtspError('closed', 'aborted before connecting'));
    let settled = false;
    let socket: net.Socket;
    const holder: { conn?: RtspConnection } = {};
    const target = `${p.host}:${p.port}`;
    const finish = (err: RtspError | undefined) => {
      if (settled) return;
      settled = true;
      p.clock.clearTimeout(timer);
      p.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        holder.conn = new RtspConnection(socket, p.clock);
        resolve(holder.conn);
      }
    };
    const onError = (e: Error) => {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      const isTls =
        p.secure &&
        (/CERT|SSL|TLS|SELF_SIGNED|HOSTNAME|ERR_TLS/i.test(code) ||
          /certificate|fingerprint/i.test(e.message));
      finish(
        new RtspError(
          isTls ? 'tls' : 'network',
          `connect to ${target} failed: ${e.message}`,
          isTls ? {} : { phase: 'connect', ...(code ? { errno: code } : {}) },
          { cause: e },
        ),
      );
    };
    const onAbort = () => finish(new RtspError('closed', `connect to ${target} aborted`));
    const timer = p.clock.setTimeout(
      () =>
        afterPendingIo(() =>
          finish(
            new RtspError('timeout', `connect to ${target} timed out after ${p.connectTimeoutMs} ms`, {
              phase: 'connect',
            }),
          ),
        ),
      p.connectTimeoutMs,
    );
    p.signal?.addEventListener('abort', onAbort, { once: true });
    if (p.secure) {
      const want =
        p.tls?.fingerprint256 !== undefined ? normalizeFingerprint(p.tls.fingerprint256) : undefined;
      const servername = p.tls?.servername ?? (net.isIP(p.host) ? undefined : p.host);
      socket = tls.connect({
        host: p.host,
        port: p.port,
        ...(servername !== undefined ? { servername } : {}),
        ...(p.tls?.ca !== undefined ? { ca: p.tls.ca } : {}),
        rejectUnauthorized: want === undefined,
        ALPNProtocols: ['rtsp'],
      });
      socket.once('secureConnect', () => {
        if (want !== undefined) {
          const cert = (socket as tls.TLSSocket).getPeerCertificate();
          const got = normalizeFingerprint(cert?.fingerprint256 ?? '');
          if (got !== want) {
            finish(
              new RtspError(
                'tls',
                `server certificate fingerprint ${got || '(none)'} is not the one configured`,
              ),
            );
            return;
          }
        }
        finish(undefined);
      });
    } else {
      // Plain TCP reads into one static buffer per connection (no allocation or stream
      // machinery per read); the reader copies only a partial message left at the end.
      socket = net.connect({
        host: p.host,
        port: p.port,
        onread: {
          buffer: Buffer.allocUnsafe(READ_BUFFER),
          callback: (n: number, buf: Uint8Array) => {
            holder.conn?.received(Buffer.from(buf.buffer, buf.byteOffset, n), true);
            return true;
          },
        },
      });
      socket.once('connect', () => finish(undefined));
    }
    socket.on('error', onError);
  });
}

const READ_BUFFER = 64 * 1024;

/**
 * Runs `fn` after the I/O already waiting has been handled. Node runs due timers before it
 * polls sockets, so on a starved event loop (a busy machine) a timeout would fire although
 * the answer has arrived and only waits to be read: a timeout decides after the poll.
 */
function afterPendingIo(fn: () => void): void {
  setImmediate(fn);
}

interface Pending {
  method: string;
  resolve(r: RtspResponse): void;
  reject(e: RtspError): void;
  timer: TimerHandle;
}

export class RtspConnection {
  /** "local -> peer", for error messages. */
  readonly description: string;
  private readonly reader: RtspReader;
  private nextCSeq = 1;
  private readonly pending = new Map<number, Pending>();
  private closedError: RtspError | undefined;
  private readonly closeListeners: Array<(e: RtspError) => void> = [];
  /** Where interleaved frames go; frames arriving with no sink are counted and dropped. */
  sink: InterleavedSink | undefined;
  droppedFrames = 0;
  /** Monotonic time of the last byte received. */
  lastReceivedAt: number;
  /** Responses whose CSeq matched no request. */
  unmatchedResponses = 0;

  constructor(
    private readonly socket: net.Socket,
    private readonly clock: Clock,
  ) {
    const local = `${socket.localAddress ?? '?'}:${socket.localPort ?? '?'}`;
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.description = `${local} -> ${peer}`;
    this.lastReceivedAt = clock.now();
    this.reader = new RtspReader({
      message: (m) => this.onMessage(m),
      data: (channel, payload, offset) => {
        const s = this.sink;
        if (s) s.interleaved(channel, payload, offset);
        else this.droppedFrames++;
      },
      error: (e) => this.fail(e.withContext({ connection: this.description, at: this.clock.wallNow() })),
    });
    socket.setNoDelay(true);
    // TLS sockets (and any socket without `onread`) deliver fresh buffers through 'data'.
    socket.on('data', (chunk: Buffer) => this.received(chunk, false));
    socket.on('error', (e) =>
      this.fail(
        new RtspError(
          'network',
          `socket error: ${e.message}`,
          {
            connection: this.description,
            ...((e as NodeJS.ErrnoException).code ? { errno: (e as NodeJS.ErrnoException).code } : {}),
          },
          { cause: e },
        ),
      ),
    );
    socket.on('close', () =>
      this.fail(
        new RtspError('network', 'connection closed by the server', {
          connection: this.description,
          offset: this.reader.offset,
        }),
      ),
    );
  }

  /** Bytes from the socket; `volatile`: `chunk` is reused after this call. */
  received(chunk: Buffer, volatile: boolean): void {
    this.lastReceivedAt = this.clock.now();
    try {
      this.reader.push(chunk, volatile);
    } catch (e) {
      // A bug below (never bad input, which is an error value) must not take the process down.
      this.fail(
        new RtspError(
          'protocol',
          `internal error handling received data: ${e instanceof Error ? e.message : String(e)}`,
          {
            connection: this.description,
            offset: this.reader.offset,
          },
        ),
      );
    }
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remoteFamily(): string | undefined {
    return this.socket.remoteFamily;
  }

  get isClosed(): boolean {
    return this.closedError !== undefined;
  }

  get closeReason(): RtspError | undefined {
    return this.closedError;
  }

  get bytesRead(): number {
    return this.reader.offset;
  }

  onClose(fn: (e: RtspError) => void): void {
    if (this.closedError) fn(this.closedError);
    else this.closeListeners.push(fn);
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Sends a request and resolves with the response whose CSeq matches. */
  request(
    method: string,
    url: string,
    headers: RtspHeaders,
    timeoutMs: number,
    body?: Buffer,
  ): Promise<RtspResponse> {
    if (this.closedError) return Promise.reject(this.closedError);
    const cseq = this.nextCSeq++;
    headers.set('CSeq', String(cseq));
    let bytes: Buffer;
    try {
      bytes = writeRequest(method, url, headers, body);
    } catch (e) {
      return Promise.reject(e instanceof RtspError ? e : new RtspError('protocol', String(e)));
    }
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(
        () =>
          afterPendingIo(() => {
            // Answered in the meantime (read in the poll that just ran, or closed): nothing to do.
            if (this.pending.get(cseq)?.timer !== timer) return;
            this.pending.delete(cseq);
            reject(
              new RtspError('timeout', `no response to ${method} within ${timeoutMs} ms`, {
                connection: this.description,
                method,
                phase: phaseOfMethod(method),
                at: this.clock.wallNow(),
              }),
            );
          }),
        timeoutMs,
      );
      this.pending.set(cseq, { method, resolve, reject, timer });
      this.socket.write(bytes);
    });
  }

  /** Writes raw bytes (interleaved RTCP from the client). */
  write(bytes: Buffer): void {
    if (!this.closedError) this.socket.write(bytes);
  }

  close(): void {
    this.fail(new RtspError('closed', 'connection closed by the client', { connection: this.description }));
  }

  private onMessage(m: RtspMessage): void {
    if (m.kind === 'request') {
      // Servers may send OPTIONS/GET_PARAMETER (keepalive probes) or ANNOUNCE: answer politely.
      const cseq = m.headers.get('cseq')?.trim() ?? '0';
      const ok = m.method === 'OPTIONS' || m.method === 'GET_PARAMETER' || m.method === 'SET_PARAMETER';
      const h = new RtspHeaders({ CSeq: cseq });
      this.socket.write(writeResponse(ok ? 200 : 501, ok ? 'OK' : 'Not Implemented', h));
      return;
    }
    let cseq = cseqOf(m);
    if (cseq === undefined && this.pending.size === 1) cseq = this.pending.keys().next().value;
    const p = cseq !== undefined ? this.pending.get(cseq) : undefined;
    if (!p) {
      this.unmatchedResponses++;
      return;
    }
    this.pending.delete(cseq!);
    this.clock.clearTimeout(p.timer);
    p.resolve(m);
  }

  private fail(e: RtspError): void {
    if (this.closedError) return;
    this.closedError = e;
    for (const p of this.pending.values()) {
      this.clock.clearTimeout(p.timer);
      p.reject(e.withContext({ method: p.method }));
    }
    this.pending.clear();
    this.socket.destroy();
    for (const fn of this.closeListeners.splice(0)) fn(e);
  }
}

/** The protocol step a request belongs to, for a timeout's context. */
function phaseOfMethod(method: string): RtspPhase {
  switch (method) {
    case 'DESCRIBE':
      return 'describe';
    case 'SETUP':
      return 'setup';
    case 'PLAY':
      return 'play';
    case 'TEARDOWN':
      return 'teardown';
    case 'OPTIONS':
    case 'GET_PARAMETER':
      return 'keepalive';
    default:
      return 'request';
  }
}
