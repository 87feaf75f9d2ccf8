// A small reorder buffer for RTP over UDP (retina has none). Packets go in by sequence
// number; `pop(now)` releases them in order, waiting at most `maxDelayMs` for a missing one
// and never holding more than `capacity` packets. Gaps it gives up on reach the RTP receiver
// as sequence gaps (counted as loss). Pure: time comes from the caller.

export interface ReorderOptions {
  /** Slots (power of two); a packet this far ahead forces the gap to be skipped. */
  capacity?: number;
  /** How long a gap may hold back later packets. */
  maxDelayMs?: number;
}

export type ReorderPush = 'queued' | 'late' | 'duplicate';

export class ReorderBuffer {
  private readonly mask: number;
  private readonly bufs: Array<Buffer | undefined>;
  private readonly seqs: Int32Array;
  private readonly times: Float64Array;
  private next: number | undefined;
  private count = 0;
  private readonly maxDelay: number;
  /** Packets forced out by a far-ahead arrival, in order (rare path). */
  private readonly released: Array<[Buffer, number]> = [];
  /** Receive time of the packet returned by the last `pop`. */
  releasedAt = 0;
  /** Packets that arrived ahead of a gap (and were held for reordering). */
  heldBack = 0;

  constructor(opts: ReorderOptions = {}) {
    let cap = opts.capacity ?? 64;
    cap = 1 << Math.ceil(Math.log2(Math.max(2, cap)));
    this.mask = cap - 1;
    this.bufs = new Array(cap).fill(undefined);
    this.seqs = new Int32Array(cap).fill(-1);
    this.times = new Float64Array(cap);
    this.maxDelay = opts.maxDelayMs ?? 50;
  }

  /** Packets held (queued in slots or released but not yet popped). */
  get size(): number {
    return this.count + this.released.length;
  }

  push(seq: number, buf: Buffer, receivedAt: number): ReorderPush {
    if (this.next === undefined) this.next = seq;
    const d = (seq - this.next) & 0xffff;
    if (d >= 0x8000) return 'late';
    if (d > this.mask) this.forceTo((seq - this.mask) & 0xffff);
    const slot = seq & this.mask;
    if (this.bufs[slot] !== undefined) return 'duplicate'; // same seq: a slot's older seq was forced out
    this.count++;
    if (seq !== this.next) this.heldBack++;
    this.bufs[slot] = buf;
    this.seqs[slot] = seq;
    this.times[slot] = receivedAt;
    return 'queued';
  }

  /** The next packet in order, or undefined if none is ready at `now`. */
  pop(now: number): Buffer | undefined {
    const r = this.released.shift();
    if (r !== undefined) {
      this.releasedAt = r[1];
      return r[0];
    }
    while (this.count > 0 && this.next !== undefined) {
      const slot = this.next & this.mask;
      const b = this.bufs[slot];
      if (b !== undefined) {
        this.take(slot);
        return b;
      }
      // A gap at `next`: wait unless the oldest queued packet has waited long enough.
      if (now - this.oldest() < this.maxDelay) return undefined;
      this.next = (this.next + 1) & 0xffff;
    }
    return undefined;
  }

  /** When the head gap will be given up, or undefined if nothing waits. */
  deadline(): number | undefined {
    if (this.count === 0) return undefined;
    return this.oldest() + this.maxDelay;
  }

  private take(slot: number): void {
    this.bufs[slot] = undefined;
    this.count--;
    this.releasedAt = this.times[slot]!;
    this.next = (this.next! + 1) & 0xffff;
  }

  private oldest(): number {
    let t = Number.POSITIVE_INFINITY;
    for (let i = 0; i <= this.mask; i++)
      if (this.bufs[i] !== undefined && this.times[i]! < t) t = this.times[i]!;
    return t;
  }

  /** Releases everything before `target` in order (gaps skipped) into `released`. */
  private forceTo(target: number): void {
    while (this.next !== undefined && this.next !== target) {
      const slot = this.next & this.mask;
      const b = this.bufs[slot];
      if (b !== undefined) {
        const at = this.times[slot]!;
        this.take(slot);
        this.released.push([b, at]);
      } else this.next = (this.next + 1) & 0xffff;
    }
  }
}
