// The state and I/O of one RTSP session, shared by the DescribedSession and PlayingSession
// facades in session.ts: SETUP (TCP interleaved or UDP, with 461 fallback), PLAY, demuxing
// interleaved and UDP data into per-stream pipelines, keepalive, timeouts, RTCP receiver
// reports, unassigned-channel policy and the drop/teardown path into the SessionGroup.
import type { Clock, TimerHandle } from './clock';
import type { Frame } from './codec/types';
import type { InterleavedSink, RtspConnection } from './connection';
import { RtspError, type RtspErrorContext } from './error';
import type { SessionGroup } from './group';
import { parseRtpInfo, type RtpInfoEntry } from './headers';
import { KeepaliveState } from './keepalive';
import { type MediaOutput, MediaStream, type PacketItem } from './media-stream';
import { writeInterleaved } from './message';
import {
  DEFAULTS,
  type PlayOptions,
  type SessionOptions,
  type TransportChoice,
  type UnassignedChannelDataPolicy,
} from './options';
import { startParams } from './play-start';
import { ItemQueue } from './queue';
import { type Requester, statusError } from './requester';
import { wallClockOf } from './rtcp';
import { newCounters, type StreamCounters } from './rtp';
import type { SetupState } from './setup';
import { negotiateSetup } from './setup';
import type { StreamInfo } from './stream-info';
import { runTeardown } from './teardown';
import { type Credentials, redactUrl } from './url';

export type Stage =
  | { kind: 'describing' }
  | { kind: 'described' }
  | { kind: 'playing' }
  | { kind: 'closed'; error?: RtspError };

interface Early {
  index: number;
  rtcp: boolean;
  buf: Buffer;
}

const MAX_EARLY = 2048;
/** Items queued for a consumer that does not keep up (UDP; TCP pauses at 512). */
const MAX_QUEUED = 8192;

export interface CoreParams {
  options: SessionOptions;
  clock: Clock;
  req: Requester;
  host: string;
  port: number;
  secure: boolean;
  credentials?: Credentials;
}

export class SessionCore implements InterleavedSink, MediaOutput {
  stage: Stage = { kind: 'describing' };
  readonly clock: Clock;
  readonly req: Requester;
  readonly conn: RtspConnection;
  readonly group: SessionGroup | undefined;
  tool: string | undefined;
  sdpText = '';
  toolKnown = false;
  buggyLive555 = false;
  streams: StreamInfo[] = [];
  counters: StreamCounters[] = [];
  aggregateUrl = '';
  sessionId: string | undefined;
  sessionTimeoutS = 60;
  private readonly setups: Array<SetupState | undefined> = [];
  /** channel -> stream index * 2 + (1 for RTCP), or -1. */
  private readonly channelMap = new Int16Array(256).fill(-1);
  private media: Array<MediaStream | undefined> = [];
  private early: Early[] = [];
  earlyDropped = 0;
  unassignedDropped = 0;
  private queue: ItemQueue<Frame | PacketItem> | undefined;
  mode: 'frames' | 'packets' = 'frames';
  private tickTimer: TimerHandle | undefined;
  private reorderTimer: TimerHandle | undefined;
  private nextKeepaliveAt = 0;
  readonly keepalive = new KeepaliveState();
  private nextReportAt = 0;
  private lastProgressAt = 0;
  private rxTime = 0;
  private playOpts: Required<Omit<PlayOptions, 'maxTimestampJump'>> & { maxTimestampJump?: number } = {
    initialTimestamp: DEFAULTS.initialTimestamp,
    initialSequence: DEFAULTS.initialSequence,
    unknownRtcpSsrc: DEFAULTS.unknownRtcpSsrc,
    frameTimeoutMs: DEFAULTS.frameTimeoutMs,
  };
  /** The background TEARDOWN started when the session was dropped, if any. */
  teardown: Promise<RtspError | undefined> | undefined;
  private readonly closeListeners: Array<(e: RtspError | undefined) => void> = [];

  constructor(readonly p: CoreParams) {
    this.clock = p.clock;
    this.req = p.req;
    this.conn = p.req.conn;
    this.group = p.options.group;
    this.conn.sink = this;
    this.conn.onClose((e) => this.fail(e));
    const signal = p.options.signal;
    if (signal) {
      if (signal.aborted) queueMicrotask(() => this.close());
      else signal.addEventListener('abort', () => this.close(), { once: true });
    }
  }

