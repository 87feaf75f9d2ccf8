// One min-heap drives every expiry (allocations, permissions, channels, reservations): a
// coarse tick pops what is due. An item has at most one live entry; refreshing only moves its
// `expiresAt` (no heap work) unless the new time is earlier. A popped item whose `expiresAt`
// moved later is pushed back once. Stale entries are skipped by comparing `at` with `heapAt`.

export interface Expirable {
  expiresAt: number;
  /** Time of the live heap entry (managed by the heap). */
  heapAt: number;
  /** Set when the item is gone: its entries are skipped. */
  dead: boolean;
}

interface Entry<T> {
  at: number;
  item: T;
}

export class ExpiryHeap<T extends Expirable> {
  private readonly a: Entry<T>[] = [];

  get size(): number {
    return this.a.length;
  }

  /** Schedules `item` at its `expiresAt`, or reschedules it when that is now earlier. */
  schedule(item: T): void {
    if (item.heapAt !== 0 && item.heapAt <= item.expiresAt) return; // live entry fires early enough
    item.heapAt = item.expiresAt;
    this.push({ at: item.expiresAt, item });
  }

  /** Calls `expire` for every live item whose expiresAt <= now. */
  run(now: number, expire: (item: T) => void): number {
    let n = 0;
    while (this.a.length > 0 && this.a[0]!.at <= now) {
      const e = this.pop()!;
      const it = e.item;
      if (it.dead || e.at !== it.heapAt) continue;
      if (it.expiresAt > now) {
        it.heapAt = it.expiresAt;
        this.push({ at: it.expiresAt, item: it });
        continue;
      }
      it.heapAt = 0;
      n++;
      expire(it);
    }
    return n;
  }

  clear(): void {
    this.a.length = 0;
  }

  private push(e: Entry<T>): void {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.at <= e.at) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = e;
  }

  private pop(): Entry<T> | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && a[r]!.at < a[l]!.at ? r : l;
      if (a[c]!.at >= last.at) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
