// RTP (RFC 3550) header parsing and the per-stream receive state: SSRC check, sequence-loss
// accounting, 64-bit timestamp extension. Pure: the caller hands bytes and receive times and
// gets a verdict; nothing here allocates per packet (the packet object is reused).
import type { RtpPacket } from './codec/types';
import { RtspError } from './error';

/** Fills `out` from an RTP packet; returns a reason string if it is not valid RTP. */
export function parseRtp(buf: Buffer, out: RtpPacket): string | undefined {
  if (buf.length < 12) return 'shorter than an RTP header';
  const b0 = buf[0]!;
  if (b0 >> 6 !== 2) return `RTP version ${b0 >> 6}`;
  const csrc = b0 & 0x0f;
  let start = 12 + 4 * csrc;
  if (start > buf.length) return 'CSRC list past the end';
  if (b0 & 0x10) {
    if (start + 4 > buf.length) return 'extension header past the end';
    const words = buf.readUInt16BE(start + 2);
    start += 4 + 4 * words;
    if (start > buf.length) return 'extension past the end';
  }
  let end = buf.length;
  if (b0 & 0x20) {
    const pad = buf[buf.length - 1]!;
    if (pad === 0 || end - pad < start) return 'bad padding';
    end -= pad;
  }
  const b1 = buf[1]!;
  out.marker = (b1 & 0x80) !== 0;
  out.payloadType = b1 & 0x7f;
  out.sequence = buf.readUInt16BE(2);
  out.timestamp = buf.readUInt32BE(4);
  out.ssrc = buf.readUInt32BE(8);
  out.payload = buf.subarray(start, end);
  return undefined;
}

/** Extends 32-bit RTP timestamps to 64 bits (as safe integers) by signed deltas. */
export class Timeline {
  private last: number | undefined;

  constructor(
    /** RTP-Info rtptime, when used. */
    private readonly start: number | undefined,
    /** Largest forward or backward jump allowed, in clock units; undefined = any. */
    private readonly maxJump: number | undefined,
  ) {}

  /** The extended timestamp, or an error description for a jump beyond `maxJump`. */
  extend(ts: number): number | string {
    const ref = this.last ?? this.start;
    if (ref === undefined) {
      this.last = ts;
      return ts;
    }
    const delta = ((ts - ref) | 0) as number; // signed 32-bit difference (mod 2^32)
    if (this.maxJump !== undefined && Math.abs(delta) > this.maxJump) {
      return `timestamp jump of ${delta} exceeds ${this.maxJump}`;
    }
    const ext = ref + delta;
    this.last = ext;
    return ext;
  }

  get latest(): number | undefined {
    return this.last;
  }
}

/** Live counters of one stream, mutated in place; read them whenever (e.g. at 1 Hz). */
/** Packets a TCP stream may step back (a resend) before it counts as broken. */
export const TCP_RESEND_TOLERANCE = 64;

/**
 * How far the first packet may be from RTP-Info's `seq` and still start loss accounting
 * itself. A client joining GStreamer's shared media gets an RTP-Info naming the packet already
 * in flight and receives from the next frame (13 packets on, in one bench), or first the
 * in-band SPS/PPS sent just before it: neither is loss, and ffmpeg counts none.
 */
export const JOIN_SEQUENCE_BOUND = 512;

export interface StreamCounters {
  packets: number;
  /** RTP bytes received (headers included). */
  bytes: number;
  /** Packets lost (sequence gaps, and packets the reorder buffer gave up on). */
  lost: number;
  frames: number;
  keyFrames: number;
  /** Bytes of frame data produced by the depacketizer. */
  frameBytes: number;
  rtcpPackets: number;
  /** Packets dropped: malformed, wrong payload type, duplicate, too late. */
  dropped: number;
  /** Payloads the depacketizer rejected. */
  codecErrors: number;
  /**
   * RTP timestamps that stepped back by more than half a second of clock (B-frame reordering
   * stays well under that): a sender that restarted its timeline, e.g. GStreamer restarting a
   * shared file pipeline when another client PLAYs it from the start.
   */
  timestampJumpsBack: number;
}

export function newCounters(): StreamCounters {
  return {
    packets: 0,
    bytes: 0,
    lost: 0,
    frames: 0,
    keyFrames: 0,
    frameBytes: 0,
    rtcpPackets: 0,
    dropped: 0,
    codecErrors: 0,
    timestampJumpsBack: 0,
  };
}

export interface RtpReceiverOptions {
  payloadType: number;
  /** SSRC from Transport or RTP-Info, if any. */
  ssrc?: number;
  /** First sequence number to expect, if any. */
  initialSequence?: number;
  /** Timeline start (RTP-Info rtptime), if used. */
  initialTimestamp?: number;
  maxTimestampJump?: number;
  /** Out-of-order or duplicate packets: an error (TCP) or a drop (UDP, after reordering). */
  outOfOrder: 'error' | 'drop';
}

