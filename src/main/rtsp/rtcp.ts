// RTCP (RFC 3550 section 6): compound-packet validation, Sender Reports (RTP time -> NTP wall
// clock), and Receiver Reports with SDES CNAME for sending over UDP. Pure.
import { RtspError } from './error';

export interface SenderReport {
  ssrc: number;
  /** NTP timestamp: seconds since 1900 (integer part) and fraction as a 32-bit integer. */
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export interface CompoundInfo {
  /** Number of RTCP packets in the compound. */
  count: number;
  senderReport?: SenderReport;
  /** SSRCs of the senders of SR/RR/SDES/BYE packets in the compound. */
  ssrcs: number[];
  /** A BYE packet was present. */
  bye: boolean;
}

/**
 * Validates a compound RTCP packet (RFC 3550 A.2, relaxed: the first packet must be SR or
 * RR, every packet has version 2 and a length that fits; padding only on the last).
 */
export function parseRtcpCompound(buf: Buffer): CompoundInfo | RtspError {
  if (buf.length < 4) return new RtspError('protocol', 'RTCP packet shorter than 4 bytes');
  const info: CompoundInfo = { count: 0, ssrcs: [], bye: false };
  let pos = 0;
  while (pos < buf.length) {
    if (buf.length - pos < 4) return new RtspError('protocol', `RTCP: ${buf.length - pos} trailing bytes`);
    const b0 = buf[pos]!;
    if (b0 >> 6 !== 2) return new RtspError('protocol', `RTCP version ${b0 >> 6} at byte ${pos}`);
    const pt = buf[pos + 1]!;
    const len = (buf.readUInt16BE(pos + 2) + 1) * 4;
    if (pos + len > buf.length)
      return new RtspError('protocol', `RTCP packet of ${len} bytes at ${pos} overruns ${buf.length}`);
    if (info.count === 0 && pt !== 200 && pt !== 201) {
      return new RtspError('protocol', `RTCP compound starts with packet type ${pt}, not SR/RR`);
    }
    if (b0 & 0x20 && pos + len !== buf.length)
      return new RtspError('protocol', 'RTCP padding on a packet that is not last');
    const rc = b0 & 0x1f;
    if (pt === 200) {
      if (len < 28 + rc * 24) return new RtspError('protocol', 'RTCP SR too short');
      const sr: SenderReport = {
        ssrc: buf.readUInt32BE(pos + 4),
        ntpSeconds: buf.readUInt32BE(pos + 8),
        ntpFraction: buf.readUInt32BE(pos + 12),
        rtpTimestamp: buf.readUInt32BE(pos + 16),
        packetCount: buf.readUInt32BE(pos + 20),
        octetCount: buf.readUInt32BE(pos + 24),
      };
      if (info.senderReport === undefined) info.senderReport = sr;
      info.ssrcs.push(sr.ssrc);
    } else if (pt === 201) {
      if (len < 8 + rc * 24) return new RtspError('protocol', 'RTCP RR too short');
      info.ssrcs.push(buf.readUInt32BE(pos + 4));
    } else if (pt === 203) {
      info.bye = true;
      if (rc > 0 && len >= 8) info.ssrcs.push(buf.readUInt32BE(pos + 4));
    }
    info.count++;
    pos += len;
  }
  return info;
}

const NTP_UNIX_OFFSET = 2208988800;

/** NTP timestamp -> Unix milliseconds. */
export function ntpToUnixMs(seconds: number, fraction: number): number {
  return (seconds - NTP_UNIX_OFFSET) * 1000 + (fraction / 0x100000000) * 1000;
}

/** Unix milliseconds -> NTP (seconds, fraction). */
export function unixMsToNtp(ms: number): [number, number] {
  const s = Math.floor(ms / 1000);
  const frac = Math.floor(((ms - s * 1000) / 1000) * 0x100000000);
  return [(s + NTP_UNIX_OFFSET) >>> 0, frac >>> 0];
}

/** Maps RTP time to wall clock from the latest Sender Report of a stream. */
export interface WallClockMapping {
  /** Extended RTP timestamp of the SR. */
  rtpTimestamp: number;
  /** Wall-clock time of the SR, Unix ms. */
  unixMs: number;
  clockRate: number;
}

/** Wall-clock time (Unix ms) of an extended RTP timestamp. */
export function wallClockOf(m: WallClockMapping, timestamp: number): number {
  return m.unixMs + ((timestamp - m.rtpTimestamp) * 1000) / m.clockRate;
}

export interface ReportBlock {
  sourceSsrc: number;
  /** Fraction lost since the last report, 0..255. */
  fractionLost: number;
  /** Cumulative packets lost (24-bit signed). */
  cumulativeLost: number;
  extendedHighestSeq: number;
  jitter: number;
  /** Middle 32 bits of the last SR's NTP timestamp, 0 if none. */
  lastSr: number;
  /** Delay since the last SR, units of 1/65536 s, 0 if none. */
  delaySinceLastSr: number;
}

/** A compound RR (with at most one report block) + SDES CNAME. */
export function buildReceiverReport(ssrc: number, block: ReportBlock | undefined, cname: string): Buffer {
  const rrLen = block ? 32 : 8;
  const cnameBytes = Buffer.from(cname.slice(0, 255), 'utf8');
  // SDES: header 4 + ssrc 4 + item (2 + n) + terminating zero, padded to 4
  const sdesBody = 4 + 2 + cnameBytes.length + 1;
  const sdesLen = 4 + Math.ceil(sdesBody / 4) * 4;
  const out = Buffer.alloc(rrLen + sdesLen);
  out[0] = 0x80 | (block ? 1 : 0);
  out[1] = 201;
  out.writeUInt16BE(rrLen / 4 - 1, 2);
  out.writeUInt32BE(ssrc >>> 0, 4);
  if (block) {
    out.writeUInt32BE(block.sourceSsrc >>> 0, 8);
    const lost = Math.max(-0x800000, Math.min(0x7fffff, block.cumulativeLost)) & 0xffffff;
    out.writeUInt32BE((((block.fractionLost & 0xff) << 24) | lost) >>> 0, 12);
    out.writeUInt32BE(block.extendedHighestSeq >>> 0, 16);
    out.writeUInt32BE(Math.max(0, Math.floor(block.jitter)) >>> 0, 20);
    out.writeUInt32BE(block.lastSr >>> 0, 24);
    out.writeUInt32BE(block.delaySinceLastSr >>> 0, 28);
  }
  const s = rrLen;
  out[s] = 0x81;
  out[s + 1] = 202;
  out.writeUInt16BE(sdesLen / 4 - 1, s + 2);
  out.writeUInt32BE(ssrc >>> 0, s + 4);
  out[s + 8] = 1; // CNAME
  out[s + 9] = cnameBytes.length;
  cnameBytes.copy(out, s + 10);
  return out;
}
