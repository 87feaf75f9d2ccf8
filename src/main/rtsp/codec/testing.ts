// Helpers for the codec tests and the depacketize benchmark: packet builders, a small
// H.264/H.265 packetizer (single NAL / STAP-A / FU-A), and a driver that pushes and drains.
// Pure code, no test-framework import.

import type { RtspError } from '../error';
import type { Depacketizer, Frame, MediaDescription, RtpPacket } from './types';

export interface PacketFields {
  sequence?: number;
  timestamp?: number;
  marker?: boolean;
  payloadType?: number;
  loss?: number;
  ssrc?: number;
  receivedAt?: number;
}

export function bytes(x: Buffer | Uint8Array | string | readonly number[]): Buffer {
  if (typeof x === 'string') return Buffer.from(x, 'latin1');
  return Buffer.from(x as Uint8Array);
}

export function rtp(
  payload: Buffer | Uint8Array | string | readonly number[],
  f: PacketFields = {},
): RtpPacket {
  return {
    sequence: f.sequence ?? 0,
    timestamp: f.timestamp ?? 0,
    ssrc: f.ssrc ?? 0x1234,
    marker: f.marker ?? false,
    payloadType: f.payloadType ?? 96,
    payload: bytes(payload),
    loss: f.loss ?? 0,
    receivedAt: f.receivedAt ?? 0,
  };
}

export function media(encodingName: string, over: Partial<MediaDescription> = {}): MediaDescription {
  return {
    media: 'video',
    encodingName,
    payloadType: 96,
    clockRate: 90_000,
    fmtp: {},
    ...over,
  };
}

export interface Run {
  frames: Frame[];
  errors: RtspError[];
}

/** Pushes each packet, draining `pull` after each push as the contract requires. */
export function run(d: Depacketizer, packets: Iterable<RtpPacket>): Run {
  const out: Run = { frames: [], errors: [] };
  for (const p of packets) {
    const e = d.push(p);
    if (e) out.errors.push(e);
    for (let f = d.pull(); f; f = d.pull()) out.frames.push(f);
  }
  return out;
}

/** Concatenates NAL units with 4-byte length prefixes. */
export function lengthPrefixed(nals: readonly Buffer[]): Buffer {
  return Buffer.concat(nals.flatMap((n) => [u32(n.length), n]));
}

export function annexB(nals: readonly Buffer[]): Buffer {
  return Buffer.concat(nals.flatMap((n) => [Buffer.from([0, 0, 0, 1]), n]));
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Splits 4-byte length-prefixed data back into NAL units (throws on bad framing: tests only). */
export function splitLengthPrefixed(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let o = 0;
  while (o < data.length) {
    const n = data.readUInt32BE(o);
    if (o + 4 + n > data.length) throw new Error(`bad length ${n} at ${o}`);
    out.push(data.subarray(o + 4, o + 4 + n));
    o += 4 + n;
  }
  return out;
}

/** Splits Annex B data on start codes (3 or 4 bytes). */
export function splitAnnexB(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  let start = -1;
  while (i + 2 < data.length) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      if (start >= 0) {
        let end = i;
        while (end > start && data[end - 1] === 0) end--;
        out.push(data.subarray(start, end));
      }
      i += 3;
      start = i;
    } else i++;
  }
  if (start >= 0) out.push(data.subarray(start));
  return out;
}

export interface PacketizeOptions {
  /** Max RTP payload size. */
  mtu: number;
  /** Aggregate consecutive small NAL units into STAP-A / AP. */
  aggregate?: boolean;
  /** H.264 (1-byte NAL header) or H.265 (2-byte). */
  codec?: 'h264' | 'h265';
}

