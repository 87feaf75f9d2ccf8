// A bounds-checked MSB-first bit reader over RBSP bytes, with the Exp-Golomb codes of
// H.264 / H.265 (ITU-T H.264 section 9.1). Reading past the end never throws: it yields zeros
// and sets `overrun`, which callers check at the points where a value matters.

/**
 * Copies the RBSP of a NAL unit (bytes `[start, end)`), removing emulation prevention bytes
 * (`00 00 03` -> `00 00`). Called only for parameter sets, never per packet.
 */
export function nalToRbsp(nal: Uint8Array, start = 0, end = nal.length): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  let n = 0;
  let zeros = 0;
  for (let i = start; i < end; i++) {
    const b = nal[i]!;
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    zeros = b === 0 ? zeros + 1 : 0;
    out[n++] = b;
  }
  return out.subarray(0, n);
}

export class BitReader {
  private bitPos = 0;
  /** Set once a read went past the end (or an Exp-Golomb code was longer than 32 bits). */
  overrun = false;

  constructor(private readonly data: Uint8Array) {}

  get bitsLeft(): number {
    return Math.max(0, this.data.length * 8 - this.bitPos);
  }

  /** True if any bit other than the rbsp_trailing_bits remains (H.264 more_rbsp_data()). */
  moreRbspData(): boolean {
    const left = this.bitsLeft;
    if (left <= 0) return false;
    // Find the last 1 bit in the buffer: the stop bit.
    let last = this.data.length - 1;
    while (last >= 0 && this.data[last] === 0) last--;
    if (last < 0) return false;
    const byte = this.data[last]!;
    let tz = 0;
    while (((byte >> tz) & 1) === 0) tz++;
    const stopBitPos = last * 8 + (7 - tz);
    return this.bitPos < stopBitPos;
  }

  bit(): number {
    const pos = this.bitPos;
    if (pos >= this.data.length * 8) {
      this.overrun = true;
      return 0;
    }
    this.bitPos = pos + 1;
    return (this.data[pos >> 3]! >> (7 - (pos & 7))) & 1;
  }

  flag(): boolean {
    return this.bit() === 1;
  }

  /** Reads n <= 32 bits as an unsigned number. */
  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  }

  skip(n: number): void {
    if (this.bitPos + n > this.data.length * 8) {
      this.overrun = true;
      this.bitPos = this.data.length * 8;
      return;
    }
    this.bitPos += n;
  }

  /** ue(v): unsigned Exp-Golomb, at most 32 leading zeros. */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      if (this.overrun) return 0;
      if (++zeros > 31) {
        this.overrun = true;
        return 0;
      }
    }
    return 2 ** zeros - 1 + this.bits(zeros);
  }

  /** se(v): signed Exp-Golomb. */
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }
}
