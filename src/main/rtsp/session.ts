// The RTSP session lifecycle, staged like retina's: `describe()` gives a DescribedSession
// (streams, SDP, server tool); `setup(i)` per stream; `play()` gives a PlayingSession whose
// `frames()` (or `packets()`) iterate what arrives. Calls out of order do not type-check.
// Behind the two facades, each stage owns its data: SessionLink (session-link.ts: connection,
// requester, the end), Described (session-described.ts: description, SETUP, TEARDOWN) and
// Playing (session-playing.ts: media path, queue, timers), created by the PLAY response.

import { silentLogger } from '../../shared/engine-log';
import { systemClock } from './clock';
import { createDepacketizer } from './codec/index';
import type { Frame } from './codec/types';
import { connect } from './connection';
import { RtspError } from './error';
import type { PacketItem } from './media-stream';
import {
  DEFAULTS,
  type DepacketizerFactory,
  type PlayOptions,
  type SessionOptions,
  type SetupOptions,
} from './options';
import { Requester, statusError } from './requester';
import { hasLive555TcpBug, parseSdp } from './sdp';
import { Described } from './session-described';
import { SessionLink, type SessionWarning } from './session-link';
import type { Playing, StreamStats } from './session-playing';
import { StreamInfo } from './stream-info';
import { joinControl, parseBase, parseRtspUrl, redactUrl } from './url';

const defaultFactory: DepacketizerFactory = createDepacketizer;

/** Connects, sends DESCRIBE (following up to `maxRedirects` 3xx) and parses the SDP. */
export async function describe(url: string | URL, options: SessionOptions = {}): Promise<DescribedSession> {
  const clock = options.clock ?? systemClock;
  let parsed = parseRtspUrl(url);
  if (parsed instanceof RtspError) throw parsed.withContext({ url: redactUrl(url) });
  let credentials = options.credentials ?? parsed.credentials;
  // A fingerprint pin (and a server name) name the first server's certificate only.
  let tlsOptions = options.tls;
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;
  for (let redirects = 0; ; redirects++) {
    const target = parsed.url.toString();
    const log = (options.logger ?? silentLogger).child('session', { url: redactUrl(target) });
    const connectStartedAt = clock.now();
    log.debug('connecting', { host: parsed.host, port: parsed.port, secure: parsed.secure, redirects });
    const conn = await connect({
      host: parsed.host,
      port: parsed.port,
      secure: parsed.secure,
      ...(tlsOptions ? { tls: tlsOptions } : {}),
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      clock,
      ...(options.signal ? { signal: options.signal } : {}),
    }).catch((e: unknown) => {
      log.debug('connect failed', {
        code: e instanceof RtspError ? e.code : 'unknown',
        ms: clock.now() - connectStartedAt,
      });
      throw e instanceof RtspError ? e.withContext({ url: target }) : e;
    });
    log.debug('connected', { connection: conn.description, ms: clock.now() - connectStartedAt });
    const req = new Requester(conn, {
      logger: log,
      clock,
      ...(credentials ? { credentials } : {}),
      allowBasic: parsed.secure || options.allowBasicAuth === true,
      userAgent: options.userAgent ?? DEFAULTS.userAgent,
      responseTimeoutMs: options.responseTimeoutMs ?? DEFAULTS.responseTimeoutMs,
    });
    const link = new SessionLink({
      options,
      clock,
      req,
      host: parsed.host,
      port: parsed.port,
      secure: parsed.secure,
      ...(tlsOptions ? { tls: tlsOptions } : {}),
      ...(credentials ? { credentials } : {}),
      url: target,
      log,
    });
    // Before DESCRIBE answers, the server is unknown: any interleaved data is unassigned.
    conn.sink = {
      interleaved: (channel, _payload, offset) => {
        link.unassignedChannel(channel, offset, { toolKnown: false, buggyLive555: false });
      },
    };
    let res: Awaited<ReturnType<Requester['send']>>;
    try {
      res = await req.send('DESCRIBE', target, { Accept: 'application/sdp' });
    } catch (e) {
      link.close();
      throw e instanceof RtspError ? e.withContext({ url: target }) : e;
    }
    if (res.status >= 300 && res.status < 400) {
      link.close();
      const location = res.headers.get('location');
      log.debug('redirected', {
        status: res.status,
        location: location === undefined ? undefined : redactUrl(location),
      });
      if (location === undefined || redirects >= maxRedirects) {
        throw new RtspError(
          'redirect',
          location === undefined ? 'redirect without Location' : 'too many redirects',
          {
            url: target,
            status: res.status,
            method: 'DESCRIBE',
          },
        );
      }
      const next = parseRtspUrl(location);
      if (next instanceof RtspError)
        throw new RtspError('redirect', `redirect to an unsupported URL: ${next.description}`, {
          url: target,
        });
      if (parsed.secure && !next.secure)
        throw new RtspError('redirect', 'refused a redirect from rtsps:// to plain rtsp://', {
          url: target,
          status: res.status,
          method: 'DESCRIBE',
        });
      if (next.host.toLowerCase() !== parsed.host.toLowerCase() || next.port !== parsed.port) {
        // Another server: it gets neither our password nor our trust in the first one's
        // certificate. Credentials it put in the Location itself are its own to use.
        credentials = next.credentials;
        if (tlsOptions) {
          const { fingerprint256: _pin, servername: _name, ...rest } = tlsOptions;
          tlsOptions = rest;
        }
      }
      parsed = next;
      continue;
    }
    if (res.status < 200 || res.status >= 300) {
      link.close();
      throw statusError(res, 'DESCRIBE', target, credentials !== undefined, req.basicRefused).withContext({
        connection: conn.description,
      });
    }
    let described: Described;
    try {
      // Data that arrived with the response may already have failed the session.
      if (link.failure) throw link.failure;
      described = describedStage(
        link,
        res.body,
        res.headers.get('content-base') ?? res.headers.get('content-location'),
        parsed.url,
        options,
      );
    } catch (e) {
      link.close();
      throw e;
    }
    return new DescribedSession(described);
  }
}

