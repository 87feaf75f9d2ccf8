// The frames sent to one subscriber and not yet acknowledged: a fixed ring of (seq, sent at,
// bytes) in typed arrays, so sending and acknowledging allocate nothing. Acks are
// cumulative: ack(n) retires every frame with seq <= n.

export class InFlight {
  readonly #seq: Float64Array;
  readonly #at: Float64Array;
  readonly #size: Float64Array;
  #head = 0;
  #count = 0;
  #bytes = 0;

  constructor(readonly capacity: number) {
    this.#seq = new Float64Array(capacity);
    this.#at = new Float64Array(capacity);
    this.#size = new Float64Array(capacity);
  }

  get count(): number {
    return this.#count;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get full(): boolean {
    return this.#count === this.capacity;
  }

  /** Send time of the oldest unacknowledged frame, or undefined when none. */
  get oldestAt(): number | undefined {
    return this.#count ? this.#at[this.#head] : undefined;
  }

  /** Records a sent frame. False (and nothing recorded) when the ring is full. */
  push(seq: number, at: number, bytes: number): boolean {
    if (this.#count === this.capacity) return false;
    const i = (this.#head + this.#count) % this.capacity;
    this.#seq[i] = seq;
    this.#at[i] = at;
    this.#size[i] = bytes;
    this.#count += 1;
    this.#bytes += bytes;
    return true;
  }

  /** Retires every frame up to and including `seq`. Returns how many. */
  ack(seq: number): number {
    let n = 0;
    while (this.#count > 0 && this.#seq[this.#head]! <= seq) {
      this.#bytes -= this.#size[this.#head]!;
      this.#head = (this.#head + 1) % this.capacity;
      this.#count -= 1;
      n += 1;
    }
    return n;
  }

  clear(): void {
    this.#head = 0;
    this.#count = 0;
    this.#bytes = 0;
  }
}
