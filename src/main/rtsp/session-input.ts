// The media path of a session, run per packet: interleaved (TCP) and UDP data demuxed by
// channel and stream to each stream's MediaStream, kept until the PLAY response creates those
// (some cameras send first), UDP reorder release with its flush timer, and what the streams
// emit queued for the consumer. Per-packet code reads only this object's fields (the channel
// map and setups are StreamTransports' arrays, shared by reference); policy on unexpected
// input and failures go to the SessionCore.
import type { Clock, TimerHandle } from './clock';
import type { Frame } from './codec/types';
import type { InterleavedSink, RtspConnection } from './connection';
import { RtspError } from './error';
import type { RtpInfoEntry } from './headers';
import { type MediaOutput, MediaStream, type PacketItem } from './media-stream';
import { DEFAULTS, type UnassignedChannelDataPolicy } from './options';
import { startParams } from './play-start';
import { ItemQueue } from './queue';
import type { SessionCore } from './session-core';
import type { StreamTransports } from './session-transports';
import type { SetupState } from './setup';

interface Early {
  index: number;
  rtcp: boolean;
  buf: Buffer;
}

const MAX_EARLY = 2048;
/** Items queued for a consumer that does not keep up (UDP; TCP pauses at 512). */
const MAX_QUEUED = 8192;

export class SessionInput implements InterleavedSink, MediaOutput {
  private readonly conn: RtspConnection;
  private readonly clock: Clock;
  private readonly setups: ReadonlyArray<SetupState | undefined>;
  private readonly channelMap: Int16Array;
  /** By stream index, from the PLAY response on. */
  readonly media: Array<MediaStream | undefined> = [];
  private early: Early[] = [];
  earlyDropped = 0;
  unassignedDropped = 0;
  private queue: ItemQueue<Frame | PacketItem> | undefined;
  private reorderTimer: TimerHandle | undefined;
  /** Streams whose sender said RTCP BYE, by index. */
  private readonly byes: boolean[] = [];
  /** When the last frame (or packet) was delivered; the frame timeout counts from it. */
  lastProgressAt = 0;
  private rxTime = 0;
  /** The session is closed: the same as the core's stage being 'closed', kept here so the
   * per-packet code does not read the core. */
  private stopped = false;

  constructor(
    private readonly core: SessionCore,
    transports: StreamTransports,
  ) {
    this.conn = core.conn;
    this.clock = core.clock;
    this.setups = transports.setups;
    this.channelMap = transports.channelMap;
  }

  /** Before the PLAY request: frames queue from here on, pausing the socket past 512. */
  openQueue(): void {
    this.queue = new ItemQueue<Frame | PacketItem>(
      512,
      64,
      () => this.conn.pause(),
      () => this.conn.resume(),
    );
  }

  nextItem(): Promise<IteratorResult<Frame | PacketItem>> {
    if (!this.queue) return Promise.resolve({ value: undefined, done: true });
    return this.queue.next();
  }