/** Parses the DESCRIBE response into the Described stage, which then owns the session. */
function describedStage(
  link: SessionLink,
  body: Buffer,
  baseHeader: string | undefined,
  requestUrl: URL,
  options: SessionOptions,
): Described {
  const sdp = parseSdp(body);
  if (sdp instanceof RtspError) throw sdp.withContext(link.context());
  const base = (baseHeader !== undefined ? parseBase(baseHeader, requestUrl) : undefined) ?? requestUrl;
  const factory = options.depacketizers ?? defaultFactory;
  const streams = sdp.media.map((m, i) => {
    const control = (joinControl(base, m.control) ?? base).toString();
    let reason = m.unusableReason;
    let depacketizer: StreamInfo['depacketizer'];
    if (m.description !== undefined) {
      const r = factory(m.description, i, options.depacketizerOptions);
      if (r.ok) depacketizer = r.depacketizer;
      else reason = r.reason;
    }
    return new StreamInfo(
      i,
      m.media,
      control,
      m.description,
      depacketizer ? undefined : reason,
      depacketizer,
      m.multicast === true,
    );
  });
  const described = new Described(link, {
    streams,
    sdp: body.toString('utf8'),
    tool: sdp.tool,
    buggyLive555: hasLive555TcpBug(sdp.tool),
  });
  link.described((joinControl(base, sdp.control) ?? base).toString(), described);
  return described;
}

/** What both stages of a session show: the description, the session id, the connection. */
abstract class SessionView {
  constructor(protected readonly stage: Described) {}

  get streams(): readonly StreamInfo[] {
    return this.stage.description.streams;
  }
  /** The server's `a=tool`, e.g. "GStreamer" or "LIVE555 Streaming Media v2013.04.08". */
  get tool(): string | undefined {
    return this.stage.description.tool;
  }
  /** The server is a live555 older than 2017.06.04, with the stale-TCP-session bug. */
  get serverHasLive555TcpBug(): boolean {
    return this.stage.description.buggyLive555;
  }
  get sessionId(): string | undefined {
    return this.stage.transports.sessionId;
  }
  /** "local -> peer" of the RTSP connection. */
  get connection(): string {
    return this.stage.link.conn.description;
  }
}

/** A session after DESCRIBE: set up streams, then play. */
export class DescribedSession extends SessionView {
  /** The SDP as received. */
  get sdp(): string {
    return this.stage.description.sdp;
  }
  /** The aggregate control URL (no credentials). */
  get url(): string {
    return redactUrl(this.stage.link.url);
  }

