// Draws pictures into a view's canvas (in the worker: an OffscreenCanvas transferred from
// the page). The backing store is the picture's aspect fitted to the box on screen, so a
// 720p stream in a small tile costs a small canvas. Keeps the last picture for snapshots,
// at the video's own resolution.
import type { Picture } from './decoders';
import { fitSize } from './fit';

export function pictureSize(p: Picture): { width: number; height: number } {
  return 'displayWidth' in p
    ? { width: p.displayWidth, height: p.displayHeight }
    : { width: p.width, height: p.height };
}

export class Painter {
  readonly #ctx: OffscreenCanvasRenderingContext2D;
  #box: { width: number; height: number };
  #last: Picture | undefined;

  constructor(
    private readonly canvas: OffscreenCanvas,
    box: { width: number; height: number },
  ) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('no 2d context for the video canvas');
    this.#ctx = ctx;
    this.#box = box;
  }

  get hasPicture(): boolean {
    return this.#last !== undefined;
  }

  /** Paints `p` and keeps it (closing the previous one). */
  paint(p: Picture): void {
    this.#draw(p);
    this.#last?.close();
    this.#last = p;
  }

  resize(box: { width: number; height: number }): void {
    this.#box = box;
    if (this.#last) this.#draw(this.#last);
  }

  #draw(p: Picture): void {
    const size = pictureSize(p);
    const fit = fitSize(size.width, size.height, this.#box.width, this.#box.height);
    if (this.canvas.width !== fit.width || this.canvas.height !== fit.height) {
      this.canvas.width = fit.width;
      this.canvas.height = fit.height;
    }
    this.#ctx.drawImage(p, 0, 0, fit.width, fit.height);
  }

  /** The last picture at its own resolution, encoded as `mime`. */
  async snapshot(mime: 'image/png' | 'image/jpeg'): Promise<Blob> {
    const p = this.#last;
    if (!p) throw new Error('no picture yet');
    const { width, height } = pictureSize(p);
    const c = new OffscreenCanvas(width, height);
    const ctx = c.getContext('2d');
    if (!ctx) throw new Error('no 2d context for the snapshot');
    ctx.drawImage(p, 0, 0);
    return c.convertToBlob({ type: mime, quality: 0.92 });
  }

  /** Forgets the picture (the stream ended or changed). */
  clear(): void {
    this.#last?.close();
    this.#last = undefined;
  }
}
