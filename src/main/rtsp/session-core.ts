// The state of one RTSP session, shared by the DescribedSession and PlayingSession facades in
// session.ts: its stage, what DESCRIBE and SETUP established, the PLAY sequence, and the end
// (fail / close) with the drop into the SessionGroup and the background TEARDOWN. The parts
// with their own state are in sibling files: session-transports.ts (SETUP and per-stream
// transports), session-input.ts (the per-packet media path and the consumer's queue) and
// session-timers.ts (frame timeout, keepalive, receiver reports).
import type { Clock } from './clock';
import type { Frame } from './codec/types';
import type { RtspConnection, TlsOptions } from './connection';
import { RtspError, type RtspErrorContext } from './error';
import type { SessionGroup } from './group';
import { parseRtpInfo } from './headers';
import type { KeepaliveState } from './keepalive';
import type { PacketItem } from './media-stream';
import { DEFAULTS, type PlayOptions, type SessionOptions, type TransportChoice } from './options';
import { type Requester, statusError } from './requester';
import { wallClockOf } from './rtcp';
import { newCounters, type StreamCounters } from './rtp';
import { SessionInput } from './session-input';
import { SessionTimers } from './session-timers';
import { StreamTransports } from './session-transports';
import type { StreamInfo } from './stream-info';
import { offeredEncodings } from './stream-select';
import { runTeardown } from './teardown';
import { type Credentials, redactUrl } from './url';

export type Stage =
  | { kind: 'describing' }
  | { kind: 'described' }
  | { kind: 'playing' }
  | { kind: 'closed'; error?: RtspError };

export interface CoreParams {
  options: SessionOptions;
  clock: Clock;
  req: Requester;
  host: string;
  port: number;
  secure: boolean;
  /** The TLS options for this server (after redirects: without another server's pin). */
  tls?: TlsOptions;
  credentials?: Credentials;
}

/** Something the session tolerated that an operator may want to know (never per packet). */
export interface SessionWarning {
  code: 'rtp-info-without-rtptime';
  message: string;
}

export type ResolvedPlayOptions = Required<Omit<PlayOptions, 'maxTimestampJump'>> & {
  maxTimestampJump?: number;
};

export class SessionCore {
  stage: Stage = { kind: 'describing' };
  readonly clock: Clock;
  readonly req: Requester;
  readonly conn: RtspConnection;
  readonly group: SessionGroup | undefined;
  readonly transports: StreamTransports;
  readonly input: SessionInput;
  readonly timers: SessionTimers;
  tool: string | undefined;
  sdpText = '';
  toolKnown = false;
  buggyLive555 = false;
  streams: StreamInfo[] = [];
  counters: StreamCounters[] = [];
  aggregateUrl = '';
  sessionId: string | undefined;
  sessionTimeoutS = 60;
  mode: 'frames' | 'packets' = 'frames';
  playOpts: ResolvedPlayOptions = {
    initialTimestamp: DEFAULTS.initialTimestamp,
    initialSequence: DEFAULTS.initialSequence,
    unknownRtcpSsrc: DEFAULTS.unknownRtcpSsrc,
    frameTimeoutMs: DEFAULTS.frameTimeoutMs,
  };
  /** The background TEARDOWN started when the session was dropped, if any. */
  teardown: Promise<RtspError | undefined> | undefined;
  private readonly closeListeners: Array<(e: RtspError | undefined) => void> = [];
  readonly warnings: SessionWarning[] = [];
  /** Removes the listener on the caller's signal (the session must not outlive its close). */
  private offAbort: (() => void) | undefined;

  constructor(readonly p: CoreParams) {
    this.clock = p.clock;
    this.req = p.req;
    this.conn = p.req.conn;
    this.group = p.options.group;
    this.transports = new StreamTransports(this);
    this.input = new SessionInput(this, this.transports);
    this.timers = new SessionTimers(this);
    this.conn.sink = this.input;
    this.conn.onClose((e) => this.fail(e));
    const signal = p.options.signal;
    if (signal) {
      if (signal.aborted) queueMicrotask(() => this.close());
      else {
        const onAbort = () => this.close();
        signal.addEventListener('abort', onAbort, { once: true });
        this.offAbort = () => signal.removeEventListener('abort', onAbort);
      }
    }
  }

  get failure(): RtspError | undefined {
    return this.stage.kind === 'closed' ? this.stage.error : undefined;
  }

  get keepalive(): KeepaliveState {
    return this.timers.keepalive;
  }

  context(): RtspErrorContext {
    return { connection: this.conn.description, url: redactUrl(this.aggregateUrl), at: this.clock.wallNow() };
  }

  warn(code: SessionWarning['code'], message: string): void {
    this.warnings.push({ code, message });
  }

  onClose(fn: (e: RtspError | undefined) => void): void {
    if (this.stage.kind === 'closed') fn(this.stage.error);
    else this.closeListeners.push(fn);
  }

  // ---------- SETUP ----------

  async setup(index: number, transport: TransportChoice): Promise<void> {
    this.requireStage('described', 'SETUP');
    await this.transports.setup(index, transport);
  }

  transportOf(index: number): 'tcp' | 'udp' | undefined {
    return this.transports.transportOf(index);
  }

  get setUpCount(): number {
    return this.transports.count;
  }

  // ---------- PLAY ----------