  get failure(): RtspError | undefined {
    return this.stage.kind === 'closed' ? this.stage.error : undefined;
  }

  context(): RtspErrorContext {
    return { connection: this.conn.description, url: redactUrl(this.aggregateUrl), at: this.clock.wallNow() };
  }

  onClose(fn: (e: RtspError | undefined) => void): void {
    if (this.stage.kind === 'closed') fn(this.stage.error);
    else this.closeListeners.push(fn);
  }

  // ---------- SETUP ----------

  async setup(index: number, transport: TransportChoice): Promise<void> {
    this.requireStage('described', 'SETUP');
    const stream = this.streams[index];
    if (stream === undefined) throw new RtspError('protocol', `no stream ${index}`, this.context());
    if (this.setups[index] !== undefined)
      throw new RtspError('protocol', `stream ${index} is already set up`);
    let choice: 'tcp' | 'udp' = transport === 'tcp' ? 'tcp' : 'udp';
    if (transport === 'auto' && this.setups.some((s) => s?.kind === 'tcp')) choice = 'tcp';
    for (;;) {
      try {
        await this.setupOnce(index, stream, choice);
        return;
      } catch (e) {
        if (
          e instanceof RtspError &&
          e.kind === 'unsupported-transport' &&
          transport === 'auto' &&
          choice === 'udp'
        ) {
          choice = 'tcp';
          continue;
        }
        throw e;
      }
    }
  }

  private async setupOnce(index: number, stream: StreamInfo, kind: 'tcp' | 'udp'): Promise<void> {
    const { state, session } = await negotiateSetup(
      {
        req: this.req,
        conn: this.conn,
        host: this.p.host,
        hadCredentials: this.p.credentials !== undefined,
        ...(this.p.options.udp ? { udp: this.p.options.udp } : {}),
        channelMap: this.channelMap,
        sessionId: this.sessionId,
        context: () => this.context(),
      },
      index,
      stream,
      kind,
    );
    if (session !== undefined && this.sessionId === undefined) {
      this.sessionId = session.id;
      this.sessionTimeoutS = session.timeout;
      this.req.session = session.id;
    } else if (
      session !== undefined &&
      session.id !== this.sessionId &&
      (this.p.options.sessionId ?? DEFAULTS.sessionId) === 'require-match'
    ) {
      if (state.kind === 'udp') state.pair.close();
      throw new RtspError('protocol', 'session id changed between SETUPs (policy require-match)', {
        ...this.context(),
        streamIndex: index,
      });
    }
    if (state.kind === 'tcp') {
      this.channelMap[state.channels[0]] = index * 2;
      this.channelMap[state.channels[1]] = index * 2 + 1;
    } else {
      state.pair.receiver = {
        udpRtp: (m) => this.udpIn(index, false, m),
        udpRtcp: (m) => this.udpIn(index, true, m),
      };
    }
    this.setups[index] = state;
  }

  transportOf(index: number): 'tcp' | 'udp' | undefined {
    return this.setups[index]?.kind;
  }

  get setUpCount(): number {
    return this.setups.filter((s) => s !== undefined).length;
  }

  // ---------- PLAY ----------

