// One client's TCP connection to the restream server: reads requests with the RTSP client's
// own reader (bounded header and body; anything else answers 400 and closes), answers each
// method, and owns the sessions set up on it (closed with it). Interleaved data from the client
// (RTCP receiver reports) only counts as activity.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Logger } from '../../shared/engine-log';
import {
  cseqOf,
  parseTransportHeader,
  RtspHeaders,
  RtspReader,
  type RtspRequest,
  type TransportHeader,
  writeResponse,
} from '../rtsp/index';
import type { AccessControl } from './access';
import type { FrameFanOut } from './fan-out';
import { RestreamSession, type TrackTransport, type UdpSend } from './session';
import { buildSdp } from './tracks';

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly access: AccessControl;
  readonly log: Logger;
  /** A request with wrong or no credentials that named a user (rate-limited logging). */
  refusedLogin(address: string, user: string | undefined, path: string): void;
  /** What the URLs it hands out (Content-Base, RTP-Info) start with. */
  readonly scheme: 'rtsp' | 'rtsps';
  udpPorts(): [number, number] | undefined;
  readonly sessionTimeoutSec: number;
  source(path: string): FrameFanOut | undefined;
  /** A source without tracks yet: wait for them (undefined) or give the reason for a 503. */
  awaitSource?(path: string): Promise<string | undefined>;
  udpSend: UdpSend;
  now(): number;
  /** Registers a new session; false when the server has too many. */
  addSession(s: RestreamSession): boolean;
  removeSession(s: RestreamSession): void;
  /** A session the fan-out closed for not reading (before it is removed). */
  stalled(s: RestreamSession): void;
}

