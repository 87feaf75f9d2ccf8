// One consumer's RTP numbering for one track: its own SSRC, sequence numbers that never skip
// (a frame it did not get was never numbered), and timestamps that follow the camera's
// spacing and, across a gap it did not see (start, camera reconnect), continue from its last
// one by the wall time elapsed. Writes the 12-byte header in front of each shared payload.
import { randomBytes } from 'node:crypto';
import type { InterleavedTemplate, MediaUnit } from './media-unit';

export type { InterleavedTemplate } from './media-unit';

/** Size of the RTCP sender report `senderReport` writes (no report blocks). */
export const SENDER_REPORT_BYTES = 28;

export function interleavedTemplate(unit: MediaUnit, channel: number): InterleavedTemplate {
  let total = 0;
  let payloadBytes = 0;
  for (const payload of unit.payloads) {
    total += 16 + payload.length;
    payloadBytes += payload.length;
  }
  const buf = Buffer.allocUnsafe(total);
  const headers: number[] = [];
  let o = 0;
  for (const payload of unit.payloads) {
    buf[o] = 0x24;
    buf[o + 1] = channel & 0xff;
    buf.writeUInt16BE(12 + payload.length, o + 2);
    headers.push(o + 4);
    buf[o + 4] = 0x80;
    buf.set(payload, o + 16);
    o += 16 + payload.length;
  }
  return { buf, channel, headers, payloadBytes, held: false };
}

/** A template another consumer's socket still holds: the same bytes in a buffer of its own. */
export function copyTemplate(t: InterleavedTemplate): InterleavedTemplate {
  return { ...t, buf: Buffer.from(t.buf), held: false };
}

export class RtpTrackSender {
  readonly ssrc: number;
  sequence: number;
  #offset = 0;
  #lastOut: number;
  #lastReceivedAt = 0;
  #started = false;
  packets = 0;
  bytes = 0;
  /** Frame time (ms) of the last sender report; undefined before the first. */
  lastReportAt: number | undefined;

  constructor(readonly payloadType: number) {
    const r = randomBytes(10);
    this.ssrc = r.readUInt32BE(0);
    this.sequence = r.readUInt16BE(4);
    this.#lastOut = r.readUInt32BE(6);
  }

  /** The timestamp the next unit will get if it starts the stream (for RTP-Info). */
  get nextTimestamp(): number {
    return this.#lastOut >>> 0;
  }

  /** The timestamp of the last unit written (32 bits). */
  get lastTimestamp(): number {
    return this.#lastOut >>> 0;
  }

  /** Output timestamp (32 bits) of a unit. */
  timestampOf(unit: MediaUnit, rebase: boolean): number {
    if (rebase || !this.#started) {
      const elapsed = this.#started ? (unit.receivedAt - this.#lastReceivedAt) * (unit.clockRate / 1000) : 0;
      const out = this.#lastOut + Math.max(this.#started ? 1 : 0, Math.round(elapsed));
      this.#offset = out - unit.timestamp;
      this.#started = true;
    }
    const ts = unit.timestamp + this.#offset;
    this.#lastOut = ts;
    this.#lastReceivedAt = unit.receivedAt;
    return ts >>> 0;
  }

  /**
   * The unit's packets, views of one buffer: UDP datagrams ([12-byte header][payload]) without
   * `channel`, TCP-interleaved ones (`$`, channel, length first) with it.
   */
  writeUnit(unit: MediaUnit, rebase: boolean, channel?: number): Buffer[] {
    const { buf, ends } = this.#write(unit, rebase, channel, 0);
    return ends.map((end, i) => buf.subarray(i === 0 ? 0 : ends[i - 1]!, end));
  }

  /**
   * The unit's packets TCP-interleaved (`$`, channel, length, then each packet) in one buffer
   * for one socket write, with `reserve` bytes left at its end (for a sender report).
   */
  writeInterleaved(unit: MediaUnit, rebase: boolean, channel: number, reserve = 0): Buffer {
    return this.#write(unit, rebase, channel, reserve).buf;
  }