  async play(opts: PlayOptions & { mode?: 'frames' | 'packets' }): Promise<void> {
    this.requireStage('described', 'PLAY');
    if (this.setUpCount === 0) throw new RtspError('protocol', 'PLAY before any SETUP', this.context());
    this.mode = opts.mode ?? 'frames';
    this.playOpts = {
      initialTimestamp: opts.initialTimestamp ?? DEFAULTS.initialTimestamp,
      initialSequence: opts.initialSequence ?? DEFAULTS.initialSequence,
      unknownRtcpSsrc: opts.unknownRtcpSsrc ?? DEFAULTS.unknownRtcpSsrc,
      frameTimeoutMs: opts.frameTimeoutMs ?? DEFAULTS.frameTimeoutMs,
      ...(opts.maxTimestampJump !== undefined ? { maxTimestampJump: opts.maxTimestampJump } : {}),
    };
    this.stage = { kind: 'playing' };
    this.queue = new ItemQueue<Frame | PacketItem>(
      512,
      64,
      () => this.conn.pause(),
      () => this.conn.resume(),
    );
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
    this.buildMedia(parseRtpInfo(res.headers.get('rtp-info') ?? ''));
    const now = this.clock.now();
    this.lastProgressAt = now;
    this.nextKeepaliveAt = now + this.keepaliveIntervalMs();
    this.nextReportAt = now + (this.p.options.receiverReportIntervalMs ?? DEFAULTS.receiverReportIntervalMs);
    this.scheduleTick();
    // Replay what arrived before the PLAY response (v4l2rtspserver RTP, Reolink RTCP SR).
    const early = this.early;
    this.early = [];
    for (const e of early) {
      if (this.stage.kind !== 'playing') break;
      this.dispatch(e.index, e.rtcp, e.buf, now);
    }
  }

  private buildMedia(info: RtpInfoEntry[]): void {
    const setUp = this.setups.map((s, i) => (s ? i : -1)).filter((i) => i >= 0);
    const params = startParams(
      setUp.map((i) => ({ index: i, control: this.streams[i]!.control })),
      info,
      this.playOpts,
    );
    if (params instanceof RtspError) throw params.withContext(this.context());
    setUp.forEach((i, k) => {
      const s = this.setups[i]!;
      const start = params[k]!;
      const info = this.streams[i]!;
      const ssrc = s.ssrc ?? start.ssrc;
      const jump = this.playOpts.maxTimestampJump;
      this.media[i] = new MediaStream(
        i,
        info.clockRate ?? 90000,
        {
          payloadType: info.payloadType ?? -1,
          outOfOrder: s.kind === 'tcp' ? 'error' : 'drop',
          ...(ssrc !== undefined ? { ssrc } : {}),
          ...(start.initialSequence !== undefined ? { initialSequence: start.initialSequence } : {}),
          ...(start.initialTimestamp !== undefined ? { initialTimestamp: start.initialTimestamp } : {}),
          ...(jump !== undefined ? { maxTimestampJump: jump } : {}),
        },
        this.counters[i]!,
        info.depacketizer,
        this.mode,
        this,
        this.playOpts.unknownRtcpSsrc,
      );
    });
  }

  nextItem(): Promise<IteratorResult<Frame | PacketItem>> {
    if (!this.queue) return Promise.resolve({ value: undefined, done: true });
    return this.queue.next();
  }

  // ---------- data in ----------

  interleaved(channel: number, payload: Buffer, offset: number): void {
    const v = this.channelMap[channel]!;
    if (v < 0) {
      this.unassigned(channel, offset);
      return;
    }
    const index = v >> 1;
    const rtcp = (v & 1) === 1;
    if (this.media[index] === undefined) {
      this.keepEarly(index, rtcp, payload);
      return;
    }
    this.rxTime = this.conn.lastReceivedAt;
    const m = this.media[index]!;
    if (rtcp) m.rtcp(payload, this.rxTime);
    else m.rtp(payload, this.rxTime);
  }

  private keepEarly(index: number, rtcp: boolean, payload: Buffer): void {
    if (this.stage.kind === 'closed') return;
    if (this.early.length >= MAX_EARLY) {
      this.earlyDropped++;
      return;
    }
    this.early.push({ index, rtcp, buf: Buffer.from(payload) });
  }

  private udpIn(index: number, rtcp: boolean, msg: Buffer): void {
    if (this.media[index] === undefined) {
      this.keepEarly(index, rtcp, msg);
      return;
    }
    this.dispatch(index, rtcp, msg, this.clock.now());
  }

  private dispatch(index: number, rtcp: boolean, buf: Buffer, now: number): void {
    const m = this.media[index]!;
    const s = this.setups[index]!;
    this.rxTime = now;
    if (rtcp) {
      m.rtcp(buf, now);
      return;
    }
    if (s.kind === 'tcp') {
      m.rtp(buf, now);
      return;
    }
    if (buf.length < 12) {
      m.counters.dropped++;
      return;
    }
    const r = s.reorder;
    const verdict = r.push(buf.readUInt16BE(2), buf, now);
    if (verdict !== 'queued') {
      m.counters.dropped++;
      return;
    }
    for (let b = r.pop(now); b !== undefined; b = r.pop(now)) {
      m.rtp(b, r.releasedAt);
      if (this.stage.kind !== 'playing') return;
    }
    if (r.size > 0) this.armReorderFlush();
  }

