// Motion JPEG RTP depacketizer (RFC 2435). Each frame's scan data arrives in fragments by byte
// offset; the JPEG headers the sender stripped are rebuilt: SOI, DQT (from the Q factor via the
// standard tables for Q < 128, or the in-band tables for Q >= 128, cached per Q when later
// frames omit them), DRI for types 64-127 (restart markers), SOF0, the standard DHT, SOS; EOI
// is appended when the scan does not already end with it. Types 0/64 (4:2:2) and 1/65 (4:2:0).
// Every frame is a key frame. The type-specific (field) byte is not interpreted.
import { RtspError } from '../error';
import { makeQuantTables, STANDARD_DHT } from './jpeg-tables';
import { NalArena } from './nal-arena';
import type { Depacketizer, Frame, MediaDescription, RtpPacket, VideoFrame, VideoParameters } from './types';

interface FrameHeader {
  type: number;
  width: number;
  height: number;
  restartInterval: number;
  /** DQT table data: one 64-byte (8-bit) or 128-byte (16-bit) table per entry. */
  tables: Buffer[];
}

type State =
  | { kind: 'idle' }
  | { kind: 'assembling'; timestamp: number; receivedAt: number; header: FrameHeader; nextOffset: number }
  | { kind: 'skipping'; timestamp: number };

const IDLE: State = { kind: 'idle' };

export class JpegDepacketizer implements Depacketizer {
  private state: State = IDLE;
  private params: VideoParameters | undefined;
  private readonly scan: NalArena;
  private readonly ready: VideoFrame[] = [];
  private pendingLoss = 0;
  /** In-band tables by Q (128-254) for frames that send a zero-length table header. */
  private readonly inBandTables = new Map<number, Buffer[]>();
  private readonly qTables = new Map<number, Buffer[]>();

  constructor(
    private readonly streamIndex: number,
    private readonly clockRate: number,
    maxFrameBytes = 8 * 1024 * 1024,
  ) {
    this.scan = new NalArena(maxFrameBytes);
  }

  get parameters(): VideoParameters | undefined {
    return this.params;
  }

  pull(): Frame | undefined {
    return this.ready.shift();
  }

  push(pkt: RtpPacket): RtspError | undefined {
    const st = this.state;
    if (pkt.loss > 0) {
      this.pendingLoss += pkt.loss;
      this.scan.reset();
      this.state = IDLE;
    } else if (st.kind === 'skipping' && st.timestamp === pkt.timestamp) {
      if (pkt.marker) this.state = IDLE;
      return undefined;
    }
    const p = pkt.payload;
    if (p.length < 8) return this.fail(pkt, `payload of ${p.length} bytes is shorter than the JPEG header`);
    const offset = p.readUIntBE(1, 3);
    const type = p[4]!;
    const q = p[5]!;
    let o = 8;
    let restartInterval = 0;
    if (type >= 64 && type <= 127) {
      if (p.length < o + 4) return this.fail(pkt, 'payload too short for the restart marker header');
      restartInterval = p.readUInt16BE(o);
      o += 4;
    }
    if ((type & 0x3f) > 1 || type > 127) return this.fail(pkt, `JPEG type ${type} is not supported`);
    if (offset === 0) {
      // A new frame.
      const tables = this.tablesFor(p, q, o);
      if (typeof tables === 'string') return this.fail(pkt, tables);
      o = tables.next;
      const width = p[6]! * 8;
      const height = p[7]! * 8;
      if (width === 0 || height === 0)
        return this.fail(pkt, 'frame width/height of 0 (over 2040 pixels) is not supported');
      const prev = this.state;
      if (prev.kind === 'assembling' && prev.nextOffset > 0 && prev.timestamp !== pkt.timestamp) {
        // No marker on the previous frame, but no packet was lost either: it is whole.
        this.emit(prev);
      }
      this.scan.reset();
      this.state = {
        kind: 'assembling',
        timestamp: pkt.timestamp,
        receivedAt: pkt.receivedAt,
        header: { type: type & 1, width, height, restartInterval, tables: tables.tables },
        nextOffset: 0,
      };
    }
    const cur = this.state;
    if (cur.kind !== 'assembling' || cur.timestamp !== pkt.timestamp) {
      this.scan.reset();
      if (pkt.loss > 0 || cur.kind === 'skipping') {
        this.state = pkt.marker ? IDLE : { kind: 'skipping', timestamp: pkt.timestamp };
        return undefined;
      }
      return this.fail(pkt, `fragment at offset ${offset} without the frame's first fragment`);
    }
    if (offset !== cur.nextOffset) {
      return this.fail(pkt, `fragment offset ${offset}, expected ${cur.nextOffset}`);
    }
    if (!this.scan.append(p, o, p.length)) {
      return this.fail(pkt, `frame too large (over ${this.scan.maxBytes} bytes); dropped`);
    }
    cur.nextOffset += p.length - o;
    if (pkt.marker) {
      this.emit(cur);
      this.state = IDLE;
    }
    return undefined;
  }

