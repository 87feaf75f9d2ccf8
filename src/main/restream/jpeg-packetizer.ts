// Motion JPEG RTP packetizer (RFC 2435), the inverse of the client's JpegDepacketizer: a
// baseline JFIF frame (as the depacketizer rebuilds it, or as an encoder writes it) is read for
// its quantization tables (DQT), restart interval (DRI), size and chroma sampling (SOF0) and
// scan data (after SOS, without the trailing EOI); the scan goes out in fragments by byte
// offset behind the 8-byte JPEG header. Q is 255: every frame carries its tables in-band (in
// its first packet), so a table change is never applied to the wrong frame. Types 0 (4:2:2)
// and 1 (4:2:0), plus 64 for restart markers. RFC 2435 cannot carry Huffman tables: the
// receiver uses the standard ones, which every RFC 2435 source (and our depacketizer) uses.
import { DEFAULT_MTU, type Payloads } from './rtp-packetizer';

/** What a frame header says, or why the frame cannot be sent. */
export interface JpegFrameInfo {
  /** RFC 2435 type: 0 (4:2:2) or 1 (4:2:0), +64 with restart markers. */
  type: number;
  width: number;
  height: number;
  restartInterval: number;
  /** Table data by table id 0.. (64 bytes 8-bit, 128 bytes 16-bit), ids contiguous from 0. */
  tables: Buffer[];
  /** The entropy-coded scan, without EOI. */
  scan: Buffer;
}

/** Largest side RFC 2435 can describe (255 blocks of 8 pixels). */
const MAX_SIDE = 2040;
/** The fragment offset is 24 bits. */
const MAX_SCAN = 0xffffff;

/** Reads a baseline JPEG's headers; a string says why it cannot go out as RFC 2435. */
export function readJpeg(jpeg: Buffer): JpegFrameInfo | string {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return 'not a JPEG (no SOI)';
  const tables: (Buffer | undefined)[] = [];
  let restartInterval = 0;
  let sof: { width: number; height: number; sampling: number } | undefined;
  let o = 2;
  while (o + 4 <= jpeg.length) {
    if (jpeg[o] !== 0xff) return `no marker at byte ${o}`;
    const marker = jpeg[o + 1]!;
    if (marker === 0xff) {
      o += 1; // fill byte
      continue;
    }
    const length = jpeg.readUInt16BE(o + 2);
    const body = o + 4;
    const end = o + 2 + length;
    if (length < 2 || end > jpeg.length) return `marker segment 0x${marker.toString(16)} overruns the frame`;
    if (marker === 0xdb) {
      for (let t = body; t < end; ) {
        const precision = jpeg[t]! >> 4;
        const id = jpeg[t]! & 0x0f;
        const size = precision ? 128 : 64;
        if (precision > 1 || id > 3 || t + 1 + size > end) return 'malformed DQT';
        tables[id] = jpeg.subarray(t + 1, t + 1 + size);
        t += 1 + size;
      }
    } else if (marker === 0xdd) {
      if (length !== 4) return 'malformed DRI';
      restartInterval = jpeg.readUInt16BE(body);
    } else if (marker === 0xc0 || marker === 0xc1) {
      if (length < 17 || jpeg[body] !== 8 || jpeg[body + 5] !== 3) return 'not an 8-bit 3-component frame';
      const cb = jpeg[body + 6 + 3 + 1];
      const cr = jpeg[body + 6 + 6 + 1];
      if (cb !== 0x11 || cr !== 0x11) return 'chroma sampling is not 1x1';
      sof = {
        height: jpeg.readUInt16BE(body + 1),
        width: jpeg.readUInt16BE(body + 3),
        sampling: jpeg[body + 7]!,
      };
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return 'not a baseline JPEG (progressive, lossless or arithmetic)';
    } else if (marker === 0xda) {
      if (!sof) return 'SOS before SOF';
      let scanEnd = jpeg.length;
      if (jpeg[scanEnd - 2] === 0xff && jpeg[scanEnd - 1] === 0xd9) scanEnd -= 2;
      return finish(sof, restartInterval, tables, jpeg.subarray(end, scanEnd));
    }
    o = end;
  }
  return 'no SOS';
}

function finish(
  sof: { width: number; height: number; sampling: number },
  restartInterval: number,
  byId: (Buffer | undefined)[],
  scan: Buffer,
): JpegFrameInfo | string {
  let type: number;
  if (sof.sampling === 0x21) type = 0;
  else if (sof.sampling === 0x22) type = 1;
  else return `luma sampling 0x${sof.sampling.toString(16)} is neither 4:2:2 nor 4:2:0`;
  if (sof.width === 0 || sof.height === 0 || sof.width > MAX_SIDE || sof.height > MAX_SIDE) {
    return `${sof.width}x${sof.height} is outside RFC 2435's 8..2040 pixels`;
  }
  const tables: Buffer[] = [];
  for (const t of byId) {
    if (!t) break;
    tables.push(t);
  }
  if (tables.length === 0) return 'no quantization tables';
  if (scan.length === 0 || scan.length > MAX_SCAN) return `scan of ${scan.length} bytes`;
  return {
    type: restartInterval ? type + 64 : type,
    width: sof.width,
    height: sof.height,
    restartInterval,
    tables,
    scan,
  };
}

/** Payloads of one frame (the last gets the marker), or none when it cannot be sent. */
export function packetizeJpeg(jpeg: Buffer, mtu = DEFAULT_MTU): Payloads {
  const info = readJpeg(jpeg);
  return typeof info === 'string' ? [] : packetizeJpegFrame(info, mtu);
}

export function packetizeJpegFrame(f: JpegFrameInfo, mtu = DEFAULT_MTU): Payloads {
  const restart = f.restartInterval ? 4 : 0;
  const tableBytes = f.tables.reduce((n, t) => n + t.length, 0);
  const firstHeader = 8 + restart + 4 + tableBytes;
  if (firstHeader + 1 > mtu) return [];
  let precision = 0;
  f.tables.forEach((t, i) => {
    if (t.length === 128) precision |= 1 << i;
  });
  const out: Payloads = [];
  for (let offset = 0; offset < f.scan.length; ) {
    const header = offset === 0 ? firstHeader : 8 + restart;
    const n = Math.min(f.scan.length - offset, mtu - header);
    const p = Buffer.allocUnsafe(header + n);
    p.writeUInt32BE(offset, 0); // type-specific 0, then the 24-bit fragment offset
    p[4] = f.type;
    p[5] = 255;
    p[6] = Math.ceil(f.width / 8);
    p[7] = Math.ceil(f.height / 8);
    let o = 8;
    if (restart) {
      o = p.writeUInt16BE(f.restartInterval, o);
      o = p.writeUInt16BE(0xffff, o); // F=1, L=1, restart count 0x3fff: whole frame
    }
    if (offset === 0) {
      p[o++] = 0;
      p[o++] = precision;
      o = p.writeUInt16BE(tableBytes, o);
      for (const t of f.tables) o += t.copy(p, o);
    }
    f.scan.copy(p, o, offset, offset + n);
    out.push(p);
    offset += n;
  }
  return out;
}
