import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalsOf, niceTicks, rateLabels, unitLabels } from './chart-scale';

describe('niceTicks', () => {
  it('uses round steps and ends on a labelled top tick', () => {
    expect(niceTicks(0.8)).toEqual({ top: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] });
    expect(niceTicks(290, 1)).toMatchObject({ top: 300, step: 100, ticks: [0, 100, 200, 300] });
    expect(niceTicks(25, 1)).toEqual({ top: 30, step: 10, ticks: [0, 10, 20, 30] });
  });
  it('a floor keeps a near-idle series small', () => {
    const t = niceTicks(1.1, 40);
    expect(t).toEqual({ top: 40, step: 10, ticks: [0, 10, 20, 30, 40] });
  });
  it('for any max: the top covers it, steps are even and round, at most 6 steps', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        (max, floor) => {
          const t = niceTicks(max, floor);
          expect(t.top).toBeGreaterThanOrEqual(Math.max(max, floor) * (1 - 1e-9));
          expect(t.ticks[0]).toBe(0);
          expect(t.ticks.at(-1)).toBe(t.top);
          expect(t.ticks.length - 1).toBeLessThanOrEqual(6);
          const mantissa = t.step / 10 ** Math.floor(Math.log10(t.step));
          expect([1, 2, 2.5, 5, 10].some((m) => Math.abs(m - mantissa) < 1e-6)).toBe(true);
        },
      ),
    );
  });
});

describe('labels', () => {
  it('one unit and one count of decimals per axis', () => {
    expect(rateLabels(niceTicks(0.8))).toEqual([
      '0',
      '0.25 kbit/s',
      '0.50 kbit/s',
      '0.75 kbit/s',
      '1.00 kbit/s',
    ]);
    expect(rateLabels(niceTicks(1800))).toEqual([
      '0',
      '0.5 Mbit/s',
      '1.0 Mbit/s',
      '1.5 Mbit/s',
      '2.0 Mbit/s',
    ]);
    expect(unitLabels(niceTicks(25), 'fps')).toEqual(['0', '10 fps', '20 fps', '30 fps']);
    expect(decimalsOf(2.5)).toBe(1);
  });
});
