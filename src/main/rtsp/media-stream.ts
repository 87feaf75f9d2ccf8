// The receive pipeline of one set-up stream: RTP checks (RtpReceiver), optional UDP reorder
// buffer, the depacketizer, RTCP validation and Sender Report mapping, and receiver-report
// state. Delivers to an output object (methods, no per-packet closures).
import type { Depacketizer, Frame } from './codec/types';
import { RtspError } from './error';
import type { UnknownRtcpSsrcPolicy } from './options';
import {
  buildReceiverReport,
  type CompoundInfo,
  ntpToUnixMs,
  parseRtcpCompound,
  type SenderReport,
  type WallClockMapping,
} from './rtcp';
import { RtpReceiver, type RtpReceiverOptions, type StreamCounters } from './rtp';

export type PacketItem =
  | {
      kind: 'rtp';
      streamIndex: number;
      sequence: number;
      timestamp: number;
      ssrc: number;
      marker: boolean;
      payloadType: number;
      /** A copy of the payload (safe to keep). */
      payload: Buffer;
      loss: number;
      receivedAt: number;
    }
  | { kind: 'rtcp'; streamIndex: number; data: Buffer; senderReport?: SenderReport; receivedAt: number };

export interface MediaOutput {
  frame(f: Frame): void;
  packet(p: PacketItem): void;
  /** A fatal error for the session. */
  fail(e: RtspError): void;
  /** RTP with an SSRC other than the one expected (a stale session, or a protocol error). */
  ssrcMismatch(streamIndex: number, got: number, expected: number, sequence: number): void;
  /** The stream's sender said RTCP BYE (VLC does at the end of each loop of a file). */
  bye(streamIndex: number): void;
}

export interface MediaStreamOptions {
  /** The stream's index in the SDP. */
  index: number;
  clockRate: number;
  rtp: RtpReceiverOptions;
  /** The session's counters for this stream (updated in place). */
  counters: StreamCounters;
  /** Undefined for a stream no depacketizer handles (packet mode still delivers it). */
  depacketizer: Depacketizer | undefined;
  mode: 'frames' | 'packets';
  out: MediaOutput;
  unknownRtcpSsrc: UnknownRtcpSsrcPolicy;
}

export class MediaStream {
  readonly receiver: RtpReceiver;
  /** Latest Sender Report mapping, for wall-clock time of frames. */
  wallClock: WallClockMapping | undefined;
  private lastSrMiddle = 0;
  private lastSrAt = 0;
  private lastReportExpected = 0;
  private lastReportReceived = 0;
  private readonly ourSsrc = (Math.random() * 0x100000000) >>> 0;

  readonly index: number;
  readonly counters: StreamCounters;
  private readonly clockRate: number;
  private readonly depacketizer: Depacketizer | undefined;
  private readonly mode: 'frames' | 'packets';
  private readonly out: MediaOutput;
  private readonly unknownRtcpSsrc: UnknownRtcpSsrcPolicy;

  constructor(o: MediaStreamOptions) {
    this.index = o.index;
    this.clockRate = o.clockRate;
    this.counters = o.counters;
    this.depacketizer = o.depacketizer;
    this.mode = o.mode;
    this.out = o.out;
    this.unknownRtcpSsrc = o.unknownRtcpSsrc;
    this.receiver = new RtpReceiver(o.rtp, o.counters, o.clockRate);
  }

  rtp(buf: Buffer, receivedAt: number): void {
    const v = this.receiver.accept(buf, receivedAt);
    switch (v.kind) {
      case 'ok':
        break;
      case 'drop':
        return;
      case 'ssrc-mismatch':
        this.out.ssrcMismatch(this.index, v.got, v.expected, this.receiver.packet.sequence);
        return;
      case 'error':
        this.out.fail(v.error.withContext({ streamIndex: this.index }));
        return;
      default: {
        const never: never = v;
        throw new Error(`unhandled verdict ${String(never)}`);
      }
    }
    const p = this.receiver.packet;
    if (this.mode === 'packets') {
      this.out.packet({
        kind: 'rtp',
        streamIndex: this.index,
        sequence: p.sequence,
        timestamp: p.timestamp,
        ssrc: p.ssrc,
        marker: p.marker,
        payloadType: p.payloadType,
        payload: Buffer.from(p.payload), // the received bytes may be a reused read buffer
        loss: p.loss,
        receivedAt: p.receivedAt,
      });
      return;
    }
    const d = this.depacketizer;
    if (d === undefined) return;
    try {
      const err = d.push(p);
      if (err) this.counters.codecErrors++;
      for (let f = d.pull(); f !== undefined; f = d.pull()) {
        f.streamIndex = this.index;
        const c = this.counters;
        c.frames++;
        c.frameBytes += f.data.length;
        if (f.kind === 'video' && f.isRandomAccessPoint) c.keyFrames++;
        this.out.frame(f);
      }
    } catch (e) {
      // Depacketizers return errors as values; a throw is a bug, reported without a crash.
      this.out.fail(
        new RtspError('codec', `depacketizer failed: ${e instanceof Error ? e.message : String(e)}`, {
          streamIndex: this.index,
          ssrc: p.ssrc,
          sequence: p.sequence,
        }),
      );
    }
  }

