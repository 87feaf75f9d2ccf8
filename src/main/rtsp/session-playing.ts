// The Playing stage of a session, created by a described session's PLAY response: it owns the
// media path, run per packet (interleaved and UDP data demuxed by channel and stream to each
// stream's MediaStream, UDP reorder release with its flush timer), the consumer's queue, and
// the timers (session-timers.ts). What SETUP established (transports, session id) stays the
// described stage's; the end of the session is the link's, which calls `stop`.
import type { TimerHandle } from './clock';
import type { Frame } from './codec/types';
import type { InterleavedSink, RtspConnection } from './connection';
import { RtspError } from './error';
import type { RtpInfoEntry } from './headers';
import type { KeepaliveState } from './keepalive';
import { type MediaOutput, MediaStream, type PacketItem } from './media-stream';
import { writeInterleaved } from './message';
import { DEFAULTS, type PlayOptions } from './options';
import { startParams } from './play-start';
import { ItemQueue } from './queue';
import { wallClockOf } from './rtcp';
import type { StreamCounters } from './rtp';
import type { EarlyPacket } from './session-early';
import type { ServerTraits, SessionLink } from './session-link';
import { SessionTimers } from './session-timers';
import type { StreamTransports, UdpInput } from './session-transports';
import type { SetupState } from './setup';
import type { StreamInfo } from './stream-info';

/** Items queued for a consumer that does not keep up (UDP; TCP pauses at 512). */
const MAX_QUEUED = 8192;

export type ResolvedPlayOptions = Required<Omit<PlayOptions, 'maxTimestampJump'>> & {
  maxTimestampJump?: number;
};

export type PlayMode = 'frames' | 'packets';

export interface PlayingParams {
  link: SessionLink;
  transports: StreamTransports;
  streams: readonly StreamInfo[];
  /** The session's per-stream counters, by stream index (updated in place). */
  counters: readonly StreamCounters[];
  server: ServerTraits;
  mode: PlayMode;
  play: ResolvedPlayOptions;
  /** The PLAY response's RTP-Info. */
  rtpInfo: RtpInfoEntry[];
}

export interface StreamStats extends StreamCounters {
  index: number;
  transport: 'tcp' | 'udp';
}

export class Playing implements InterleavedSink, MediaOutput, UdpInput {
  readonly mode: PlayMode;
  private readonly link: SessionLink;
  private readonly conn: RtspConnection;
  private readonly transports: StreamTransports;
  private readonly setups: ReadonlyArray<SetupState | undefined>;
  private readonly channelMap: Int16Array;
  private readonly counters: readonly StreamCounters[];
  private readonly server: ServerTraits;
  /** By stream index: one per set-up stream. */
  private readonly media: Array<MediaStream | undefined> = [];
  private readonly queue: ItemQueue<Frame | PacketItem>;
  private readonly timers: SessionTimers;
  private reorderTimer: TimerHandle | undefined;
  /** Streams whose sender said RTCP BYE, by index. */
  private readonly byes: boolean[] = [];
  /** When the last frame (or packet) was delivered; the frame timeout counts from it. */
  private lastProgressAt = 0;
  private rxTime = 0;
  private overflowLogged = false;
  private stopped = false;

  /** Builds one MediaStream per set-up stream, started per RTP-Info; throws on a bad RTP-Info. */
  constructor(p: PlayingParams) {
    this.link = p.link;
    this.conn = p.link.conn;
    this.transports = p.transports;
    this.setups = p.transports.setups;
    this.channelMap = p.transports.channelMap;
    this.counters = p.counters;
    this.server = p.server;
    this.mode = p.mode;
    this.buildMedia(p);
    this.queue = new ItemQueue<Frame | PacketItem>(
      512,
      64,
      () => this.conn.pause(),
      () => this.conn.resume(),
    );
    const rr = p.link.options.receiverReportIntervalMs ?? DEFAULTS.receiverReportIntervalMs;
    this.timers = new SessionTimers({
      link: p.link,
      sessionTimeoutS: p.transports.sessionTimeoutS,
      frameTimeoutMs: p.play.frameTimeoutMs,
      receiverReportIntervalMs: rr,
      unit: p.mode === 'frames' ? 'frame' : 'packet',
      lastProgressAt: () => this.lastProgressAt,
      sendReceiverReports: (now) => this.sendReceiverReports(now),
    });
  }

  private buildMedia(p: PlayingParams): void {
    const play = p.play;
    const setUp = this.setups.map((s, i) => (s ? i : -1)).filter((i) => i >= 0);
    const params = startParams(
      setUp.map((i) => ({ index: i, control: p.streams[i]!.control })),
      p.rtpInfo,
      play,
    );
    if (params instanceof RtspError) throw params.withContext(p.link.context());
    if (setUp.length > 1 && play.initialTimestamp === 'permissive') {
      const missing = setUp.filter((_, k) => params[k]!.initialTimestamp === undefined);
      if (missing.length > 0)
        p.link.warn(
          'rtp-info-without-rtptime',
          `RTP-Info gives no rtptime for stream ${missing.join(', ')}: playing with each stream's own timeline (streams are not lined up; initial timestamp policy permissive)`,
        );
    }
    setUp.forEach((i, k) => {
      const s = this.setups[i]!;
      const start = params[k]!;
      const info = p.streams[i]!;
      const ssrc = s.ssrc ?? start.ssrc;
      const jump = play.maxTimestampJump;
      this.media[i] = new MediaStream({
        index: i,
        clockRate: info.clockRate ?? 90000,
        rtp: {
          payloadType: info.payloadType ?? -1,
          outOfOrder: s.kind === 'tcp' ? 'error' : 'drop',
          ...(ssrc !== undefined ? { ssrc } : {}),
          ...(start.initialSequence !== undefined ? { initialSequence: start.initialSequence } : {}),
          ...(start.initialTimestamp !== undefined ? { initialTimestamp: start.initialTimestamp } : {}),
          ...(jump !== undefined ? { maxTimestampJump: jump } : {}),
        },
        counters: this.counters[i]!,
        depacketizer: info.depacketizer,
        mode: p.mode,
        out: this,
        unknownRtcpSsrc: play.unknownRtcpSsrc,
      });
    });
  }

