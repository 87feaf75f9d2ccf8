// Messages between the page and the live engine (a worker, or the page itself where a
// worker cannot start). The engine owns media channels, decoders and canvases; the page
// only opens and closes views and shows what the engine reports.

/** How the engine reaches main for one channel. */
export type TransportSpec =
  // protocols: the WebSocket subprotocols carrying the console session.
  { kind: 'websocket'; url: string; protocols?: string[] } | { kind: 'port'; port: MessagePort };

/** A region in device pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a view paints: its own canvas (rect: its box, at 0,0) or a region of a surface. */
export type ViewTarget =
  | { kind: 'canvas'; canvas: OffscreenCanvas; rect: Rect }
  | { kind: 'surface'; surfaceId: number; rect: Rect };

export type EngineRequest =
  | { type: 'open-view'; viewId: number; cameraId: string; target: ViewTarget; transport: TransportSpec }
  | { type: 'close-view'; viewId: number }
  | { type: 'place-view'; viewId: number; rect: Rect }
  | { type: 'open-surface'; surfaceId: number; canvas: OffscreenCanvas; width: number; height: number }
  | { type: 'resize-surface'; surfaceId: number; width: number; height: number }
  | { type: 'close-surface'; surfaceId: number }
  | { type: 'snapshot'; viewId: number; requestId: number; mime: 'image/png' | 'image/jpeg' }
  | { type: 'thumb-open'; cameraId: string; transport: TransportSpec; width: number; intervalMs: number }
  | { type: 'thumb-close'; cameraId: string }
  | { type: 'debug-stats'; requestId: number };

export type ViewState =
  | { state: 'connecting' }
  /** Subscribed; no picture yet (camera not playing, or waiting for a key frame). */
  | { state: 'waiting'; detail?: string }
  | { state: 'playing'; codec: string; width: number; height: number }
  | { state: 'unsupported'; codec: string; reason: string }
  | { state: 'no-video' }
  | { state: 'not-found' }
  | { state: 'error'; message: string };

export interface ViewFigures {
  /** Frames painted per second over the last second. */
  fps: number;
  /** Median arrival-to-paint latency of the last ~3 s (ms), when known. */
  latencyMs?: number;
  /** Frames the view did not show: dropped by main (behind), here (decoder behind) or not painted. */
  dropped: number;
  decoded: number;
  painted: number;
  /** Decoder errors recovered from (each reset to the next key frame). */
  errors: number;
  /** ± bound of the clock offset to main (half the best ping round trip), ms. */
  clockErrorMs?: number;
}

export interface ViewDebugStats {
  viewId: number;
  cameraId: string;
  state: ViewState['state'];
  painted: number;
  decoded: number;
  droppedByMain: number;
  droppedHere: number;
  skippedPaint: number;
  errors: number;
  latencyCount: number;
  /** 1 ms buckets (see latency.ts). */
  histogram: number[];
}

export type EngineEvent =
  | { type: 'ready'; worker: boolean }
  | { type: 'view-state'; viewId: number; state: ViewState }
  | { type: 'view-figures'; viewId: number; figures: ViewFigures }
  | { type: 'snapshot'; requestId: number; blob?: Blob; error?: string }
  | { type: 'thumb'; cameraId: string; bitmap: ImageBitmap }
  | { type: 'thumb-state'; cameraId: string; state: ViewState }
  | { type: 'debug-stats'; requestId: number; views: ViewDebugStats[] };

export type PostEvent = (event: EngineEvent, transfer?: Transferable[]) => void;
