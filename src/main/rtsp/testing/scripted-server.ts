// A scripted RTSP server for tests: a Node TCP (or TLS) server that hands each request to a
// handler returning a canned reply (status, headers, body, raw bytes before/after), records
// every request per connection, and lets the test write raw bytes (interleaved RTP/RTCP,
// noise) at any time. Used for what no real peer here does: camera quirks, the live555
// stale-TCP bug, TEARDOWN answered 500 or never, keepalives never answered.
import net from 'node:net';
import tls from 'node:tls';
import { type RtspHeaders, RtspReader, type RtspRequest, writeInterleaved } from '../message';
import { rtpPacket } from './packets';

export interface Reply {
  status?: number;
  reason?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Raw bytes written before the response. */
  before?: Buffer[];
  /** Raw bytes written after the response. */
  after?: Buffer[];
  /** Exact CSeq text to echo (e.g. '1 ' for Longse's trailing space). */
  rawCSeq?: string;
}

export interface ScriptedConn {
  id: number;
  requests: RtspRequest[];
  write(b: Buffer | string): void;
  interleaved(channel: number, payload: Buffer): void;
  close(): void;
  closed: boolean;
}

/** Return a Reply, or 'ignore' to never answer. */
export type Handler = (req: RtspRequest, conn: ScriptedConn) => Reply | 'ignore';

export interface Recorded {
  conn: number;
  method: string;
  url: string;
  headers: RtspHeaders;
}

