// Chart colours come from the CSS tokens, so charts follow the light and dark themes. They
// are read once per theme (not per draw) and re-read when the theme changes.

export interface ChartColors {
  accent: string;
  accent2: string;
  grid: string;
  axis: string;
  fg3: string;
}

let cached: ChartColors | undefined;
let version = 0;
const listeners = new Set<() => void>();

function read(): ChartColors {
  const s = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
  return {
    accent: v('--chart-1', '#1f5fd6'),
    accent2: v('--chart-2', '#12a05c'),
    grid: v('--border', '#e3e7ed'),
    axis: v('--fg-2', '#475467'),
    fg3: v('--fg-3', '#5a6678'),
  };
}

export function chartColors(): ChartColors {
  if (!cached) cached = read();
  return cached;
}

function invalidate() {
  cached = undefined;
  version++;
  for (const l of listeners) l();
}

let watching = false;
function watch() {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  new MutationObserver(invalidate).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', invalidate);
}

/** Subscribe to theme changes (for useSyncExternalStore). */
export function subscribeTheme(listener: () => void): () => void {
  watch();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function themeVersion(): number {
  return version;
}

/** `#rrggbb` (or `#rgb`) with an alpha, as rgba(); other colour strings are returned as is. */
export function withAlpha(color: string, alpha: number): string {
  let hex = color.trim();
  if (/^#[0-9a-f]{3}$/i.test(hex)) hex = `#${[...hex.slice(1)].map((c) => c + c).join('')}`;
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return color;
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
