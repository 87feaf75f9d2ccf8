// A uPlot time chart for live figures (one point a second). Created once, fed with setData
// as the history grows, resized with its box, rebuilt when the theme changes. The legend is
// ours: it shows the latest values (or the values under the pointer) and doubles as the
// chart's text alternative.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { niceTicks, rateLabels, type Ticks, unitLabels } from './chart-scale';
import { chartColors, subscribeTheme, themeVersion, withAlpha } from './theme-colors';

export interface ChartSeries {
  label: string;
  values: readonly number[];
  /** Which token colour: the first or second chart colour. */
  color: 1 | 2;
  /** Formats a value of this series for the legend and the axis. */
  format: (v: number) => string;
  /** Right-hand axis (for a second unit, e.g. fps beside kbit/s). */
  right?: boolean;
  /** The axis's labels: a rate in kbit/s (one unit for the axis) or a plain unit ("fps"). */
  axis: 'rate' | { unit: string };
  /** The axis never tops out below this (keepalive traffic is not scaled to fill the chart). */
  floor?: number;
}

export interface LiveChartProps {
  /** Sample times, wall-clock ms. */
  t: readonly number[];
  series: ChartSeries[];
  height?: number;
  /** Summary for screen readers, e.g. "Throughput over the last 5 minutes". */
  title: string;
  testId?: string;
}

function options(props: LiveChartProps, width: number, onCursor: (i: number | null) => void): uPlot.Options {
  const c = chartColors();
  const color = (n: 1 | 2) => (n === 1 ? c.accent : c.accent2);
  const left = props.series.find((s) => !s.right);
  const right = props.series.find((s) => s.right);
  // Each value axis: round steps up to a labelled top, worked out once per redraw by the range.
  const ticks: Record<'y' | 'y2', Ticks> = { y: niceTicks(0, left?.floor), y2: niceTicks(0, right?.floor) };
  const range =
    (key: 'y' | 'y2', s: ChartSeries | undefined): uPlot.Range.Function =>
    (_u, _min, max) => {
      ticks[key] = niceTicks(max, s?.floor ?? 1);
      return [0, ticks[key].top];
    };
  const axis = (side: 1 | 3, key: 'y' | 'y2', s: ChartSeries | undefined): uPlot.Axis => ({
    side,
    scale: key,
    stroke: c.axis,
    grid: { stroke: c.grid, width: 1, show: side === 3 },
    ticks: { show: false },
    size: 76,
    font: '11px system-ui, sans-serif',
    splits: () => ticks[key].ticks,
    values: () => (!s || s.axis === 'rate' ? rateLabels(ticks[key]) : unitLabels(ticks[key], s.axis.unit)),
  });
  return {
    width,
    height: props.height ?? 200,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    scales: {
      x: { time: true },
      y: { range: range('y', left) },
      y2: { range: range('y2', right) },
    },
    axes: [
      {
        stroke: c.axis,
        grid: { show: false },
        ticks: { show: false },
        font: '11px system-ui, sans-serif',
        space: 70,
        size: 30,
        // Whole seconds only: a label never repeats.
        incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600],
        values: (_u, splits) => splits.map((v) => (v == null ? '' : clock(v))),
      },
      axis(3, 'y', left),
      ...(right ? [{ ...axis(1, 'y2', right), grid: { show: false } }] : []),
    ],
    series: [
      {},
      ...props.series.map((s) => ({
        label: s.label,
        scale: s.right ? 'y2' : 'y',
        stroke: color(s.color),
        width: 1.6,
        fill: s.color === 1 ? withAlpha(color(1), 0.14) : undefined,
        points: { show: false },
      })),
    ],
    hooks: { setCursor: [(u) => onCursor(u.cursor.idx ?? null)] },
  };
}

/** Seconds since the epoch as a 24-hour clock: "14:03:20". */
function clock(sec: number): string {
  return new Date(sec * 1000).toLocaleTimeString('en-GB', { hour12: false });
}

function toData(props: LiveChartProps): uPlot.AlignedData {
  return [props.t.map((t) => t / 1000), ...props.series.map((s) => s.values as number[])];
}

export function LiveChart(props: LiveChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const theme = useSyncExternalStore(subscribeTheme, themeVersion);
  const latest = useRef(props);
  latest.current = props;
  const shape = props.series.map((s) => `${s.label}:${s.color}:${s.right ? 1 : 0}`).join('|');

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuild only for a new theme or series shape
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = new uPlot(
      options(latest.current, el.clientWidth || 600, setCursor),
      toData(latest.current),
      el,
    );
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w > 0 && w !== u.width) u.setSize({ width: w, height: latest.current.height ?? 200 });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [theme, shape]);

  const { t, series } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: new data arrives as new arrays
  useEffect(() => {
    plot.current?.setData(toData(latest.current));
  }, [t, series]);

  const index = cursor ?? props.t.length - 1;
  const legend = useMemo(
    () =>
      props.series.map((s) => ({
        label: s.label,
        color: s.color,
        value: index >= 0 && s.values[index] !== undefined ? s.format(s.values[index]!) : '—',
      })),
    [props.series, index],
  );
  const when =
    cursor !== null && props.t[cursor] ? new Date(props.t[cursor]!).toLocaleTimeString('en-GB') : 'now';
  const summary = `${props.title}. ${legend.map((l) => `${l.label} ${l.value}`).join(', ')} (${when}).`;

  return (
    <figure className="live-chart" data-testid={props.testId}>
      <figcaption className="chart-legend" aria-hidden="true">
        {legend.map((l) => (
          <span key={l.label} className="legend-item">
            <span className={`swatch c${l.color}`} />
            {l.label}
            <strong className="num">{l.value}</strong>
          </span>
        ))}
        <span className="legend-when subtle num">{when}</span>
      </figcaption>
      <div className="chart-box" ref={box} role="img" aria-label={summary} />
      {props.t.length === 0 ? (
        <p className="chart-empty subtle">No data yet: figures appear once a second.</p>
      ) : null}
    </figure>
  );
}
