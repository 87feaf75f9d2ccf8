// Where a view paints: its own canvas, sized to the picture; or a region of a surface, one
// canvas shared by every tile of the grid. A surface is composited once per frame instead
// of once per tile: 16 canvases updating 30 times a second cost Chromium's compositor about
// twice what one canvas does (measured without a GPU).

import type { Rect } from './protocol';

export type { Rect };

export interface PaintTarget {
  readonly ctx: OffscreenCanvasRenderingContext2D;
  /** The view's own canvas; undefined on a surface. */
  readonly own: OffscreenCanvas | undefined;
  /** The region in device pixels (an own canvas: its box on screen, at 0,0). */
  rect: Rect;
}

export function ownTarget(canvas: OffscreenCanvas, rect: Rect): PaintTarget {
  return { ctx: context(canvas), own: canvas, rect };
}

export function context(canvas: OffscreenCanvas, alpha = false): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { alpha });
  if (!ctx) throw new Error('no 2d context for a video canvas');
  return ctx;
}

/** A grid's shared canvas and the views painting on it. */
export class Surface {
  readonly ctx: OffscreenCanvasRenderingContext2D;
  readonly #repaint = new Set<() => void>();

  constructor(readonly canvas: OffscreenCanvas) {
    // Transparent where no view paints: the page shows between the tiles.
    this.ctx = context(canvas, true);
  }

  target(rect: Rect): PaintTarget {
    return { ctx: this.ctx, own: undefined, rect };
  }

  /** `repaint` runs after the surface was resized (which clears it). */
  join(repaint: () => void): () => void {
    this.#repaint.add(repaint);
    return () => this.#repaint.delete(repaint);
  }

  resize(width: number, height: number): void {
    if (this.canvas.width === width && this.canvas.height === height) return;
    this.canvas.width = width; // (clears it)
    this.canvas.height = height;
    for (const r of this.#repaint) r();
  }
}