  /** After the PLAY response: one MediaStream per set-up stream, started per RTP-Info. */
  buildMedia(info: RtpInfoEntry[]): void {
    const core = this.core;
    const playOpts = core.playOpts;
    const setUp = this.setups.map((s, i) => (s ? i : -1)).filter((i) => i >= 0);
    const params = startParams(
      setUp.map((i) => ({ index: i, control: core.streams[i]!.control })),
      info,
      playOpts,
    );
    if (params instanceof RtspError) throw params.withContext(core.context());
    if (setUp.length > 1 && playOpts.initialTimestamp === 'permissive') {
      const missing = setUp.filter((_, k) => params[k]!.initialTimestamp === undefined);
      if (missing.length > 0)
        core.warn(
          'rtp-info-without-rtptime',
          `RTP-Info gives no rtptime for stream ${missing.join(', ')}: playing with each stream's own timeline (streams are not lined up; initial timestamp policy permissive)`,
        );
    }
    setUp.forEach((i, k) => {
      const s = this.setups[i]!;
      const start = params[k]!;
      const info = core.streams[i]!;
      const ssrc = s.ssrc ?? start.ssrc;
      const jump = playOpts.maxTimestampJump;
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
        core.counters[i]!,
        info.depacketizer,
        core.mode,
        this,
        playOpts.unknownRtcpSsrc,
      );
    });
  }

  /** Replays what arrived before the PLAY response (v4l2rtspserver RTP, Reolink RTCP SR). */
  replayEarly(now: number): void {
    const early = this.early;
    this.early = [];
    for (const e of early) {
      if (this.stopped) break;
      this.dispatch(e.index, e.rtcp, e.buf, now);
    }
  }

  /** The session closed: no more input, the consumer's iteration ends (with `error`). */
  stop(error: RtspError | undefined): void {
    this.stopped = true;
    if (this.reorderTimer !== undefined) this.clock.clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    this.queue?.end(error);
    this.early = [];
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
    if (this.stopped) return;
    if (this.early.length >= MAX_EARLY) {
      this.earlyDropped++;
      return;
    }
    this.early.push({ index, rtcp, buf: Buffer.from(payload) });
  }

  udpIn(index: number, rtcp: boolean, msg: Buffer): void {
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
      if (this.stopped) return;
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
          if (s?.kind !== 'udp' || this.stopped) return;
          const m = this.media[i];
          if (!m) return;
          for (let b = s.reorder.pop(now); b !== undefined; b = s.reorder.pop(now))
            m.rtp(b, s.reorder.releasedAt);
        });
        if (!this.stopped) this.armReorderFlush();
      },
      Math.max(1, at - this.clock.now()),
    );
  }

  private unassigned(channel: number, offset: number): void {
    const core = this.core;
    let policy: UnassignedChannelDataPolicy =
      core.p.options.unassignedChannelData ?? DEFAULTS.unassignedChannelData;
    if (policy === 'auto') policy = !core.toolKnown || core.buggyLive555 ? 'assume-stale-session' : 'ignore';
    switch (policy) {
      case 'ignore':
        this.unassignedDropped++;
        return;
      case 'error':
        core.fail(
          new RtspError('protocol', `interleaved data on unassigned channel ${channel}`, {
            ...core.context(),
            channel,
            offset,
          }),
        );
        return;
      case 'assume-stale-session':
        core.staleSessionFound(`interleaved data on unassigned channel ${channel}`, { channel, offset });
        return;
      default: {
        const never: never = policy;
        throw new Error(`unknown policy ${String(never)}`);
      }
    }
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
      // Items come only from a MediaStream, whose counters are the session's for that stream.
      this.media[item.streamIndex]!.counters.dropped++;
      return;
    }
    q.push(item);
  }

  fail(e: RtspError): void {
    this.core.fail(e);
  }

  bye(streamIndex: number): void {
    this.byes[streamIndex] = true;
    // One stream ending is the server's business (an audio track may end early); all of them
    // ending is the end of the session, with its own kind: a caller reconnects without
    // back-off, since the server asked. Frames already queued are delivered first.
    for (let i = 0; i < this.media.length; i++) if (this.media[i] !== undefined && !this.byes[i]) return;
    this.core.fail(
      new RtspError('ended', 'the server ended the session (RTCP BYE on every stream)', {
        ...this.core.context(),
        streamIndex,
      }),
    );
  }

  ssrcMismatch(streamIndex: number, got: number, expected: number, sequence: number): void {
    const core = this.core;
    const s = this.setups[streamIndex];
    const policy = core.p.options.unassignedChannelData ?? DEFAULTS.unassignedChannelData;
    const stale =
      s?.kind === 'tcp' && (policy === 'assume-stale-session' || (policy === 'auto' && core.buggyLive555));
    const ctx = { streamIndex, ssrc: got, sequence };
    if (stale)
      core.staleSessionFound(
        `RTP with SSRC ${got.toString(16)} where ${expected.toString(16)} was expected`,
        ctx,
      );
    else
      core.fail(
        new RtspError('protocol', `unexpected SSRC (expected ${expected.toString(16).padStart(8, '0')})`, {
          ...core.context(),
          ...ctx,
        }),
      );
  }
}