  /** Takes over the input (interleaved and UDP), starts the timers, replays what came early. */
  start(early: EarlyPacket[]): void {
    this.conn.sink = this;
    this.transports.routeUdp(this);
    const now = this.link.clock.now();
    this.lastProgressAt = now;
    this.timers.start(now);
    this.link.log.debug('playing', {
      mode: this.mode,
      streams: this.media.filter(Boolean).length,
      early: early.length,
    });
    for (const e of early) {
      if (this.stopped) break;
      this.dispatch(e.index, e.rtcp, e.buf, now);
    }
  }

  /** The session ended: no more input, the consumer's iteration ends (with `error`). */
  stop(error: RtspError | undefined): void {
    this.stopped = true;
    this.timers.stop();
    if (this.reorderTimer !== undefined) this.link.clock.clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    this.queue.end(error);
  }

  get keepalive(): KeepaliveState {
    return this.timers.keepalive;
  }

  nextItem(): Promise<IteratorResult<Frame | PacketItem>> {
    return this.queue.next();
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

  // ---------- data in ----------

  interleaved(channel: number, payload: Buffer, offset: number): void {
    const v = this.channelMap[channel]!;
    if (v < 0) {
      this.link.unassignedChannel(channel, offset, this.server);
      return;
    }
    const m = this.media[v >> 1];
    if (m === undefined) return;
    this.rxTime = this.conn.lastReceivedAt;
    if ((v & 1) === 1) m.rtcp(payload, this.rxTime);
    else m.rtp(payload, this.rxTime);
  }

  udpIn(index: number, rtcp: boolean, msg: Buffer): void {
    if (this.stopped) return;
    this.dispatch(index, rtcp, msg, this.link.clock.now());
  }

  private dispatch(index: number, rtcp: boolean, buf: Buffer, now: number): void {
    const m = this.media[index];
    const s = this.setups[index];
    if (m === undefined || s === undefined) return;
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
      if (this.stopped) return;
    }
    if (r.size > 0) this.armReorderFlush();
  }

  private armReorderFlush(): void {
    if (this.reorderTimer !== undefined) return;
    const clock = this.link.clock;
    let at = Number.POSITIVE_INFINITY;
    for (const s of this.setups) if (s?.kind === 'udp') at = Math.min(at, s.reorder.deadline() ?? at);
    if (at === Number.POSITIVE_INFINITY) return;
    this.reorderTimer = clock.setTimeout(
      () => {
        this.reorderTimer = undefined;
        const now = clock.now();
        this.setups.forEach((s, i) => {
          if (s?.kind !== 'udp' || this.stopped) return;
          const m = this.media[i];
          if (!m) return;
          for (let b = s.reorder.pop(now); b !== undefined; b = s.reorder.pop(now))
            m.rtp(b, s.reorder.releasedAt);
        });
        if (!this.stopped) this.armReorderFlush();
      },
      Math.max(1, at - clock.now()),
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
    // TCP is paused well before this; UDP cannot be, so a consumer that stops reading loses
    // the newest items instead of growing memory without bound.
    if (q.length >= MAX_QUEUED) {
      // Items come only from a MediaStream, whose counters are the session's for that stream.
      this.media[item.streamIndex]!.counters.dropped++;
      if (!this.overflowLogged) {
        this.overflowLogged = true;
        this.link.log.warn('the consumer does not keep up: dropping the newest items (logged once)', {
          streamIndex: item.streamIndex,
          queued: q.length,
        });
      }
      return;
    }
    q.push(item);
  }

  fail(e: RtspError): void {
    this.link.fail(e);
  }

  bye(streamIndex: number): void {
    this.byes[streamIndex] = true;
    // One stream ending is the server's business (an audio track may end early); all of them
    // ending is the end of the session, with its own kind: a caller reconnects without
    // back-off, since the server asked. Frames already queued are delivered first.
    for (let i = 0; i < this.media.length; i++) if (this.media[i] !== undefined && !this.byes[i]) return;
    this.link.fail(
      new RtspError('ended', 'the server ended the session (RTCP BYE on every stream)', {
        ...this.link.context(),
        streamIndex,
      }),
    );
  }

  ssrcMismatch(streamIndex: number, got: number, expected: number, sequence: number): void {
    const link = this.link;
    const s = this.setups[streamIndex];
    const policy = link.options.unassignedChannelData ?? DEFAULTS.unassignedChannelData;
    const stale =
      s?.kind === 'tcp' &&
      (policy === 'assume-stale-session' || (policy === 'auto' && this.server.buggyLive555));
    const ctx = { streamIndex, ssrc: got, sequence };
    if (stale)
      link.staleSessionFound(
        `RTP with SSRC ${got.toString(16)} where ${expected.toString(16)} was expected`,
        ctx,
      );
    else
      link.fail(
        new RtspError('protocol', `unexpected SSRC (expected ${expected.toString(16).padStart(8, '0')})`, {
          ...link.context(),
          ...ctx,
        }),
      );
  }
}
