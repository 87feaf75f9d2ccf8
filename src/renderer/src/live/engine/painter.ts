// Draws pictures into a view's target (target.ts): its own canvas (in the worker: an
// OffscreenCanvas transferred from the page), whose backing store is the picture's aspect
// fitted to the box on screen, so a 720p stream in a small tile costs a small canvas; or
// its region of the grid's surface, letterboxed in black. Small outputs of I420 / NV12 frames go
// through yuv.ts (copyTo + scale-convert + putImageData, ~0.5 ms for 720p -> 320x180);
// larger ones, other formats and JPEG bitmaps through drawImage. Keeps the last picture for
// snapshots, at the video's own resolution.
import type { Picture } from './decoders';
import { fitSize } from './fit';
import type { PaintTarget, Rect } from './target';
import { matrixFor, type YuvFormat, yuvToRgba } from './yuv';

const ORIGIN = Object.freeze({ x: 0, y: 0 });

/** Output pixels up to which yuv.ts beats drawImage (about 730x410). */
const FAST_MAX_PIXELS = 300_000;

export function pictureSize(p: Picture): { width: number; height: number } {
  return 'displayWidth' in p
    ? { width: p.displayWidth, height: p.displayHeight }
    : { width: p.width, height: p.height };
}

export interface PaintEvents {
  /** The picture of `slot` is on the canvas. */
  painted(slot: number): void;
  /** The picture of `slot` was replaced by a newer one before it could be drawn. */
  skipped(slot: number): void;
}

export class Painter {
  #target: PaintTarget;
  /** Where the last picture went (to know when the letterbox must be repainted). */
  #placed: Rect | undefined;
  #last: Picture | undefined;
  // The fast path's state: one copy in flight, the newest waiting picture, reused buffers.
  #copying = false;
  #waiting: { p: VideoFrame; slot: number } | undefined;
  #planes = new Uint8Array(0);
  #image: ImageData | undefined;
  #closed = false;

  constructor(
    target: PaintTarget,
    private readonly events: PaintEvents,
  ) {
    this.#target = target;
  }

  /** Paints `p` (now owned by the painter) and reports it through `events`. */
  paint(p: Picture, slot: number): void {
    if (this.#closed) {
      p.close();
      return;
    }
    const fit = this.#fit(p);
    const format = 'format' in p ? p.format : null;
    if ((format === 'I420' || format === 'NV12') && fit.width * fit.height <= FAST_MAX_PIXELS) {
      if (this.#copying) {
        if (this.#waiting) {
          this.events.skipped(this.#waiting.slot);
          this.#waiting.p.close();
        }
        this.#waiting = { p: p as VideoFrame, slot };
        return;
      }
      this.#copy(p as VideoFrame, format, fit, slot);
      return;
    }
    const at = this.#place(fit);
    this.#target.ctx.drawImage(p, at.x, at.y, fit.width, fit.height);
    this.#keep(p);
    this.events.painted(slot);
  }

  #copy(p: VideoFrame, format: YuvFormat, fit: { width: number; height: number }, slot: number): void {
    this.#copying = true;
    const size = p.allocationSize();
    if (this.#planes.length < size) this.#planes = new Uint8Array(size);
    const planes = this.#planes;
    p.copyTo(planes).then(
      (layout) => {
        if (this.#closed) {
          p.close();
          return;
        }
        const rect = p.visibleRect;
        const at = this.#place(fit);
        let image = this.#image;
        if (!image || image.width !== fit.width || image.height !== fit.height) {
          image = new ImageData(fit.width, fit.height);
          this.#image = image;
        }
        yuvToRgba(
          {
            format,
            data: planes,
            layout,
            width: rect?.width ?? p.codedWidth,
            height: rect?.height ?? p.codedHeight,
          },
          image.data,
          fit.width,
          fit.height,
          matrixFor(p.colorSpace),
        );
        this.#target.ctx.putImageData(image, at.x, at.y);
        this.#keep(p);
        this.events.painted(slot);
        this.#next();
      },
      () => {
        // A frame that cannot be copied is drawn the slow way.
        if (!this.#closed) {
          const at = this.#place(fit);
          this.#target.ctx.drawImage(p, at.x, at.y, fit.width, fit.height);
          this.#keep(p);
          this.events.painted(slot);
        } else {
          p.close();
        }
        this.#next();
      },
    );
  }

  #next(): void {
    this.#copying = false;
    const w = this.#waiting;
    this.#waiting = undefined;
    if (w) this.paint(w.p, w.slot);
  }

  #fit(p: Picture): { width: number; height: number } {
    const size = pictureSize(p);
    const r = this.#target.rect;
    return fitSize(size.width, size.height, r.width, r.height, !this.#target.own);
  }

  /** Where a picture of `fit` size goes; sizes the own canvas or blacks out the letterbox. */
  #place(fit: { width: number; height: number }): { x: number; y: number } {
    const { own, rect, ctx } = this.#target;
    if (own) {
      if (own.width !== fit.width || own.height !== fit.height) {
        own.width = fit.width;
        own.height = fit.height;
      }
      return ORIGIN;
    }
    const x = rect.x + ((rect.width - fit.width) >> 1);
    const y = rect.y + ((rect.height - fit.height) >> 1);
    const p = this.#placed;
    if (!p || p.x !== x || p.y !== y || p.width !== fit.width || p.height !== fit.height) {
      // The letterbox is transparent: the tile's own background shows there.
      ctx.clearRect(rect.x, rect.y, rect.width, rect.height);
      this.#placed = { x, y, width: fit.width, height: fit.height };
    }
    return this.#placed!;
  }

  #keep(p: Picture): void {
    if (this.#last !== p) this.#last?.close();
    this.#last = p;
  }

  /** The view moved or changed size (own canvas: its box; surface: its region). */
  retarget(rect: Rect): void {
    if (!this.#target.own) this.#blank();
    this.#target.rect = rect;
    this.#placed = undefined;
    this.repaint();
  }

  /** Draws the last picture again (the surface was cleared, or the view moved). */
  repaint(): void {
    this.#placed = undefined;
    const last = this.#last;
    if (!last || this.#closed) return;
    const fit = this.#fit(last);
    const at = this.#place(fit);
    this.#target.ctx.drawImage(last, at.x, at.y, fit.width, fit.height);
  }

  /** Clears the region on a surface (the view leaves it). */
  #blank(): void {
    const { own, rect, ctx } = this.#target;
    if (own) return;
    ctx.clearRect(rect.x, rect.y, rect.width, rect.height);
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

  /** Forgets the pictures (the stream ended or changed). */
  clear(): void {
    this.#last?.close();
    this.#last = undefined;
    this.#waiting?.p.close();
    this.#waiting = undefined;
  }

  close(): void {
    this.#blank();
    this.#closed = true;
    this.clear();
  }
}
