// Frames STUN messages and ChannelData out of a TCP/TLS byte stream (RFC 8656 §12.5): the first
// two bits say which (00 STUN: 20 + length, magic cookie checked; 01 ChannelData: 4 + length
// padded to 4). A frame inside one chunk is passed as a view; a frame spanning chunks is
// gathered in a buffer of exactly its size, handed over whole when complete (no second copy) and
// not kept afterwards, so an idle connection holds no frame memory. `maxFrame` bounds what one
// connection may make us hold (the caller lowers it before the client has an allocation). Anything
// else is a framing error: the caller closes the connection.
import { MAGIC_COOKIE } from '../stun/constants';

/** The largest frame the protocol can express. */
export const MAX_FRAME = 20 + 0xffff;
/** Header bytes that decide a frame's length (and, for STUN, its cookie). */
const HEAD = 8;

export type FrameSink = (frame: Buffer) => void;

export type FramerRefusal = 'not-turn' | 'frame-too-large';

export class StreamFramer {
  private pend = Buffer.allocUnsafe(HEAD);
  private pendLen = 0;
  /** Frames completed so far (a new partial frame after a completed one restarts its deadline). */
  frames = 0;
  /** Why the last `push` returned false. */
  refusal: FramerRefusal = 'not-turn';

  /** Frames longer than this are refused (the connection is closed). */
  constructor(public maxFrame = MAX_FRAME) {}

  /** Feeds a chunk; calls `sink` per whole frame. False: close the connection (see `refusal`). */
  push(chunk: Buffer, sink: FrameSink): boolean {
    let off = 0;
    if (this.pendLen > 0) {
      let frameLen = 0;
      for (;;) {
        frameLen = this.frameLength(this.pend, 0, this.pendLen);
        if (frameLen !== 0 || off >= chunk.length) break;
        this.pend[this.pendLen++] = chunk[off++]!;
      }
      if (frameLen < 0) return false;
      if (frameLen === 0) return true;
      if (this.pend.length < frameLen) {
        const exact = Buffer.allocUnsafe(frameLen);
        this.pend.copy(exact, 0, 0, this.pendLen);
        this.pend = exact;
      }
      const take = Math.min(frameLen - this.pendLen, chunk.length - off);
      chunk.copy(this.pend, this.pendLen, off, off + take);
      this.pendLen += take;
      off += take;
      if (this.pendLen < frameLen) return true;
      this.pendLen = 0;
      this.frames++;
      if (this.pend.length === frameLen && frameLen > HEAD) {
        const whole = this.pend;
        this.pend = Buffer.allocUnsafe(HEAD);
        sink(whole);
      } else {
        sink(Buffer.from(this.pend.subarray(0, frameLen))); // a copy: `pend` is reused
      }
    }
    while (off < chunk.length) {
      const frameLen = this.frameLength(chunk, off, chunk.length - off);
      if (frameLen < 0) return false;
      if (frameLen === 0 || chunk.length - off < frameLen) break;
      this.frames++;
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

  /** Bytes received of an incomplete frame. */
  get pending(): number {
    return this.pendLen;
  }

  /** Bytes of memory held for an incomplete frame (0 when none is in progress). */
  get held(): number {
    return this.pendLen > 0 ? this.pend.length : 0;
  }

  /**
   * Whole frame length at `off` given `avail` bytes: > 0 the length, 0 need more bytes to tell,
   * -1 not STUN / ChannelData or longer than `maxFrame` (`refusal` says which).
   */
  private frameLength(b: Buffer, off: number, avail: number): number {
    const n = frameLength(b, off, avail);
    if (n < 0) this.refusal = 'not-turn';
    else if (n > this.maxFrame) {
      this.refusal = 'frame-too-large';
      return -1;
    }
    return n;
  }
}

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
