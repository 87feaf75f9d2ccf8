// Arrival-to-paint latency figures of one view: a 1 ms histogram for the whole life of the
// view (median / p95 for the benchmark) and a ring of recent samples for the on-screen
// figure. Fixed-size typed arrays: recording a sample allocates nothing.

export const HISTOGRAM_MS = 2000;
const RECENT = 90;

export class LatencyStats {
  /** Counts per whole millisecond; the last bucket holds everything from HISTOGRAM_MS - 1 up. */
  readonly histogram = new Uint32Array(HISTOGRAM_MS);
  readonly #recent = new Float64Array(RECENT);
  readonly #sorted = new Float64Array(RECENT);
  #recentCount = 0;
  #recentNext = 0;
  count = 0;

  record(ms: number): void {
    const v = Math.max(0, ms);
    this.histogram[Math.min(HISTOGRAM_MS - 1, Math.floor(v))]! += 1;
    this.count += 1;
    this.#recent[this.#recentNext] = v;
    this.#recentNext = (this.#recentNext + 1) % RECENT;
    if (this.#recentCount < RECENT) this.#recentCount += 1;
  }

  /** Median of the last samples (about 3 s at 30 fps), or undefined before any. */
  recentMedian(): number | undefined {
    const n = this.#recentCount;
    if (n === 0) return undefined;
    const s = this.#sorted.subarray(0, n);
    s.set(this.#recent.subarray(0, n));
    s.sort();
    return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  }
}

/** The q-quantile (0..1) of a 1 ms histogram, in ms (bucket midpoint), or undefined when empty. */
export function histogramQuantile(histogram: ArrayLike<number>, q: number): number | undefined {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i]!;
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!;
    if (seen >= rank) return i + 0.5;
  }
  return histogram.length - 0.5;
}

/** Adds histograms of equal length (views of the benchmark). */
export function mergeHistograms(all: readonly ArrayLike<number>[]): number[] {
  const out = new Array<number>(HISTOGRAM_MS).fill(0);
  for (const h of all) for (let i = 0; i < out.length && i < h.length; i++) out[i]! += h[i]!;
  return out;
}
