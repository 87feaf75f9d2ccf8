import { describe, expect, it } from 'vitest';
import { niceCeil, scaleSeries } from './sparkline-scale';
import { rowWindow } from './virtual';

describe('niceCeil', () => {
  it.each([
    [0, 1],
    [-3, 1],
    [Number.NaN, 1],
    [0.7, 1],
    [1, 1],
    [1.2, 2],
    [2.2, 2.5],
    [3, 5],
    [7, 10],
    [1800, 2000],
    [2600, 5000],
  ])('%d -> %d', (v, nice) => {
    expect(niceCeil(v)).toBe(nice);
  });
});

describe('scaleSeries', () => {
  it('right-aligns a short series and maps 0..max to bottom..top inside the padding', () => {
    const { max, points } = scaleSeries([0, 50, 100], 100, 22, 11, 1);
    expect(max).toBe(100);
    expect(Array.from(points)).toEqual([80, 21, 90, 11, 100, 1]);
  });

  it('keeps only the last `count` values and clamps bad ones', () => {
    const { points } = scaleSeries([999, 1, Number.NaN, -4, 2], 30, 12, 3, 0, 2);
    expect(points.length).toBe(6);
    expect(Array.from(points)).toEqual([0, 12, 15, 12, 30, 0]);
  });

  it('draws a flat line at the bottom for an all-zero series', () => {
    const { max, points } = scaleSeries([0, 0], 10, 10, 2, 0);
    expect(max).toBe(1);
    expect(points[1]).toBe(10);
    expect(points[3]).toBe(10);
  });

  it('handles an empty series', () => {
    expect(scaleSeries([], 10, 10, 60).points.length).toBe(0);
  });
});

describe('rowWindow', () => {
  it('renders the rows in view plus overscan, with spacers for the rest', () => {
    expect(rowWindow(0, 400, 50, 1000, 2)).toEqual({ start: 0, end: 11, before: 0, after: 989 * 50 });
    const w = rowWindow(5000, 400, 50, 1000, 2);
    expect(w.start).toBe(98);
    expect(w.end).toBe(111);
    expect(w.before + (w.end - w.start) * 50 + w.after).toBe(1000 * 50);
  });

  it('clamps at the end and for empty lists', () => {
    const w = rowWindow(1e9, 400, 50, 10, 2);
    expect(w.end).toBe(10);
    expect(w.start).toBe(10);
    expect(w.after).toBe(0);
    expect(rowWindow(0, 400, 50, 0)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});