  private fail(pkt: RtpPacket, description: string): RtspError {
    this.scan.reset();
    this.state = pkt.marker ? IDLE : { kind: 'skipping', timestamp: pkt.timestamp };
    return new RtspError('codec', `JPEG: ${description}`, { sequence: pkt.sequence, ssrc: pkt.ssrc });
  }

  private tablesFor(p: Buffer, q: number, o: number): { tables: Buffer[]; next: number } | string {
    if (q < 128) {
      let t = this.qTables.get(q);
      if (!t) {
        const both = makeQuantTables(q);
        t = [both.subarray(0, 64), both.subarray(64)];
        this.qTables.set(q, t);
      }
      return { tables: t, next: o };
    }
    if (p.length < o + 4) return 'payload too short for the quantization table header';
    const precision = p[o + 1]!;
    const length = p.readUInt16BE(o + 2);
    o += 4;
    if (length === 0) {
      const cached = q === 255 ? undefined : this.inBandTables.get(q);
      return cached ? { tables: cached, next: o } : `no quantization tables known for Q=${q}`;
    }
    if (p.length < o + length) return `quantization tables of ${length} bytes exceed the payload`;
    const tables: Buffer[] = [];
    let used = 0;
    for (let i = 0; used < length && i < 4; i++) {
      const size = precision & (1 << i) ? 128 : 64;
      if (used + size > length) return `quantization table length ${length} is not a whole number of tables`;
      tables.push(Buffer.from(p.subarray(o + used, o + used + size)));
      used += size;
    }
    if (used !== length) return `quantization table length ${length} is not a whole number of tables`;
    if (q !== 255) this.inBandTables.set(q, tables);
    return { tables, next: o + length };
  }

  private emit(st: Extract<State, { kind: 'assembling' }>): void {
    const h = st.header;
    const scan = this.scan;
    const needEoi = !(scan.used >= 2 && scan.buf[scan.used - 2] === 0xff && scan.buf[scan.used - 1] === 0xd9);
    const dqtLen = 2 + h.tables.reduce((n, t) => n + 1 + t.length, 0);
    const total =
      2 + // SOI
      (h.restartInterval ? 6 : 0) +
      2 +
      dqtLen +
      19 + // SOF0
      STANDARD_DHT.length +
      14 + // SOS
      scan.used +
      (needEoi ? 2 : 0);
    const out = Buffer.allocUnsafe(total);
    let o = 0;
    out[o++] = 0xff;
    out[o++] = 0xd8;
    if (h.restartInterval) {
      o = out.writeUInt32BE(0xffdd0004, o);
      o = out.writeUInt16BE(h.restartInterval, o);
    }
    o = out.writeUInt16BE(0xffdb, o);
    o = out.writeUInt16BE(dqtLen, o);
    h.tables.forEach((t, i) => {
      out[o++] = ((t.length === 128 ? 1 : 0) << 4) | i;
      o += t.copy(out, o);
    });
    const chromaTable = h.tables.length > 1 ? 1 : 0;
    // SOF0: 8-bit, height, width, 3 components (Y 2x1 or 2x2, Cb 1x1, Cr 1x1).
    o = out.writeUInt16BE(0xffc0, o);
    o = out.writeUInt16BE(17, o);
    out[o++] = 8;
    o = out.writeUInt16BE(h.height, o);
    o = out.writeUInt16BE(h.width, o);
    out[o++] = 3;
    for (const [id, sampling, table] of [
      [0, h.type === 0 ? 0x21 : 0x22, 0],
      [1, 0x11, chromaTable],
      [2, 0x11, chromaTable],
    ]) {
      out[o++] = id!;
      out[o++] = sampling!;
      out[o++] = table!;
    }
    o += STANDARD_DHT.copy(out, o);
    // SOS: 3 components, Y uses DC/AC tables 0, Cb and Cr tables 1; spectral 0-63.
    out.set([0xff, 0xda, 0, 12, 3, 0, 0x00, 1, 0x11, 2, 0x11, 0, 63, 0], o);
    o += 14;
    o += scan.buf.copy(out, o, 0, scan.used);
    if (needEoi) {
      out[o++] = 0xff;
      out[o++] = 0xd9;
    }
    scan.reset();
    const changed = !this.params || this.params.width !== h.width || this.params.height !== h.height;
    if (changed) {
      this.params = {
        kind: 'video',
        codec: 'jpeg',
        rfc6381Codec: 'jpeg',
        width: h.width,
        height: h.height,
        extraData: Buffer.alloc(0),
      };
    }
    this.ready.push({
      kind: 'video',
      streamIndex: this.streamIndex,
      timestamp: st.timestamp,
      clockRate: this.clockRate,
      loss: this.pendingLoss,
      receivedAt: st.receivedAt,
      data: out,
      isRandomAccessPoint: true,
      hasNewParameters: changed,
      isDisposable: true,
    });
    this.pendingLoss = 0;
  }
}

export function createJpegDepacketizer(media: MediaDescription, streamIndex: number): JpegDepacketizer {
  return new JpegDepacketizer(streamIndex, media.clockRate || 90_000);
}
