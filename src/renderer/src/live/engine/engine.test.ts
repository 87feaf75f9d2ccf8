import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockOffset } from './clock-offset';
import { fitSize } from './fit';
import { HISTOGRAM_MS, histogramQuantile, LatencyStats, mergeHistograms } from './latency';

describe('LatencyStats', () => {
  it('gives the recent median and histogram quantiles', () => {
    const s = new LatencyStats();
    expect(s.recentMedian()).toBeUndefined();
    for (const v of [10, 30, 20, 40]) s.record(v);
    expect(s.recentMedian()).toBe(25);
    for (let i = 0; i < 200; i++) s.record(50);
    expect(s.recentMedian()).toBe(50);
    expect(histogramQuantile(s.histogram, 0.5)).toBe(50.5);
    expect(histogramQuantile(s.histogram, 0.001)).toBe(10.5);
    s.record(1e9);
    s.record(-5);
    expect(s.histogram[HISTOGRAM_MS - 1]).toBe(1);
    expect(s.histogram[0]).toBe(1);
    expect(histogramQuantile(new Uint32Array(10), 0.5)).toBeUndefined();
    expect(mergeHistograms([s.histogram, s.histogram])[50]).toBe(400);
  });

  it('histogram quantiles match sorted samples to the millisecond (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 300 }), (xs) => {
        const s = new LatencyStats();
        for (const x of xs) s.record(x + 0.25);
        const sorted = [...xs].sort((a, b) => a - b);
        const p95 = sorted[Math.ceil(0.95 * xs.length) - 1]!;
        expect(histogramQuantile(s.histogram, 0.95)).toBe(p95 + 0.5);
      }),
    );
  });
});

describe('ClockOffset', () => {
  it('trusts the exchange with the smallest round trip', () => {
    const c = new ClockOffset();
    expect(c.offset).toBeUndefined();
    c.add(1000, 6040, 1100); // rtt 100: offset 4990
    c.add(2000, 7002, 2004); // rtt 4: offset 5000
    c.add(3000, 8100, 3300); // rtt 300
    expect(c.offset).toBe(5000);
    expect(c.rtt).toBe(4);
    c.add(10, 10, 5); // negative rtt: ignored
    expect(c.rtt).toBe(4);
  });
});

describe('fitSize', () => {
  it('keeps the aspect, never scales up', () => {
    expect(fitSize(1280, 720, 640, 480)).toEqual({ width: 640, height: 360 });
    expect(fitSize(320, 240, 1920, 1080)).toEqual({ width: 320, height: 240 });
    expect(fitSize(1280, 720, 0, 0)).toEqual({ width: 1280, height: 720 });
    expect(fitSize(0, 0, 300, 200)).toEqual({ width: 300, height: 200 });
    // Into a shared surface's region: a small video fills the box, in its aspect.
    expect(fitSize(640, 360, 1920, 1200, true)).toEqual({ width: 1920, height: 1080 });
    expect(fitSize(1280, 720, 640, 480, true)).toEqual({ width: 640, height: 360 });
  });
});
