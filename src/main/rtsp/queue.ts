// An unbounded-by-type, bounded-by-policy FIFO between the socket side (push) and an async
// consumer (next). Calls `onHigh` when it grows past `high` items and `onLow` when drained
// below `low`, for flow control (pausing a TCP socket).

export class ItemQueue<T> {
  private items: T[] = [];
  private head = 0;
  private ended = false;
  private error: unknown;
  private waiter: ((v: IteratorResult<T>) => void) | undefined;
  private waiterReject: ((e: unknown) => void) | undefined;
  private paused = false;

  constructor(
    private readonly high = 512,
    private readonly low = 64,
    private readonly onHigh?: () => void,
    private readonly onLow?: () => void,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  push(item: T): void {
    if (this.ended) return;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      this.waiterReject = undefined;
      w({ value: item, done: false });
      return;
    }
    this.items.push(item);
    if (!this.paused && this.length > this.high) {
      this.paused = true;
      this.onHigh?.();
    }
  }

  /** Ends the queue: consumers drain what is queued, then get `error` (if any) or done. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    const w = this.waiter;
    const r = this.waiterReject;
    this.waiter = undefined;
    this.waiterReject = undefined;
    if (w) {
      if (error !== undefined) r!(error);
      else w({ value: undefined, done: true });
    }
  }

  /** Drops queued items (used when the consumer stops). */
  clear(): void {
    this.items = [];
    this.head = 0;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const v = this.items[this.head]!;
      this.items[this.head] = undefined as T;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      } else if (this.head === this.items.length) {
        this.items.length = 0;
        this.head = 0;
      }
      if (this.paused && this.length < this.low) {
        this.paused = false;
        this.onLow?.();
      }
      return Promise.resolve({ value: v, done: false });
    }
    if (this.ended) {
      if (this.error !== undefined) {
        const e = this.error;
        this.error = undefined; // report once
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.waiterReject = reject;
    });
  }
}
