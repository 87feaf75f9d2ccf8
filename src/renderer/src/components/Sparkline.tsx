// A tiny strip chart on a canvas: bitrate as a filled area, frame rate as a thin line, the
// last `points` seconds. Cheap enough for every visible row to redraw once a second; the
// canvas keeps its last picture between draws, so nothing flickers.
import { memo, useEffect, useRef, useSyncExternalStore } from 'react';
import { scaleSeries } from './sparkline-scale';
import { chartColors, subscribeTheme, themeVersion } from './theme-colors';

export interface SparklineProps {
  primary: readonly number[];
  secondary?: readonly number[];
  width?: number;
  height?: number;
  points?: number;
  /** Text alternative: the current values in words. */
  label: string;
  testId?: string;
}

function draw(canvas: HTMLCanvasElement, p: SparklineProps, w: number, h: number, n: number) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(w * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const colors = chartColors();
  const a = scaleSeries(p.primary, w, h, n, 2);
  if (a.points.length >= 4) {
    ctx.beginPath();
    ctx.moveTo(a.points[0]!, h);
    for (let i = 0; i < a.points.length; i += 2) ctx.lineTo(a.points[i]!, a.points[i + 1]!);
    ctx.lineTo(a.points[a.points.length - 2]!, h);
    ctx.closePath();
    ctx.globalAlpha = 0.18;
    ctx.fillStyle = colors.accent;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.beginPath();
    for (let i = 0; i < a.points.length; i += 2) {
      if (i === 0) ctx.moveTo(a.points[0]!, a.points[1]!);
      else ctx.lineTo(a.points[i]!, a.points[i + 1]!);
    }
    ctx.lineWidth = 1.25;
    ctx.strokeStyle = colors.accent;
    ctx.stroke();
  }
  if (p.secondary) {
    const b = scaleSeries(p.secondary, w, h, n, 3);
    if (b.points.length >= 4) {
      ctx.beginPath();
      for (let i = 0; i < b.points.length; i += 2) {
        if (i === 0) ctx.moveTo(b.points[0]!, b.points[1]!);
        else ctx.lineTo(b.points[i]!, b.points[i + 1]!);
      }
      ctx.lineWidth = 1;
      ctx.strokeStyle = colors.accent2;
      ctx.stroke();
    }
  }
}

export const Sparkline = memo(function Sparkline(props: SparklineProps) {
  const { width = 96, height = 28, points = 120 } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useSyncExternalStore(subscribeTheme, themeVersion);
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw when the data or theme changes
  useEffect(() => {
    if (ref.current) draw(ref.current, props, width, height, points);
  }, [props.primary, props.secondary, width, height, points, theme]);
  return (
    <canvas
      ref={ref}
      className="sparkline"
      width={width}
      height={height}
      style={{ width, height }}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
});
