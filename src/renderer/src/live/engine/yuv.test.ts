import { describe, expect, it } from 'vitest';
import { BT601_LIMITED, BT709_FULL, matrixFor, yuvToRgba } from './yuv';

function i420(w: number, h: number, y: (x: number, y: number) => number, u = 128, v = 128) {
  const data = new Uint8Array(w * h + 2 * (w / 2) * (h / 2));
  for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) data[j * w + i] = y(i, j);
  data.fill(u, w * h, w * h + (w / 2) * (h / 2));
  data.fill(v, w * h + (w / 2) * (h / 2));
  return {
    format: 'I420' as const,
    data,
    layout: [
      { offset: 0, stride: w },
      { offset: w * h, stride: w / 2 },
      { offset: w * h + (w / 2) * (h / 2), stride: w / 2 },
    ],
    width: w,
    height: h,
  };
}

describe('yuvToRgba', () => {
  it('maps limited-range black, white and grey', () => {
    const out = new Uint8ClampedArray(3 * 4);
    yuvToRgba(
      i420(6, 2, (x) => [16, 16, 235, 235, 126, 126][x]!),
      out,
      3,
      1,
      BT601_LIMITED,
    );
    expect([...out]).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255]);
  });

  it('gives red for BT.601 red', () => {
    const out = new Uint8ClampedArray(4);
    yuvToRgba(
      i420(2, 2, () => 81, 90, 240),
      out,
      1,
      1,
      BT601_LIMITED,
    );
    expect(out[0]).toBeGreaterThan(250);
    expect(out[1]).toBeLessThan(5);
    expect(out[2]).toBeLessThan(5);
  });

  it('scales down with 2x2 luma averaging and reads NV12', () => {
    const src = i420(8, 4, (x) => (x % 2 ? 235 : 16));
    const out = new Uint8ClampedArray(4 * 2 * 4);
    yuvToRgba(src, out, 4, 2, BT601_LIMITED);
    // Alternating black/white columns average to mid grey.
    expect(out[0]).toBeGreaterThan(120);
    expect(out[0]).toBeLessThan(136);
    const nv12 = { ...src, format: 'NV12' as const, layout: [src.layout[0]!, { offset: 32, stride: 8 }] };
    nv12.data = new Uint8Array(48).fill(128);
    nv12.data.fill(235, 0, 32);
    const white = new Uint8ClampedArray(4);
    yuvToRgba(nv12, white, 1, 1, BT601_LIMITED);
    expect([...white]).toEqual([255, 255, 255, 255]);
  });

  it('picks the matrix from the colour space', () => {
    expect(matrixFor({ matrix: 'bt709', fullRange: true })).toBe(BT709_FULL);
    expect(matrixFor(undefined)).toBe(BT601_LIMITED);
  });
});
