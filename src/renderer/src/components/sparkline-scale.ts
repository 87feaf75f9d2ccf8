// Scaling for the per-row sparkline: values to canvas coordinates. Pure and allocation-light
// (one Float32Array per call) so a few hundred rows can redraw every second.

export interface SparkScale {
  /** Top of the value axis (0 is always the bottom). */
  max: number;
  /** x, y pairs in canvas pixels, oldest first. */
  points: Float32Array;
}

/** A round upper bound at or above `v`: 1, 2, 2.5, 5 times a power of ten. */
export function niceCeil(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * The last `count` values (or fewer) laid out right-aligned in a `width` x `height` box with
 * `pad` pixels top and bottom: a series that started recently grows from the right edge, like
 * a strip chart. Non-finite values count as 0.
 */
export function scaleSeries(
  values: readonly number[],
  width: number,
  height: number,
  count: number,
  pad = 1,
  max?: number,
): SparkScale {
  const n = Math.min(values.length, count);
  const start = values.length - n;
  let top = 0;
  for (let i = start; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && v > top) top = v;
  }
  const scaleMax = max ?? niceCeil(top);
  const points = new Float32Array(n * 2);
  const step = count > 1 ? width / (count - 1) : 0;
  const usable = Math.max(0, height - 2 * pad);
  for (let i = 0; i < n; i++) {
    const raw = values[start + i]!;
    const v = Number.isFinite(raw) ? Math.max(0, Math.min(raw, scaleMax)) : 0;
    points[i * 2] = width - (n - 1 - i) * step;
    points[i * 2 + 1] = pad + usable - (v / scaleMax) * usable;
  }
  return { max: scaleMax, points };
}
