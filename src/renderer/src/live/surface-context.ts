// The grid's shared canvas, for the tiles inside it. `null` (the default): tiles paint on
// their own canvases. `{ surface: undefined }`: a surface is coming, tiles wait for it.
import { createContext } from 'react';
import type { SurfaceHandle } from './live-client';

export interface SurfaceContextValue {
  surface: SurfaceHandle | undefined;
  /** The surface's canvas element, to place tiles relative to it. */
  element: HTMLCanvasElement | undefined;
}

export const SurfaceContext = createContext<SurfaceContextValue | null>(null);
