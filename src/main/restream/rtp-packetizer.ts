// RTP payloads for one frame, shared by every consumer of a camera (each consumer only adds
// its own 12-byte header): H.264 (RFC 6184) and H.265 (RFC 7798) as single NAL unit packets
// and FU-A / FU fragments, AAC as RFC 3640 AAC-hbr (one access unit per packet, fragmented
// when larger than the MTU), other audio (G.711, G.722, L16, Opus) passed through as it came.
import { type H26xCodec, nalUnitsOf } from './parameter-sets';

/** Largest RTP payload; with the RTP, UDP and IP headers a packet stays under 1500 bytes. */
export const DEFAULT_MTU = 1400;

/** Payloads of one frame in order; the last one carries the marker bit (video). */
export type Payloads = Buffer[];

/** Packetizes the NAL units of one access unit. NAL units are views (copied only for FUs). */
export function packetizeNalUnits(codec: H26xCodec, nals: readonly Buffer[], mtu = DEFAULT_MTU): Payloads {
  const out: Payloads = [];
  const headerLength = codec === 'h264' ? 1 : 2;
  for (const nal of nals) {
    if (nal.length <= headerLength) continue;
    if (nal.length <= mtu) {
      out.push(nal);
      continue;
    }
    const fuHeaderLength = headerLength + 1;
    const room = mtu - fuHeaderLength;
    const type = codec === 'h264' ? nal[0]! & 0x1f : (nal[0]! >> 1) & 0x3f;
    for (let o = headerLength; o < nal.length; o += room) {
      const end = Math.min(nal.length, o + room);
      const p = Buffer.allocUnsafe(fuHeaderLength + end - o);
      const start = o === headerLength ? 0x80 : 0;
      const last = end === nal.length ? 0x40 : 0;
      if (codec === 'h264') {
        p[0] = (nal[0]! & 0xe0) | 28;
        p[1] = start | last | type;
      } else {
        p[0] = (nal[0]! & 0x81) | (49 << 1);
        p[1] = nal[1]!;
        p[2] = start | last | type;
      }
      nal.copy(p, fuHeaderLength, o, end);
      out.push(p);
    }
  }
  return out;
}

/** Packetizes a length-prefixed access unit (the depacketizer's default framing). */
export function packetizeAccessUnit(codec: H26xCodec, au: Buffer, mtu = DEFAULT_MTU): Payloads {
  return packetizeNalUnits(codec, nalUnitsOf(au), mtu);
}

/**
 * One raw AAC access unit as AAC-hbr (sizelength=13, indexlength=3): a 16-bit AU-headers-length
 * and one AU header, then the bytes. A larger unit is fragmented: each fragment repeats the
 * header with the whole size (RFC 3640 3.2.3); the marker goes on the last.
 */
export function packetizeAac(au: Buffer, mtu = DEFAULT_MTU): Payloads {
  if (au.length === 0 || au.length > 0x1fff) return [];
  const room = mtu - 4;
  const out: Payloads = [];
  for (let o = 0; o < au.length; o += room) {
    const end = Math.min(au.length, o + room);
    const p = Buffer.allocUnsafe(4 + end - o);
    p.writeUInt16BE(16, 0);
    p.writeUInt16BE(au.length << 3, 2);
    au.copy(p, 4, o, end);
    out.push(p);
  }
  return out;
}

/** Audio carried as the frame's bytes (G.711, G.722, L16, Opus); too large for one packet: none. */
export function packetizeWhole(frame: Buffer, mtu = DEFAULT_MTU): Payloads {
  return frame.length === 0 || frame.length > mtu ? [] : [frame];
}