/** The outcome of `RtpReceiver.accept`: ok, a counted drop, or an error. */
export type Verdict =
  | { kind: 'ok' }
  | { kind: 'drop'; reason: 'malformed' | 'payload-type' | 'duplicate' | 'late' }
  | { kind: 'ssrc-mismatch'; got: number; expected: number }
  | { kind: 'error'; error: RtspError };

const OK: Verdict = { kind: 'ok' };
const DROP_MALFORMED: Verdict = { kind: 'drop', reason: 'malformed' };
const DROP_PT: Verdict = { kind: 'drop', reason: 'payload-type' };
const DROP_DUP: Verdict = { kind: 'drop', reason: 'duplicate' };
const DROP_LATE: Verdict = { kind: 'drop', reason: 'late' };

/**
 * Per-stream receive state. `accept(buf, receivedAt)` parses into `packet` (a reused object:
 * read it before the next call) and checks SSRC, payload type and sequence.
 */
export class RtpReceiver {
  readonly packet: RtpPacket = {
    sequence: 0,
    timestamp: 0,
    ssrc: 0,
    marker: false,
    payloadType: 0,
    payload: Buffer.alloc(0),
    loss: 0,
    receivedAt: 0,
  };
  ssrc: number | undefined;
  /** Next expected sequence number. */
  private next: number | undefined;
  /** Highest sequence, extended by cycles (RFC 3550 A.1), for receiver reports. */
  extendedMax = -1;
  /** First extended sequence seen, for receiver reports. */
  baseSeq = -1;
  /** Interarrival jitter estimate, clock units (RFC 3550 A.8). */
  jitter = 0;
  private lastTransit: number | undefined;
  private readonly timeline: Timeline;
  lastError: string | undefined;

  constructor(
    private readonly opts: RtpReceiverOptions,
    readonly counters: StreamCounters,
    private readonly clockRate: number,
  ) {
    this.ssrc = opts.ssrc;
    this.next = opts.initialSequence;
    this.timeline = new Timeline(opts.initialTimestamp, opts.maxTimestampJump);
  }

  accept(buf: Buffer, receivedAt: number): Verdict {
    const p = this.packet;
    const c = this.counters;
    const bad = parseRtp(buf, p);
    if (bad !== undefined) {
      this.lastError = bad;
      c.dropped++;
      return DROP_MALFORMED;
    }
    if (p.payloadType !== this.opts.payloadType) {
      // Geovision sends duplicate-sequence packets of another payload type after each IDR.
      c.dropped++;
      return DROP_PT;
    }
    if (this.ssrc === undefined) this.ssrc = p.ssrc;
    else if (p.ssrc !== this.ssrc) return { kind: 'ssrc-mismatch', got: p.ssrc, expected: this.ssrc };
    let loss = 0;
    if (this.extendedMax < 0 && this.next !== undefined) {
      const ahead = ((p.sequence - this.next) << 16) >> 16; // signed 16-bit distance
      if (Math.abs(ahead) <= JOIN_SEQUENCE_BOUND) this.next = p.sequence;
    }
    if (this.next !== undefined) {
      loss = (p.sequence - this.next) & 0xffff;
      if (loss >= 0x8000) {
        c.dropped++;
        if (loss === 0xffff) return DROP_DUP;
        // Over TCP nothing reorders, but a server may resend a few packets it sent already
        // (GStreamer's shared media does when a client joins): drop and count those. A
        // packet further back than that is a broken stream.
        if (this.opts.outOfOrder === 'drop' || 0x10000 - loss <= TCP_RESEND_TOLERANCE) return DROP_LATE;
        return {
          kind: 'error',
          error: new RtspError('protocol', `out-of-order RTP packet (expected seq ${this.next})`, {
            ssrc: p.ssrc,
            sequence: p.sequence,
          }),
        };
      }
    }
    const previousTs = this.timeline.latest;
    const ts = this.timeline.extend(p.timestamp);
    if (typeof ts === 'string') {
      return { kind: 'error', error: new RtspError('protocol', ts, { ssrc: p.ssrc, sequence: p.sequence }) };
    }
    if (previousTs !== undefined && previousTs - ts > this.clockRate / 2) c.timestampJumpsBack++;
    p.timestamp = ts;
    p.loss = loss;
    p.receivedAt = receivedAt;
    this.next = (p.sequence + 1) & 0xffff;
    // extended highest sequence for RR
    if (this.extendedMax < 0) {
      this.extendedMax = p.sequence;
      this.baseSeq = p.sequence - (this.opts.initialSequence !== undefined ? loss : 0);
    } else {
      const cycles = this.extendedMax - (this.extendedMax & 0xffff);
      let ext = cycles + p.sequence;
      if (ext < this.extendedMax - 0x8000) ext += 0x10000;
      if (ext > this.extendedMax) this.extendedMax = ext;
    }
    // jitter (clock units)
    const arrival = (receivedAt * this.clockRate) / 1000;
    const transit = arrival - ts;
    if (this.lastTransit !== undefined) {
      const d = Math.abs(transit - this.lastTransit);
      this.jitter += (d - this.jitter) / 16;
    }
    this.lastTransit = transit;
    c.packets++;
    c.bytes += buf.length;
    c.lost += loss;
    return OK;
  }
}
