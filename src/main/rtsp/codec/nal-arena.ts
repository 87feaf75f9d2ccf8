// Storage for the access unit in progress of an H.264 / H.265 depacketizer: one growable byte
// arena into which each packet's NAL bytes are copied once (packet payloads are views valid
// only during `push`), plus a table of NAL unit boundaries. Nothing is allocated per packet
// in steady state; the arena and table grow by doubling up to fixed caps and are reused.

/** Why an append failed. */
export const AU_TOO_LARGE = 'access unit too large';

export class NalArena {
  buf: Buffer;
  /** Bytes of `buf` in use. */
  used = 0;
  /** Start and end offsets of each complete NAL unit, header included. */
  starts: Int32Array;
  ends: Int32Array;
  count = 0;
  /** Start of the NAL unit being written, or -1. */
  open = -1;

  constructor(
    /** Cap on the size of an access unit in progress (bytes). */
    readonly maxBytes: number,
    /** Cap on the number of NAL units in an access unit. */
    readonly maxNals = 8192,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes));
    this.starts = new Int32Array(64);
    this.ends = new Int32Array(64);
  }

  reset(): void {
    this.used = 0;
    this.count = 0;
    this.open = -1;
  }

  /** Appends `src[from, to)`. False when the access unit would exceed `maxBytes`. */
  append(src: Buffer, from: number, to: number): boolean {
    const n = to - from;
    if (n <= 0) return true;
    const used = this.used;
    if (used + n > this.buf.length && !this.grow(used + n)) return false;
    src.copy(this.buf, used, from, to);
    this.used = used + n;
    return true;
  }

  appendByte(b: number): boolean {
    if (this.used + 1 > this.buf.length && !this.grow(this.used + 1)) return false;
    this.buf[this.used++] = b;
    return true;
  }

  openNal(): void {
    this.open = this.used;
  }

  /** Number of zero bytes (at most 3) ending the open NAL unit. */
  openTrailingZeros(): number {
    const open = this.open;
    let i = this.used - 1;
    let z = 0;
    while (z < 3 && i >= open && open >= 0 && this.buf[i] === 0) {
      z++;
      i--;
    }
    return z;
  }

  /**
   * Closes the open NAL unit, dropping trailing zero bytes (a NAL unit never ends in 00; they
   * are Annex B trailing_zero_8bits). Returns its index, -1 if it was empty or none was open,
   * or -2 if the NAL table is full.
   */
  closeNal(): number {
    const start = this.open;
    if (start < 0) return -1;
    this.open = -1;
    let end = this.used;
    while (end > start && this.buf[end - 1] === 0) end--;
    this.used = end;
    if (end === start) return -1;
    const i = this.count;
    if (i === this.starts.length) {
      if (i >= this.maxNals) {
        this.used = start;
        return -2;
      }
      const starts = new Int32Array(i * 2);
      const ends = new Int32Array(i * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[i] = start;
    this.ends[i] = end;
    this.count = i + 1;
    return i;
  }

  /** Removes the first `n` NAL units, moving what follows (and any open NAL) to the front. */
  dropPrefix(n: number): void {
    if (n >= this.count && this.open < 0) {
      this.reset();
      return;
    }
    const shift = n < this.count ? this.starts[n]! : this.open;
    this.buf.copyWithin(0, shift, this.used);
    this.used -= shift;
    for (let i = n; i < this.count; i++) {
      this.starts[i - n] = this.starts[i]! - shift;
      this.ends[i - n] = this.ends[i]! - shift;
    }
    this.count -= n;
    if (this.open >= 0) this.open -= shift;
  }

  private grow(need: number): boolean {
    if (need > this.maxBytes) return false;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(Math.min(cap, this.maxBytes));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
    return true;
  }
}