  async play(opts: PlayOptions & { mode?: 'frames' | 'packets' }): Promise<void> {
    this.requireStage('described', 'PLAY');
    if (this.setUpCount === 0) throw new RtspError('protocol', 'PLAY before any SETUP', this.context());
    this.mode = opts.mode ?? 'frames';
    // Frames of streams without a depacketizer never come: say so now, not after the frame
    // timeout while their packets arrive.
    if (
      this.mode === 'frames' &&
      !this.streams.some((s, i) => s.supported && this.transportOf(i) !== undefined)
    )
      throw new RtspError(
        'unsupported',
        `no set-up stream can be decoded; offered: ${offeredEncodings(this.streams)}`,
        this.context(),
      );
    this.playOpts = {
      initialTimestamp: opts.initialTimestamp ?? DEFAULTS.initialTimestamp,
      initialSequence: opts.initialSequence ?? DEFAULTS.initialSequence,
      unknownRtcpSsrc: opts.unknownRtcpSsrc ?? DEFAULTS.unknownRtcpSsrc,
      frameTimeoutMs: opts.frameTimeoutMs ?? DEFAULTS.frameTimeoutMs,
      ...(opts.maxTimestampJump !== undefined ? { maxTimestampJump: opts.maxTimestampJump } : {}),
    };
    this.stage = { kind: 'playing' };
    this.input.openQueue();
    const res = await this.req.send('PLAY', this.aggregateUrl, { Range: 'npt=0.000-' });
    if (res.status < 200 || res.status >= 300) {
      throw statusError(
        res,
        'PLAY',
        redactUrl(this.aggregateUrl),
        this.p.credentials !== undefined,
      ).withContext(this.context());
    }
    const stage = this.stage as Stage;
    if (stage.kind !== 'playing') throw (stage.kind === 'closed' ? stage.error : undefined) ?? closedError();
    this.input.buildMedia(parseRtpInfo(res.headers.get('rtp-info') ?? ''));
    const now = this.clock.now();
    this.input.lastProgressAt = now;
    this.timers.start(now);
    this.input.replayEarly(now);
  }

  nextItem(): Promise<IteratorResult<Frame | PacketItem>> {
    return this.input.nextItem();
  }

  /** Ends the session on evidence of a stale live555 session, and records it in the group. */
  staleSessionFound(what: string, ctx: RtspErrorContext): void {
    const added = this.group?.noteLive555Stale({ url: redactUrl(this.aggregateUrl || this.p.host) }) ?? false;
    this.fail(
      new RtspError(
        'stale-session',
        `${what}: a stale live555 session is sending on this connection${added ? '' : ' (already known)'}`,
        { ...this.context(), ...ctx },
      ),
    );
  }

  // ---------- close / fail / drop ----------

  private requireStage(kind: Stage['kind'], what: string): void {
    if (this.stage.kind === 'closed') throw this.stage.error ?? closedError();
    if (this.stage.kind !== kind)
      throw new RtspError('protocol', `${what} not allowed in stage ${this.stage.kind}`);
  }

  fail(e: RtspError): void {
    if (this.stage.kind === 'closed') return;
    this.end(e.withContext(this.context()));
  }

  close(): void {
    if (this.stage.kind === 'closed') return;
    this.end(undefined);
  }

  private end(error: RtspError | undefined): void {
    this.stage = error ? { kind: 'closed', error } : { kind: 'closed' };
    this.offAbort?.();
    this.offAbort = undefined;
    this.timers.stop();
    this.input.stop(error);
    const transport = this.transports.closeAll();
    this.conn.sink = undefined;
    this.drop(transport);
    for (const fn of this.closeListeners.splice(0)) fn(error);
  }

  /** Tracks the dropped session in the group and starts its TEARDOWN, per policy. */
  private drop(transport: 'tcp' | 'udp'): void {
    const policy = this.p.options.teardownPolicy ?? DEFAULTS.teardownPolicy;
    const sessionId = this.sessionId;
    if (sessionId === undefined || policy === 'never') {
      this.conn.close();
      return;
    }
    const expiresAt = this.clock.now() + this.sessionTimeoutS * 1000;
    const handle = this.group?.addDropped({
      sessionId,
      expiresAt,
      url: redactUrl(this.aggregateUrl),
      transport,
    });
    const auth = this.req.authenticator;
    const o = this.p.options;
    this.teardown = runTeardown({
      policy,
      transport,
      buggyLive555: this.buggyLive555,
      existing: this.req,
      url: this.aggregateUrl,
      sessionId,
      expiresAt,
      host: this.p.host,
      port: this.p.port,
      secure: this.p.secure,
      ...(this.p.tls ? { tls: this.p.tls } : {}),
      allowBasic: this.p.secure || o.allowBasicAuth === true,
      ...(this.p.credentials ? { credentials: this.p.credentials } : {}),
      ...(auth ? { authenticator: auth } : {}),
      userAgent: o.userAgent ?? DEFAULTS.userAgent,
      clock: this.clock,
      ...(handle ? { handle } : {}),
    });
    handle?.track(this.teardown);
  }

  // ---------- figures ----------

  /** Wall-clock time (Unix ms) of a stream's extended RTP timestamp, from its latest Sender Report. */
  wallClock(index: number, timestamp: number): number | undefined {
    const m = this.input.media[index]?.wallClock;
    return m ? wallClockOf(m, timestamp) : undefined;
  }

  stats(): StreamStats[] {
    const out: StreamStats[] = [];
    this.transports.setups.forEach((s, i) => {
      if (s) out.push({ index: i, transport: s.kind, ...this.counters[i]! });
    });
    return out;
  }

  initCounters(): void {
    this.counters = this.streams.map(() => newCounters());
  }
}

export interface StreamStats extends StreamCounters {
  index: number;
  transport: 'tcp' | 'udp';
}

function closedError(): RtspError {
  return new RtspError('closed', 'the session was closed');
}