  private armReorderFlush(): void {
    if (this.reorderTimer !== undefined) return;
    let at = Number.POSITIVE_INFINITY;
    for (const s of this.setups) if (s?.kind === 'udp') at = Math.min(at, s.reorder.deadline() ?? at);
    if (at === Number.POSITIVE_INFINITY) return;
    this.reorderTimer = this.clock.setTimeout(
      () => {
        this.reorderTimer = undefined;
        const now = this.clock.now();
        this.setups.forEach((s, i) => {
          if (s?.kind !== 'udp' || this.stage.kind !== 'playing') return;
          const m = this.media[i];
          if (!m) return;
          for (let b = s.reorder.pop(now); b !== undefined; b = s.reorder.pop(now))
            m.rtp(b, s.reorder.releasedAt);
        });
        if (this.stage.kind === 'playing') this.armReorderFlush();
      },
      Math.max(1, at - this.clock.now()),
    );
  }

  private unassigned(channel: number, offset: number): void {
    let policy: UnassignedChannelDataPolicy =
      this.p.options.unassignedChannelData ?? DEFAULTS.unassignedChannelData;
    if (policy === 'auto') policy = !this.toolKnown || this.buggyLive555 ? 'assume-stale-session' : 'ignore';
    switch (policy) {
      case 'ignore':
        this.unassignedDropped++;
        return;
      case 'error':
        this.fail(
          new RtspError('protocol', `interleaved data on unassigned channel ${channel}`, {
            ...this.context(),
            channel,
            offset,
          }),
        );
        return;
      case 'assume-stale-session':
        this.staleSessionFound(`interleaved data on unassigned channel ${channel}`, { channel, offset });
        return;
      default: {
        const never: never = policy;
        throw new Error(`unknown policy ${String(never)}`);
      }
    }
  }

  private staleSessionFound(what: string, ctx: RtspErrorContext): void {
    const added = this.group?.noteLive555Stale({ url: redactUrl(this.aggregateUrl || this.p.host) }) ?? false;
    this.fail(
      new RtspError(
        'stale-session',
        `${what}: a stale live555 session is sending on this connection${added ? '' : ' (already known)'}`,
        { ...this.context(), ...ctx },
      ),
    );
  }

  // ---------- MediaOutput ----------

  frame(f: Frame): void {
    this.lastProgressAt = this.rxTime;
    this.enqueue(f);
  }

  packet(p: PacketItem): void {
    this.lastProgressAt = this.rxTime;
    this.enqueue(p);
  }

  private enqueue(item: Frame | PacketItem): void {
    const q = this.queue;
    if (q === undefined) return;
    // TCP is paused well before this; UDP cannot be, so a consumer that stops reading loses
    // the newest items instead of growing memory without bound.
    if (q.length >= MAX_QUEUED) {
      this.counters[item.streamIndex]!.dropped++;
      return;
    }
    q.push(item);
  }

  ssrcMismatch(streamIndex: number, got: number, expected: number, sequence: number): void {
    const s = this.setups[streamIndex];
    const policy = this.p.options.unassignedChannelData ?? DEFAULTS.unassignedChannelData;
    const stale =
      s?.kind === 'tcp' && (policy === 'assume-stale-session' || (policy === 'auto' && this.buggyLive555));
    const ctx = { streamIndex, ssrc: got, sequence };
    if (stale)
      this.staleSessionFound(
        `RTP with SSRC ${got.toString(16)} where ${expected.toString(16)} was expected`,
        ctx,
      );
    else
      this.fail(
        new RtspError('protocol', `unexpected SSRC (expected ${expected.toString(16).padStart(8, '0')})`, {
          ...this.context(),
          ...ctx,
        }),
      );
  }

  // ---------- timers: keepalive, timeouts, receiver reports ----------

  private keepaliveIntervalMs(): number {
    return (Math.min(this.sessionTimeoutS, 60) * 1000) / 2;
  }

