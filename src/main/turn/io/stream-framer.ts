// Frames STUN messages and ChannelData out of a TCP/TLS byte stream (RFC 8656 §12.5): the first
// two bits say which (00 STUN: 20 + length, magic cookie checked; 01 ChannelData: 4 + length
// padded to 4). A frame inside one chunk is passed as a view; only a frame spanning chunks is
// copied, into one growable buffer (bounded by the largest possible frame). Anything else is a
// framing error: the caller closes the connection.
import { MAGIC_COOKIE } from '../stun/constants';

const MAX_FRAME = 20 + 0xffff;
/** Header bytes that decide a frame's length (and, for STUN, its cookie). */
const HEAD = 8;

export type FrameSink = (frame: Buffer) => void;

export class StreamFramer {
  private pend = Buffer.alloc(64);
  private pendLen = 0;

  /** Feeds a chunk; calls `sink` per whole frame. False: not a TURN stream (close it). */
  push(chunk: Buffer, sink: FrameSink): boolean {
    let off = 0;
    if (this.pendLen > 0) {
      let frameLen = 0;
      for (;;) {
        frameLen = frameLength(this.pend, 0, this.pendLen);
        if (frameLen !== 0 || off >= chunk.length) break;
        this.pend[this.pendLen++] = chunk[off++]!;
      }
      if (frameLen < 0) return false;
      if (frameLen === 0) return true;
      if (this.pend.length < frameLen) {
        const bigger = Buffer.allocUnsafe(frameLen);
        this.pend.copy(bigger, 0, 0, this.pendLen);
        this.pend = bigger;
      }
      const take = Math.min(frameLen - this.pendLen, chunk.length - off);
      chunk.copy(this.pend, this.pendLen, off, off + take);
      this.pendLen += take;
      off += take;
      if (this.pendLen < frameLen) return true;
      this.pendLen = 0;
      sink(Buffer.from(this.pend.subarray(0, frameLen))); // a copy: `pend` is reused
    }
    while (off < chunk.length) {
      const frameLen = frameLength(chunk, off, chunk.length - off);
      if (frameLen < 0) return false;
      if (frameLen === 0 || chunk.length - off < frameLen) break;
      sink(chunk.subarray(off, off + frameLen));
      off += frameLen;
    }
    const rest = chunk.length - off;
    if (rest > 0) {
      if (this.pend.length < rest) this.pend = Buffer.allocUnsafe(Math.max(rest, HEAD));
      chunk.copy(this.pend, 0, off);
      this.pendLen = rest;
    }
    return true;
  }

  /** Bytes held for an incomplete frame. */
  get pending(): number {
    return this.pendLen;
  }
}

/**
 * Whole frame length at `off` given `avail` bytes: > 0 the length, 0 need more bytes to tell,
 * -1 not STUN / ChannelData.
 */
function frameLength(b: Buffer, off: number, avail: number): number {
  if (avail < 1) return 0;
  const top = b[off]! & 0xc0;
  if (top === 0x40) {
    if (avail < 4) return 0;
    const len = (b[off + 2]! << 8) | b[off + 3]!;
    return Math.min(MAX_FRAME, 4 + ((len + 3) & ~3));
  }
  if (top !== 0) return -1;
  if (avail < HEAD) return 0;
  if (b.readUInt32BE(off + 4) !== MAGIC_COOKIE) return -1;
  const len = (b[off + 2]! << 8) | b[off + 3]!;
  if ((len & 3) !== 0) return -1;
  return 20 + len;
}