  rtcp(buf: Buffer, receivedAt: number): void {
    const info = parseRtcpCompound(buf);
    if (info instanceof RtspError) {
      this.counters.dropped++;
      return;
    }
    this.report(info, buf, receivedAt);
    // A BYE on this stream's own RTCP path ends it whatever SSRC it names: VLC sends its
    // RTCP (SR, SDES, BYE) with SSRC 0, not its RTP SSRC.
    if (info.bye) this.out.bye(this.index);
  }

  private report(info: CompoundInfo, buf: Buffer, receivedAt: number): void {
    const sr = info.senderReport;
    const known = this.receiver.ssrc;
    if (sr && known !== undefined && sr.ssrc !== known) {
      // Tapo: RTCP with an SSRC that matches no RTP stream.
      if (this.unknownRtcpSsrc === 'abort') {
        this.out.fail(
          new RtspError('protocol', 'RTCP sender report with an unknown SSRC', {
            streamIndex: this.index,
            ssrc: sr.ssrc,
          }),
        );
        return;
      }
      if (this.unknownRtcpSsrc === 'drop') {
        this.counters.dropped++;
        return;
      }
    }
    this.counters.rtcpPackets++;
    if (sr) {
      const latest = this.receiver.packet.timestamp;
      const ext =
        this.receiver.counters.packets > 0 ? latest + ((sr.rtpTimestamp - latest) | 0) : sr.rtpTimestamp;
      this.wallClock = {
        rtpTimestamp: ext,
        unixMs: ntpToUnixMs(sr.ntpSeconds, sr.ntpFraction),
        clockRate: this.clockRate,
      };
      this.lastSrMiddle = ((sr.ntpSeconds & 0xffff) * 0x10000 + (sr.ntpFraction >>> 16)) >>> 0;
      this.lastSrAt = receivedAt;
    }
    if (this.mode === 'packets') {
      this.out.packet({
        kind: 'rtcp',
        streamIndex: this.index,
        data: Buffer.from(buf),
        ...(sr ? { senderReport: sr } : {}),
        receivedAt,
      });
    }
  }

  /** A compound RR + SDES for this stream (RFC 3550 6.4.2 / A.3), or undefined before any RTP. */
  receiverReport(now: number, cname: string): Buffer | undefined {
    const r = this.receiver;
    if (r.ssrc === undefined) return undefined;
    if (r.extendedMax < 0) return buildReceiverReport(this.ourSsrc, undefined, cname);
    const expected = r.extendedMax - r.baseSeq + 1;
    const received = this.counters.packets;
    const cumulativeLost = expected - received;
    const expectedInterval = expected - this.lastReportExpected;
    const receivedInterval = received - this.lastReportReceived;
    const lostInterval = expectedInterval - receivedInterval;
    this.lastReportExpected = expected;
    this.lastReportReceived = received;
    const fraction =
      expectedInterval <= 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval << 8) / expectedInterval);
    const dlsr = this.lastSrMiddle === 0 ? 0 : Math.floor(((now - this.lastSrAt) / 1000) * 65536);
    return buildReceiverReport(
      this.ourSsrc,
      {
        sourceSsrc: r.ssrc,
        fractionLost: Math.min(255, fraction),
        cumulativeLost,
        extendedHighestSeq: r.extendedMax,
        jitter: r.jitter,
        lastSr: this.lastSrMiddle,
        delaySinceLastSr: dlsr,
      },
      cname,
    );
  }
}