const PUBLIC = 'OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER';
const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  451: 'Parameter Not Understood',
  454: 'Session Not Found',
  455: 'Method Not Valid in This State',
  459: 'Aggregate Operation Not Allowed',
  461: 'Unsupported Transport',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** Header block limit for requests (a real client's are well under 2 KiB). */
export const MAX_REQUEST_HEADER = 8 * 1024;
const MAX_REQUEST_BODY = 16 * 1024;

interface Target {
  path: string;
  /** trackID=N of a SETUP URL. */
  track: number | undefined;
}

/** The path (and track) a request URL names; undefined for a URL we cannot read. */
export function targetOf(url: string): Target | undefined {
  const m = /^rtsps?:\/\/[^/?#]*(\/[^?#]*)?(?:[?#].*)?$/i.exec(url);
  const raw = m ? (m[1] ?? '/') : url.startsWith('/') ? url : undefined;
  if (raw === undefined) return undefined;
  let segments: string[];
  try {
    segments = raw
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
  // An aggregate URL built from `a=control:*` by a client that appends it.
  if (segments[segments.length - 1] === '*') segments.pop();
  let track: number | undefined;
  const last = segments[segments.length - 1];
  const t = last === undefined ? null : /^trackID=(\d{1,3})$/.exec(last);
  if (t) {
    track = Number(t[1]);
    segments.pop();
  }
  return { path: segments.join('/'), track };
}

export class ServerConnection {
  readonly #reader: RtspReader;
  readonly #sessions = new Map<string, RestreamSession>();
  readonly remoteAddress: string;
  #closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.remoteAddress = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    this.#reader = new RtspReader(
      {
        message: (msg) => {
          if (msg.kind === 'request') this.#handle(msg);
        },
        data: () => {
          for (const s of this.#sessions.values()) s.lastActivity = this.host.now();
        },
        error: (err) => {
          this.host.log.debug('bad request: connection closed', {
            from: this.remoteAddress,
            error: err.message,
          });
          this.#send(400, undefined, new RtspHeaders(), undefined);
          this.socket.end();
          this.close(`bad request: ${err.message}`);
        },
      },
      { maxHeader: MAX_REQUEST_HEADER, maxBody: MAX_REQUEST_BODY },
    );
    socket.on('data', (chunk: Buffer) => this.#reader.push(chunk));
    // A connection that sets nothing up and says nothing for a session timeout is dropped, so
    // idle connections cannot pile up to the connection limit. (A playing TCP session writes
    // all the time; a UDP one is ended by the server's sweep.)
    socket.setTimeout(host.sessionTimeoutSec * 1000, () => {
      if (this.#sessions.size === 0) this.close('idle');
    });
    socket.on('close', () => this.close('closed'));
    socket.on('error', () => this.close('socket error'));
  }

  get sessions(): Iterable<RestreamSession> {
    return this.#sessions.values();
  }

  close(why: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.host.log.debugEnabled)
      this.host.log.debug('connection closed', {
        from: this.remoteAddress,
        why,
        sessions: this.#sessions.size,
      });
    for (const s of this.#sessions.values()) this.#end(s);
    if (!this.socket.destroyed) this.socket.destroy();
  }

  endSession(s: RestreamSession): void {
    this.#end(s);
    // A TCP-interleaved session is the connection's stream: without it the client is gone.
    if (s.transport === 'tcp') this.close('session ended');
  }

  #end(s: RestreamSession): void {
    s.close();
    this.#sessions.delete(s.id);
    this.host.removeSession(s);
  }

  /** Writes a response; true (a handled request) so handlers can `return reply(...)`. */
  #send(
    status: number,
    cseq: number | undefined,
    headers: RtspHeaders,
    body: Buffer | undefined,
    reason?: string,
  ): boolean {
    if (this.socket.destroyed) return true;
    if (cseq !== undefined) headers.set('CSeq', String(cseq));
    headers.set('Server', 'camrelay');
    // A reason phrase of our own (a 503's cause) is kept to printable ASCII on one line.
    const phrase = reason?.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200) || REASONS[status] || 'Error';
    this.socket.write(writeResponse(status, phrase, headers, body));
    return true;
  }

  #handle(req: RtspRequest): boolean {
    const cseq = cseqOf(req);
    const reply = (status: number, headers = new RtspHeaders(), body?: Buffer) => {
      if (this.host.log.debugEnabled)
        // A client may put user:password@ in the request URL: never into a log line.
        this.host.log.debug(req.method, {
          url: req.url.replace(/\/\/[^/@]*@/, '//'),
          status,
          cseq,
          from: this.remoteAddress,
        });
      return this.#send(status, cseq, headers, body);
    };
    if (cseq === undefined) return reply(400);
    const sessionId = req.headers.get('session')?.split(';')[0]?.trim();
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId);
    if (session) session.lastActivity = this.host.now();
    if (req.method === 'OPTIONS') return reply(200, new RtspHeaders({ Public: PUBLIC }));
    const target = req.url === '*' ? { path: '', track: undefined } : targetOf(req.url);
    if (target === undefined) return reply(400);
    if (req.method === 'GET_PARAMETER' || req.method === 'SET_PARAMETER') {
      if (sessionId !== undefined && !session) return reply(454);
      if (req.method === 'SET_PARAMETER' && req.body.length > 0) return reply(451);
      return reply(200, this.#sessionHeader(session));
    }
    if (req.method === 'TEARDOWN') {
      if (!session) return reply(sessionId === undefined ? 200 : 454);
      reply(200);
      this.endSession(session);
      return true;
    }
    if (!['DESCRIBE', 'SETUP', 'PLAY', 'PAUSE'].includes(req.method)) {
      return reply(501, new RtspHeaders({ Public: PUBLIC }));
    }
    const access = this.host.access.check(req.headers.get('authorization'), req.method, target.path);
    if (!access.ok) {
      if (access.status === 404) return reply(404);
      const authorization = req.headers.get('authorization');
      if (authorization !== undefined && !access.stale)
        this.host.refusedLogin(this.remoteAddress, userOf(authorization), target.path);
      const h = new RtspHeaders();
      for (const c of this.host.access.challenges(access.stale)) h.entries.push(['WWW-Authenticate', c]);
      return reply(401, h);
    }
    const source = this.host.source(target.path);
    if (!source) return reply(404);
    if (session && session.path !== target.path) return reply(459);
    switch (req.method) {
      case 'DESCRIBE':
        return this.#describe(req, source, target.path, reply);
      case 'SETUP':
        return this.#setup(req, source, target, session, sessionId, access.user, reply);
      case 'PLAY': {
        if (!session) return reply(454);
        if (session.tracks.size === 0) return reply(455);
        const info: string[] = [];
        for (const [id, t] of session.tracks) {
          info.push(
            `url=${this.#base(req, target.path)}trackID=${id};seq=${t.sender.sequence};rtptime=${t.sender.nextTimestamp}`,
          );
        }
        const h = this.#sessionHeader(session);
        h.set('Range', 'npt=0.000-');
        h.set('RTP-Info', info.join(','));
        reply(200, h);
        session.play();
        return true;
      }
      default: // PAUSE
        if (!session) return reply(454);
        session.pause();
        return reply(200, this.#sessionHeader(session));
    }
  }

  #base(req: RtspRequest, path: string): string {
    const hostPort = /^rtsps?:\/\/([^/?#]*)/i.exec(req.url)?.[1]?.replace(/^[^@]*@/, '');
    const local = `${this.socket.localAddress?.replace(/^::ffff:/, '')}:${this.socket.localPort}`;
    return `${this.host.scheme}://${hostPort ?? local}/${path.split('/').map(encodeURIComponent).join('/')}/`;
  }

  #sessionHeader(s: RestreamSession | undefined): RtspHeaders {
    const h = new RtspHeaders();
    if (s) h.set('Session', `${s.id};timeout=${this.host.sessionTimeoutSec}`);
    return h;
  }

  #describe(req: RtspRequest, source: FrameFanOut, path: string, reply: Reply): boolean {
    const tracks = source.tracks;
    if ((tracks === undefined || tracks.length === 0) && this.host.awaitSource) {
      // An on-demand camera connects now; answer once it sent a key frame (or gave up).
      const cseq = cseqOf(req);
      void this.host.awaitSource(path).then(
        (why) => {
          if (this.#closed) return;
          if (why === undefined && source.tracks?.length) this.#describe(req, source, path, reply);
          else this.#send(503, cseq, new RtspHeaders(), undefined, why ?? 'Camera Not Available');
        },
        () => this.#send(503, cseq, new RtspHeaders(), undefined, 'Camera Not Available'),
      );
      return true;
    }
    if (tracks === undefined || tracks.length === 0) return reply(503);
    const sdp = buildSdp(tracks, source.currentStreams(), {
      host: this.socket.localAddress?.replace(/^::ffff:/, '') ?? '0.0.0.0',
      sessionId: String(Date.now()),
    });
    const h = new RtspHeaders({ 'Content-Base': this.#base(req, path), 'Content-Type': 'application/sdp' });
    return reply(200, h, Buffer.from(sdp, 'utf8'));
  }

  #setup(
    req: RtspRequest,
    source: FrameFanOut,
    target: Target,
    existing: RestreamSession | undefined,
    sessionId: string | undefined,
    user: string | undefined,
    reply: Reply,
  ): boolean {
    if (sessionId !== undefined && !existing) return reply(454);
    const tracks = source.tracks;
    const trackId = target.track ?? (tracks?.length === 1 ? 0 : undefined);
    const track = trackId === undefined ? undefined : tracks?.[trackId];
    if (!track) return reply(404);
    if (existing?.playing) return reply(455);
    const transport = this.#chooseTransport(req.headers.get('transport') ?? '', existing, trackId!);
    if (transport === undefined) return reply(461);
    let session = existing;
    if (!session) {
      session = new RestreamSession(
        randomBytes(8).toString('hex'),
        target.path,
        source,
        user,
        this.remoteAddress,
        this.socket,
        this.host.udpSend,
        this.host.now(),
        (s) => {
          this.host.stalled(s);
          this.endSession(s);
        },
      );
      if (!this.host.addSession(session)) return reply(503);
      this.#sessions.set(session.id, session);
    }
    const t = session.setup(trackId!, transport, track.payloadType);
    const ssrc = t.sender.ssrc.toString(16).padStart(8, '0').toUpperCase();
    let value: string;
    if (transport.kind === 'tcp') {
      value = `RTP/AVP/TCP;unicast;interleaved=${transport.channel}-${transport.channel + 1};ssrc=${ssrc}`;
    } else {
      const [a, b] = this.host.udpPorts()!;
      value = `RTP/AVP;unicast;client_port=${transport.rtpPort}-${transport.rtcpPort};server_port=${a}-${b};ssrc=${ssrc}`;
    }
    const h = this.#sessionHeader(session);
    h.set('Transport', value);
    return reply(200, h);
  }

  /** The first transport spec we can serve; all of a session's tracks use one kind. */
  #chooseTransport(
    value: string,
    s: RestreamSession | undefined,
    trackId: number,
  ): TrackTransport | undefined {
    for (const spec of value.split(',')) {
      const t: TransportHeader | undefined = parseTransportHeader(spec);
      if (!t?.unicast) continue;
      const kind = t.protocol === 'RTP/AVP/TCP' ? 'tcp' : 'udp';
      if (s && s.transport !== undefined && s.transport !== kind && !s.tracks.has(trackId)) continue;
      if (kind === 'tcp') {
        const channel = t.interleaved?.[0] ?? trackId * 2;
        if (channel > 254) continue;
        return { kind, channel };
      }
      if (!this.host.udpPorts() || !t.clientPort || t.clientPort[0] === 0) continue;
      return { kind, address: this.remoteAddress, rtpPort: t.clientPort[0], rtcpPort: t.clientPort[1] };
    }
    return undefined;
  }
}

type Reply = (status: number, headers?: RtspHeaders, body?: Buffer) => boolean;

/** The user name an Authorization header claims (Digest `username=`, or Basic's), for logs. */
function userOf(authorization: string): string | undefined {
  const digest = /username="([^"]{0,64})"/i.exec(authorization);
  if (digest) return digest[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]{1,512})$/i.exec(authorization.trim());
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, Math.min(colon, 64)) : undefined;
}