  #write(
    unit: MediaUnit,
    rebase: boolean,
    channel: number | undefined,
    reserve: number,
  ): { buf: Buffer; ends: number[] } {
    const ts = this.timestampOf(unit, rebase);
    const prefix = channel === undefined ? 0 : 4;
    const n = unit.payloads.length;
    let total = reserve;
    for (const payload of unit.payloads) total += prefix + 12 + payload.length;
    const buf = Buffer.allocUnsafe(total);
    const ends: number[] = [];
    let o = 0;
    for (let i = 0; i < n; i++) {
      const payload = unit.payloads[i]!;
      if (prefix) {
        buf[o] = 0x24;
        buf[o + 1] = channel! & 0xff;
        buf.writeUInt16BE(12 + payload.length, o + 2);
        o += 4;
      }
      // Video: the access unit's last packet; AAC: a whole unit's (or its last fragment's).
      const marker = i === n - 1;
      buf[o] = 0x80;
      buf[o + 1] = (marker ? 0x80 : 0) | (this.payloadType & 0x7f);
      buf.writeUInt16BE(this.sequence, o + 2);
      buf.writeUInt32BE(ts, o + 4);
      buf.writeUInt32BE(this.ssrc, o + 8);
      buf.set(payload, o + 12); // TypedArray set: no view made per call, unlike Buffer#copy
      o += 12 + payload.length;
      ends.push(o);
      this.sequence = (this.sequence + 1) & 0xffff;
      this.packets += 1;
      this.bytes += payload.length;
    }
    return { buf, ends };
  }

  /** Fills this consumer's RTP headers into a template (sequence numbers, timestamp, SSRC). */
  fillInterleaved(t: InterleavedTemplate, unit: MediaUnit, rebase: boolean): Buffer {
    const ts = this.timestampOf(unit, rebase);
    const { buf, headers } = t;
    const pt = this.payloadType & 0x7f;
    const last = headers.length - 1;
    for (let i = 0; i <= last; i++) {
      const o = headers[i]!;
      // Video: the access unit's last packet; AAC: a whole unit's (or its last fragment's).
      buf[o + 1] = i === last ? 0x80 | pt : pt;
      buf.writeUInt16BE(this.sequence, o + 2);
      buf.writeUInt32BE(ts, o + 4);
      buf.writeUInt32BE(this.ssrc, o + 8);
      this.sequence = (this.sequence + 1) & 0xffff;
    }
    this.packets += headers.length;
    this.bytes += t.payloadBytes;
    return buf;
  }

  /**
   * An RTCP sender report (RFC 3550 6.4.1) tying `timestamp` to the wall time the frame was
   * received, so players line audio up with video (each track's timestamps start at a random
   * value, and a consumer's video may start with an older cached GOP).
   */
  senderReport(timestamp: number, receivedAtMs: number): Buffer {
    const wallMs = performance.timeOrigin + receivedAtMs;
    const seconds = Math.floor(wallMs / 1000) + 2_208_988_800; // NTP epoch 1900
    const fraction = Math.floor(((wallMs % 1000) / 1000) * 2 ** 32);
    const p = Buffer.allocUnsafe(SENDER_REPORT_BYTES);
    p[0] = 0x80;
    p[1] = 200;
    p.writeUInt16BE(6, 2);
    p.writeUInt32BE(this.ssrc, 4);
    p.writeUInt32BE(seconds >>> 0, 8);
    p.writeUInt32BE(fraction >>> 0, 12);
    p.writeUInt32BE(timestamp >>> 0, 16);
    p.writeUInt32BE(this.packets >>> 0, 20);
    p.writeUInt32BE(this.bytes >>> 0, 24);
    this.lastReportAt = receivedAtMs;
    return p;
  }
}
