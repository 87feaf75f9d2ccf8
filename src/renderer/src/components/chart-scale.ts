// Value axes for the live charts: round steps (0, 0.5, 1.0 — never 0.3, 0.8), the top tick at
// the top of the chart and labelled, one unit and one count of decimals per axis, and a floor
// so a near-idle series (1 kbit/s of keepalives) is drawn small instead of filling the chart.

export interface Ticks {
  /** Top of the axis; 0 is the bottom. Always one of `ticks`. */
  top: number;
  step: number;
  ticks: number[];
}

/** The round step (1, 2, 2.5 or 5 times a power of ten) at or above `v`. */
export function niceStep(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/** About `count` round steps from 0 to a top at or above `max` (and at least `floor`). */
export function niceTicks(max: number, floor = 1, count = 4): Ticks {
  const want = Math.max(Number.isFinite(max) ? max : 0, floor, Number.MIN_VALUE);
  const step = niceStep(want / count);
  const n = Math.max(1, Math.ceil(want / step - 1e-9));
  const ticks = Array.from({ length: n + 1 }, (_, i) => round(i * step));
  return { top: ticks[n]!, step, ticks };
}

function round(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

/** Decimals that print `step` exactly (0.25 -> 2, 5 -> 0), at most 3. */
export function decimalsOf(step: number): number {
  for (let d = 0; d < 3; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) return d;
  }
  return 3;
}

/** Rate ticks in one unit for the whole axis: "0", "0.5 Mbit/s", "1.0 Mbit/s". */
export function rateLabels(t: Ticks): string[] {
  const [div, unit] =
    t.top >= 1_000_000 ? [1_000_000, 'Gbit/s'] : t.top >= 1000 ? [1000, 'Mbit/s'] : [1, 'kbit/s'];
  const d = decimalsOf(t.step / div);
  return t.ticks.map((v) => (v === 0 ? '0' : `${(v / div).toFixed(d)} ${unit}`));
}

/** Plain ticks with a unit: "0", "10 fps", "20 fps". */
export function unitLabels(t: Ticks, unit: string): string[] {
  const d = decimalsOf(t.step);
  return t.ticks.map((v) => (v === 0 ? '0' : `${v.toFixed(d)} ${unit}`));
}