/** Packetizes one access unit into RTP payloads (marker on the last). */
export function packetize(
  nals: readonly Buffer[],
  o: PacketizeOptions,
): { payload: Buffer; marker: boolean }[] {
  const h265 = o.codec === 'h265';
  const hl = h265 ? 2 : 1;
  const out: Buffer[] = [];
  let agg: Buffer[] = [];
  let aggLen = 0;
  const flush = () => {
    if (agg.length === 1) out.push(agg[0]!);
    else if (agg.length > 1) {
      const hdr = h265
        ? Buffer.from([48 << 1, 1])
        : Buffer.from([(Math.max(...agg.map((n) => n[0]! & 0x60)) | 24) & 0xff]);
      out.push(Buffer.concat([hdr, ...agg.flatMap((n) => [u16(n.length), n])]));
    }
    agg = [];
    aggLen = hl;
  };
  aggLen = hl;
  for (const nal of nals) {
    if (nal.length <= o.mtu) {
      if (o.aggregate && aggLen + 2 + nal.length <= o.mtu) {
        agg.push(nal);
        aggLen += 2 + nal.length;
        continue;
      }
      flush();
      if (o.aggregate) {
        agg.push(nal);
        aggLen += 2 + nal.length;
      } else out.push(nal);
      continue;
    }
    flush();
    const room = o.mtu - hl - 1;
    const body = nal.subarray(hl);
    for (let off = 0; off < body.length; off += room) {
      const s = off === 0 ? 0x80 : 0;
      const e = off + room >= body.length ? 0x40 : 0;
      const hdr = h265
        ? Buffer.from([(nal[0]! & 0x81) | (49 << 1), nal[1]!, s | e | ((nal[0]! >> 1) & 0x3f)])
        : Buffer.from([(nal[0]! & 0xe0) | 28, s | e | (nal[0]! & 0x1f)]);
      out.push(Buffer.concat([hdr, body.subarray(off, off + room)]));
    }
  }
  flush();
  return out.map((payload, i) => ({ payload, marker: i === out.length - 1 }));
}

export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** Turns packetized access units into RTP packets with consecutive sequence numbers. */
export function toPackets(
  aus: readonly { payload: Buffer; marker: boolean }[][],
  f: { payloadType?: number; timestampStep?: number; firstSequence?: number } = {},
): RtpPacket[] {
  const out: RtpPacket[] = [];
  let seq = f.firstSequence ?? 1000;
  aus.forEach((au, i) => {
    for (const p of au) {
      out.push(
        rtp(p.payload, {
          sequence: seq++ & 0xffff,
          timestamp: i * (f.timestampStep ?? 3000),
          marker: p.marker,
          payloadType: f.payloadType ?? 96,
        }),
      );
    }
  });
  return out;
}

/**
 * Parses RTP packets in RFC 4571 framing (2-byte length + packet), as GStreamer's rtpstreampay
 * writes them: header fields, payload view, 64-bit extended timestamps and sequence loss.
 * Tests only: throws on a packet that is not RTP version 2.
 */
export function parseRfc4571(data: Buffer): RtpPacket[] {
  const out: RtpPacket[] = [];
  let o = 0;
  let prevSeq = -1;
  let ext = 0;
  let prevTs = -1;
  while (o + 2 <= data.length) {
    const len = data.readUInt16BE(o);
    const p = data.subarray(o + 2, o + 2 + len);
    o += 2 + len;
    if (p.length < 12 || p[0]! >> 6 !== 2) throw new Error(`not an RTP packet at byte ${o - len - 2}`);
    let start = 12 + 4 * (p[0]! & 0x0f);
    if (p[0]! & 0x10) start += 4 + 4 * p.readUInt16BE(start + 2);
    let end = p.length;
    if (p[0]! & 0x20) end -= p[p.length - 1]!;
    const seq = p.readUInt16BE(2);
    const ts32 = p.readUInt32BE(4);
    if (prevTs >= 0) ext += ((ts32 - prevTs + 0x80000000) >>> 0) - 0x80000000;
    prevTs = ts32;
    out.push({
      sequence: seq,
      timestamp: ext,
      ssrc: p.readUInt32BE(8),
      marker: (p[1]! & 0x80) !== 0,
      payloadType: p[1]! & 0x7f,
      payload: p.subarray(start, end),
      loss: prevSeq < 0 ? 0 : (seq - prevSeq - 1) & 0xffff,
      receivedAt: 0,
    });
    prevSeq = seq;
  }
  return out;
}
