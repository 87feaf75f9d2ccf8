// Builders of RTP/RTCP packets for tests (scripted servers, unit tests). Not used by the client.

export function rtpPacket(
  seq: number,
  ts: number,
  opts: { pt?: number; ssrc?: number; marker?: boolean; payload?: Buffer } = {},
): Buffer {
  const payload = opts.payload ?? Buffer.from([1, 2, 3]);
  const b = Buffer.alloc(12 + payload.length);
  b[0] = 0x80;
  b[1] = (opts.marker ? 0x80 : 0) | (opts.pt ?? 96);
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE(ts >>> 0, 4);
  b.writeUInt32BE((opts.ssrc ?? 0x1234) >>> 0, 8);
  payload.copy(b, 12);
  return b;
}

export function senderReport(ssrc: number, ntp: [number, number], rtp: number): Buffer {
  const b = Buffer.alloc(28);
  b[0] = 0x80;
  b[1] = 200;
  b.writeUInt16BE(6, 2);
  b.writeUInt32BE(ssrc >>> 0, 4);
  b.writeUInt32BE(ntp[0] >>> 0, 8);
  b.writeUInt32BE(ntp[1] >>> 0, 12);
  b.writeUInt32BE(rtp >>> 0, 16);
  b.writeUInt32BE(10, 20);
  b.writeUInt32BE(1000, 24);
  return b;
}

/** A compound RTCP packet announcing that `ssrc` leaves: an empty RR, then BYE (RFC 3550 6.6). */
export function byePacket(ssrc: number): Buffer {
  const b = Buffer.alloc(16);
  b[0] = 0x80;
  b[1] = 201; // RR, no report blocks
  b.writeUInt16BE(1, 2);
  b.writeUInt32BE(ssrc >>> 0, 4);
  b[8] = 0x81; // BYE, one SSRC
  b[9] = 203;
  b.writeUInt16BE(1, 10);
  b.writeUInt32BE(ssrc >>> 0, 12);
  return b;
}