  /** SETUP one stream (one after another, never in parallel). */
  async setup(streamIndex: number, options: SetupOptions = {}): Promise<void> {
    try {
      await this.stage.setup(streamIndex, options.transport ?? 'tcp');
    } catch (e) {
      // When the session failed (e.g. a stale session found), that is the reason, not the
      // pending request's rejection.
      throw this.stage.link.failure ?? asRtspError(e);
    }
  }

  /** Transport chosen for a set-up stream. */
  transportOf(streamIndex: number): 'tcp' | 'udp' | undefined {
    return this.stage.transports.transportOf(streamIndex);
  }

  /** Aggregate PLAY; the returned session yields frames (or packets with mode 'packets'). */
  async play(options: PlayOptions & { mode?: 'frames' | 'packets' } = {}): Promise<PlayingSession> {
    let playing: Playing;
    try {
      playing = await this.stage.play(options);
    } catch (e) {
      const link = this.stage.link;
      const err = link.failure ?? asRtspError(e);
      link.fail(err);
      throw err;
    }
    return new PlayingSession(this.stage, playing);
  }

  /** Closes; a session that had a valid SETUP is torn down in the background per policy. */
  close(): void {
    this.stage.link.close();
  }
}

/** A playing session. Iterate `frames()` (or `packets()`), read `stats()`, `close()`. */
export class PlayingSession extends SessionView {
  constructor(
    stage: Described,
    private readonly playing: Playing,
  ) {
    super(stage);
  }

  /** The error that ended the session, if one did. */
  get error(): RtspError | undefined {
    return this.stage.link.failure;
  }
  get closed(): boolean {
    return this.stage.link.closed;
  }
  /** The background TEARDOWN started on close, if any (resolves to its error, if it failed). */
  get teardown(): Promise<RtspError | undefined> | undefined {
    return this.stage.teardown;
  }
  /** What the session tolerated (e.g. RTP-Info without rtptime under 'permissive'). */
  get warnings(): readonly SessionWarning[] {
    return this.stage.link.warnings;
  }
  /** Keepalives sent so far. */
  get keepalives(): number {
    return this.playing.keepalive.count;
  }

  /** Live per-stream counters (copies; cheap enough to call at 1 Hz). */
  stats(): StreamStats[] {
    return this.playing.stats();
  }

  /**
   * Wall-clock time (Unix ms) of a frame's timestamp on stream `streamIndex`, mapped through
   * the stream's latest RTCP Sender Report; undefined before the first SR.
   */
  wallClock(streamIndex: number, timestamp: number): number | undefined {
    return this.playing.wallClock(streamIndex, timestamp);
  }

  /** Calls `fn` once when the session ends (with the error, if it failed). */
  onClose(fn: (error: RtspError | undefined) => void): void {
    this.stage.link.onClose(fn);
  }

  /**
   * Whole frames from every stream, in arrival order. The iteration ends when the session is
   * closed (or `signal` aborts, which closes it) and throws the RtspError that ended it.
   */
  frames(signal?: AbortSignal): AsyncIterableIterator<Frame> {
    if (this.playing.mode !== 'frames')
      throw new RtspError('protocol', "frames() on a session played with mode 'packets'");
    return this.iterate<Frame>(signal);
  }

  /** RTP and RTCP items (play with mode 'packets'). */
  packets(signal?: AbortSignal): AsyncIterableIterator<PacketItem> {
    if (this.playing.mode !== 'packets')
      throw new RtspError('protocol', "packets() on a session played with mode 'frames'");
    return this.iterate<PacketItem>(signal);
  }

  private iterate<T>(signal?: AbortSignal): AsyncIterableIterator<T> {
    const link = this.stage.link;
    const playing = this.playing;
    if (signal) {
      if (signal.aborted) link.close();
      else {
        // The listener goes when the session ends, however it ends: a long-lived signal
        // (a camera's) must not keep closed sessions reachable.
        const onAbort = () => link.close();
        signal.addEventListener('abort', onAbort, { once: true });
        link.onClose(() => signal.removeEventListener('abort', onAbort));
      }
    }
    const it: AsyncIterableIterator<T> = {
      next: () => playing.nextItem() as Promise<IteratorResult<T>>,
      // Leaving a `for await` early (break, throw) ends the session: nothing else would.
      return: async () => {
        link.close();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  close(): void {
    this.stage.link.close();
  }
}

function asRtspError(e: unknown): RtspError {
  if (e instanceof RtspError) return e;
  return new RtspError('protocol', e instanceof Error ? e.message : String(e), {}, { cause: e });
}
