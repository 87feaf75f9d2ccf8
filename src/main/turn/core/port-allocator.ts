// Relay port bookkeeping over the configured range (default 49152-65535). Pure: which ports are
// ours; binding them is the I/O layer's job (a port another process holds is released and
// another one taken). Ports below 1024 are never handed out.

export class PortAllocator {
  private readonly used = new Uint8Array(65536);
  private inUse = 0;
  readonly min: number;
  readonly max: number;

  constructor(
    min: number,
    max: number,
    private readonly random: () => number = Math.random,
  ) {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1024 || max > 65535 || min > max) {
      throw new RangeError(`invalid relay port range ${min}-${max}`);
    }
    this.min = min;
    this.max = max;
  }

  get capacity(): number {
    return this.max - this.min + 1;
  }
  get allocated(): number {
    return this.inUse;
  }

  /**
   * Takes a free port (an even one with `even`; with `pair`, an even one whose successor is also
   * free, taking both). Undefined when the range is exhausted.
   */
  take(even = false, pair = false): number | undefined {
    const span = this.capacity;
    const start = this.min + Math.floor(this.random() * span);
    for (let k = 0; k < span; k++) {
      const p = this.min + ((start - this.min + k) % span);
      if (this.used[p] !== 0) continue;
      if ((even || pair) && (p & 1) !== 0) continue;
      if (pair && (p + 1 > this.max || this.used[p + 1] !== 0)) continue;
      this.mark(p);
      if (pair) this.mark(p + 1);
      return p;
    }
    return undefined;
  }

  release(port: number): void {
    if (this.used[port] !== 0) {
      this.used[port] = 0;
      this.inUse--;
    }
  }

  isTaken(port: number): boolean {
    return this.used[port] !== 0;
  }

  private mark(p: number): void {
    this.used[p] = 1;
    this.inUse++;
  }
}