  private scheduleTick(): void {
    if (this.stage.kind !== 'playing') return;
    const now = this.clock.now();
    const rrEvery = this.p.options.receiverReportIntervalMs ?? DEFAULTS.receiverReportIntervalMs;
    let due = Math.min(this.nextKeepaliveAt, this.lastProgressAt + this.playOpts.frameTimeoutMs);
    if (rrEvery > 0) due = Math.min(due, this.nextReportAt);
    this.tickTimer = this.clock.setTimeout(() => this.tick(), Math.max(10, Math.min(1000, due - now)));
  }

  private tick(): void {
    this.tickTimer = undefined;
    if (this.stage.kind !== 'playing') return;
    const now = this.clock.now();
    // Progress is measured from the last frame; bytes arriving without frames do not count.
    if (now - this.lastProgressAt >= this.playOpts.frameTimeoutMs) {
      this.fail(
        new RtspError(
          'timeout',
          `no ${this.mode === 'frames' ? 'frame' : 'packet'} for ${this.playOpts.frameTimeoutMs} ms`,
          this.context(),
        ),
      );
      return;
    }
    if (now >= this.nextKeepaliveAt) {
      if (this.keepalive.inFlight) {
        this.fail(
          new RtspError('timeout', 'keepalive unanswered when the next was due', {
            ...this.context(),
            method: 'keepalive',
          }),
        );
        return;
      }
      this.sendKeepalive();
      this.nextKeepaliveAt = now + this.keepaliveIntervalMs();
    }
    const rrEvery = this.p.options.receiverReportIntervalMs ?? DEFAULTS.receiverReportIntervalMs;
    if (rrEvery > 0 && now >= this.nextReportAt) {
      this.sendReceiverReports(now);
      this.nextReportAt = now + rrEvery;
    }
    this.scheduleTick();
  }

  private sendKeepalive(): void {
    const k = this.keepalive;
    const method = k.method();
    k.sent();
    this.req.send(method, this.aggregateUrl, undefined, { timeoutMs: this.keepaliveIntervalMs() }).then(
      (res) => k.answered(method, res.status, res.headers.get('public')),
      (e: unknown) => {
        k.unanswered();
        if (e instanceof RtspError && e.kind === 'timeout') {
          this.fail(
            new RtspError('timeout', `keepalive ${method} unanswered when the next was due`, this.context()),
          );
        }
      },
    );
  }

  private sendReceiverReports(now: number): void {
    this.setups.forEach((s, i) => {
      const m = this.media[i];
      if (!s || !m) return;
      const rr = m.receiverReport(now, 'camrelay');
      if (!rr) return;
      if (s.kind === 'udp') s.pair.sendRtcp(rr);
      else this.conn.write(writeInterleaved(s.channels[1], rr));
    });
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
    if (this.tickTimer !== undefined) this.clock.clearTimeout(this.tickTimer);
    if (this.reorderTimer !== undefined) this.clock.clearTimeout(this.reorderTimer);
    this.tickTimer = this.reorderTimer = undefined;
    this.queue?.end(error);
    this.early = [];
    const transports = new Set<'tcp' | 'udp'>();
    for (const s of this.setups) {
      if (!s) continue;
      transports.add(s.kind);
      if (s.kind === 'udp') s.pair.close();
    }
    this.conn.sink = undefined;
    this.drop(transports.has('udp') ? 'udp' : 'tcp');
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
      ...(o.tls ? { tls: o.tls } : {}),
      ...(this.p.credentials ? { credentials: this.p.credentials } : {}),
      ...(auth ? { authenticator: auth } : {}),
      userAgent: o.userAgent ?? DEFAULTS.userAgent,
      clock: this.clock,
      ...(handle ? { handle } : {}),
    });
    handle?.track(this.teardown);
  }

  /** Wall-clock time (Unix ms) of a stream's extended RTP timestamp, from its latest Sender Report. */
  wallClock(index: number, timestamp: number): number | undefined {
    const m = this.media[index]?.wallClock;
    return m ? wallClockOf(m, timestamp) : undefined;
  }

  stats(): StreamStats[] {
    const out: StreamStats[] = [];
    this.setups.forEach((s, i) => {
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