export class ScriptedServer {
  readonly requests: Recorded[] = [];
  readonly conns: ScriptedConn[] = [];
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    readonly secure: boolean,
  ) {}

  static async start(
    handler: Handler,
    opts: { tls?: { key: string; cert: string } } = {},
  ): Promise<ScriptedServer> {
    let self: ScriptedServer | undefined;
    const onSocket = (socket: net.Socket) => {
      const s = self!;
      const conn: ScriptedConn = {
        id: s.conns.length,
        requests: [],
        closed: false,
        write: (b) => {
          if (!conn.closed) socket.write(b);
        },
        interleaved: (ch, p) => conn.write(writeInterleaved(ch, p)),
        close: () => {
          conn.closed = true;
          socket.destroy();
        },
      };
      s.conns.push(conn);
      socket.on('close', () => {
        conn.closed = true;
      });
      socket.on('error', () => {});
      const reader = new RtspReader({
        message: (m) => {
          if (m.kind !== 'request') return;
          conn.requests.push(m);
          s.requests.push({ conn: conn.id, method: m.method, url: m.url, headers: m.headers });
          const r = handler(m, conn);
          if (r === 'ignore') return;
          for (const b of r.before ?? []) conn.write(b);
          const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
          let head = `RTSP/1.0 ${r.status ?? 200} ${r.reason ?? 'OK'}\r\nCSeq: ${r.rawCSeq ?? m.headers.get('cseq') ?? '0'}\r\n`;
          for (const [k, v] of Object.entries(r.headers ?? {})) head += `${k}: ${v}\r\n`;
          if (body && body.length > 0) head += `Content-Length: ${body.length}\r\n`;
          conn.write(Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body ?? Buffer.alloc(0)]));
          for (const b of r.after ?? []) conn.write(b);
        },
        data: () => {},
        error: () => conn.close(),
      });
      socket.on('data', (d: Buffer) => reader.push(d));
    };
    const server = opts.tls
      ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onSocket)
      : net.createServer(onSocket);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new ScriptedServer(server, (server.address() as net.AddressInfo).port, opts.tls !== undefined);
    return self;
  }

  url(path = '/cam'): string {
    return `${this.secure ? 'rtsps' : 'rtsp'}://127.0.0.1:${this.port}${path}`;
  }

  methods(conn?: number): string[] {
    return this.requests.filter((r) => conn === undefined || r.conn === conn).map((r) => r.method);
  }

  async stop(): Promise<void> {
    for (const c of this.conns) c.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls `cond` on real event-loop turns (I/O settling), bounded by `ms` of real time. */
export async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('until: condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

export const H264_SDP = (extra = '', tool = 'GStreamer') => `v=0\r
o=- 1 1 IN IP4 127.0.0.1\r
s=scripted\r
t=0 0\r
a=tool:${tool}\r
a=control:*\r
m=video 0 RTP/AVP 96\r
a=rtpmap:96 H264/90000\r
a=fmtp:96 packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH9kAUAW7ARAAAAMAEAAAAwPI8YMkgA==,aMuMsg==\r
a=control:trackID=1\r
${extra}`;

export interface CameraScript {
  sdp?: string;
  describeHeaders?: Record<string, string>;
  session?: string;
  /** Transport reply for SETUP (default: echo the request's). */
  transport?: (requested: string, n: number) => string;
  rtpInfo?: string;
  /** Raw bytes around the PLAY response. */
  playBefore?: Buffer[];
  playAfter?: Buffer[];
  public?: string;
  /** Per-method override; return undefined to use the default. */
  override?: (req: RtspRequest, conn: ScriptedConn) => Reply | 'ignore' | undefined;
  rawCSeq?: boolean;
}

/** A camera-like handler with defaults a test can override piece by piece. */
export function camera(s: CameraScript = {}): Handler {
  let setups = 0;
  return (req, conn) => {
    const o = s.override?.(req, conn);
    if (o !== undefined) return o;
    const session = s.session ?? '12345678;timeout=60';
    const raw = s.rawCSeq ? { rawCSeq: `${req.headers.get('cseq')} ` } : {};
    switch (req.method) {
      case 'OPTIONS':
        return {
          ...raw,
          headers: { Public: s.public ?? 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER' },
        };
      case 'DESCRIBE':
        return {
          ...raw,
          headers: { 'Content-Type': 'application/sdp', 'Content-Base': `${req.url}/`, ...s.describeHeaders },
          body: s.sdp ?? H264_SDP(),
        };
      case 'SETUP': {
        const requested = req.headers.get('transport') ?? '';
        return {
          ...raw,
          headers: {
            Session: session,
            Transport: s.transport ? s.transport(requested, setups++) : requested,
          },
        };
      }
      case 'PLAY':
        return {
          ...raw,
          headers: {
            Session: session.split(';')[0]!,
            ...(s.rtpInfo !== undefined ? { 'RTP-Info': s.rtpInfo } : {}),
          },
          ...(s.playBefore ? { before: s.playBefore } : {}),
          ...(s.playAfter ? { after: s.playAfter } : {}),
        };
      case 'TEARDOWN':
      case 'GET_PARAMETER':
      case 'SET_PARAMETER':
        return { ...raw, headers: { Session: session.split(';')[0]! } };
      default:
        return { status: 501, reason: 'Not Implemented' };
    }
  };
}

export const LIVE555_BUGGY_TOOL = 'LIVE555 Streaming Media v2013.04.08';

/**
 * A camera running a live555 with the stale-TCP bug: the DESCRIBE response on each of the
 * first `staleConnections` connections is followed by RTP of an old session on channel 0.
 * `describes()` counts the DESCRIBEs received (to check that a client waits).
 */
export async function startLive555BugServer(
  staleConnections = 1,
): Promise<{ srv: ScriptedServer; describes(): number }> {
  let describes = 0;
  const staleData = Buffer.concat([Buffer.from([0x24, 0, 0, 15]), rtpPacket(7, 0, { ssrc: 0xdead })]);
  const srv = await ScriptedServer.start(
    camera({
      sdp: H264_SDP('', LIVE555_BUGGY_TOOL),
      override: (req) => {
        if (req.method !== 'DESCRIBE') return undefined;
        describes += 1;
        return {
          headers: { 'Content-Type': 'application/sdp', 'Content-Base': `${req.url}/` },
          body: H264_SDP('', LIVE555_BUGGY_TOOL),
          ...(describes <= staleConnections ? { after: [staleData] } : {}),
        };
      },
    }),
  );
  return { srv, describes: () => describes };
}
