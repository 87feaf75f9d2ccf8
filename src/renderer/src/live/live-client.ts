// The page's side of live video: starts the engine (a worker; the page itself where a worker
// cannot start), opens and closes views, and routes the engine's events. Views and
// thumbnails call in here; nothing else in the page touches frames.
import type {
  EngineEvent,
  EngineRequest,
  Rect,
  ViewDebugStats,
  ViewFigures,
  ViewState,
} from './engine/protocol';
import { mediaTransport, transferables } from './media-transport';

export interface EngineLink {
  post(req: EngineRequest, transfer?: Transferable[]): void;
  readonly worker: boolean;
}

export interface ViewCallbacks {
  state(s: ViewState): void;
  figures(f: ViewFigures): void;
}

export interface ViewHandle {
  /** Where the view is now, in device pixels (own canvas: its box at 0,0; surface: its region). */
  place(rect: Rect): void;
  /** The last picture at the video's resolution. */
  snapshot(mime: 'image/png' | 'image/jpeg'): Promise<Blob>;
  close(): void;
}

type ThumbListener = (event: Extract<EngineEvent, { type: 'thumb' | 'thumb-state' }>) => void;

const views = new Map<number, ViewCallbacks>();
const waiting = new Map<number, (e: EngineEvent) => void>();
let thumbListener: ThumbListener | undefined;
let link: Promise<EngineLink> | undefined;
let nextId = 1;

function dispatch(e: EngineEvent): void {
  switch (e.type) {
    case 'view-state':
      views.get(e.viewId)?.state(e.state);
      break;
    case 'view-figures':
      views.get(e.viewId)?.figures(e.figures);
      break;
    case 'snapshot':
    case 'debug-stats': {
      const answer = waiting.get(e.requestId);
      waiting.delete(e.requestId);
      answer?.(e);
      break;
    }
    case 'thumb':
    case 'thumb-state':
      if (thumbListener) thumbListener(e);
      else if (e.type === 'thumb') e.bitmap.close();
      break;
    default:
      break;
  }
}

function startWorker(): Promise<EngineLink> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./engine/worker.ts', import.meta.url), {
        type: 'module',
        name: 'camrelay-live',
      });
    } catch (e) {
      reject(e);
      return;
    }
    const fail = (why: string) => {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail('the live worker did not start'), 5000);
    worker.onerror = (e) => fail(`the live worker failed: ${e.message}`);
    worker.onmessage = (e: MessageEvent<EngineEvent>) => {
      if (e.data.type !== 'ready') return dispatch(e.data);
      clearTimeout(timer);
      worker.onerror = null;
      resolve({ post: (req, transfer) => worker.postMessage(req, transfer ?? []), worker: true });
    };
  });
}

async function startInPage(): Promise<EngineLink> {
  const { Engine } = await import('./engine/engine');
  const engine = new Engine((event) => queueMicrotask(() => dispatch(event)));
  return { post: (req) => engine.handle(req), worker: false };
}

function engine(): Promise<EngineLink> {
  link ??= startWorker().catch((e: unknown) => {
    console.warn(`camrelay: live video runs in the page (${(e as Error).message})`);
    return startInPage();
  });
  return link;
}

function ask<T extends EngineEvent>(build: (requestId: number) => EngineRequest): Promise<T> {
  const requestId = nextId++;
  return new Promise((resolve) => {
    waiting.set(requestId, (e) => resolve(e as T));
    void engine().then((l) => l.post(build(requestId)));
  });
}

/** One canvas shared by the tiles of a grid (see engine/target.ts). */
export interface SurfaceHandle {
  readonly id: number;
  /** Resolves once the engine has the surface. */
  readonly ready: Promise<EngineLink>;
  resize(width: number, height: number): void;
  close(): void;
}

export function openSurface(canvas: HTMLCanvasElement, width: number, height: number): SurfaceHandle {
  const id = nextId++;
  let closed = false;
  const ready = engine().then((l) => {
    if (!closed) {
      const offscreen = canvas.transferControlToOffscreen();
      l.post({ type: 'open-surface', surfaceId: id, canvas: offscreen, width, height }, [offscreen]);
    }
    return l;
  });
  return {
    id,
    ready,
    resize(w, h) {
      void ready.then(
        (l) => !closed && l.post({ type: 'resize-surface', surfaceId: id, width: w, height: h }),
      );
    },
    close() {
      if (closed) return;
      closed = true;
      void ready.then((l) => l.post({ type: 'close-surface', surfaceId: id }));
    },
  };
}

export type ViewPlacement =
  | { kind: 'canvas'; canvas: HTMLCanvasElement; rect: Rect }
  | { kind: 'surface'; surface: SurfaceHandle; rect: Rect };

/** Starts a live view of `cameraId`: on its own canvas (handed over for good) or a surface. */
export function openView(cameraId: string, placement: ViewPlacement, callbacks: ViewCallbacks): ViewHandle {
  const viewId = nextId++;
  let closed = false;
  let opened: EngineLink | undefined;
  let rect = placement.rect;
  views.set(viewId, callbacks);
  callbacks.state({ state: 'connecting' });
  void (async () => {
    const l = placement.kind === 'surface' ? await placement.surface.ready : await engine();
    const transport = await mediaTransport();
    if (closed) {
      if (transport.kind === 'port') transport.port.close();
      return;
    }
    if (placement.kind === 'canvas') {
      const offscreen = placement.canvas.transferControlToOffscreen();
      l.post(
        {
          type: 'open-view',
          viewId,
          cameraId,
          target: { kind: 'canvas', canvas: offscreen, rect },
          transport,
        },
        [offscreen, ...transferables(transport)],
      );
    } else {
      l.post(
        {
          type: 'open-view',
          viewId,
          cameraId,
          target: { kind: 'surface', surfaceId: placement.surface.id, rect },
          transport,
        },
        transferables(transport),
      );
    }
    opened = l;
  })().catch((e: unknown) => callbacks.state({ state: 'error', message: (e as Error).message }));
  return {
    place(r) {
      rect = r;
      opened?.post({ type: 'place-view', viewId, rect: r });
    },
    async snapshot(mime) {
      if (!opened) throw new Error('no picture yet');
      const answer = await ask<Extract<EngineEvent, { type: 'snapshot' }>>((requestId) => ({
        type: 'snapshot',
        viewId,
        requestId,
        mime,
      }));
      if (!answer.blob) throw new Error(answer.error ?? 'no picture');
      return answer.blob;
    },
    close() {
      if (closed) return;
      closed = true;
      views.delete(viewId);
      opened?.post({ type: 'close-view', viewId });
    },
  };
}

/** Thumbnail requests (see thumbnail-store.ts, the only caller), applied in order. */
let thumbQueue: Promise<void> = Promise.resolve();
export const thumbnailEngine = {
  listen(listener: ThumbListener): void {
    thumbListener = listener;
  },
  open(cameraId: string, width: number, intervalMs: number): void {
    thumbQueue = thumbQueue
      .then(async () => {
        const l = await engine();
        const transport = await mediaTransport();
        l.post({ type: 'thumb-open', cameraId, width, intervalMs, transport }, transferables(transport));
      })
      .catch((e: unknown) => console.warn(`camrelay: thumbnail of ${cameraId}: ${(e as Error).message}`));
  },
  close(cameraId: string): void {
    thumbQueue = thumbQueue.then(async () => (await engine()).post({ type: 'thumb-close', cameraId }));
  },
};

/** Figures of every open view, for tests and the benchmark (window.__camrelayLive). */
export async function liveDebugStats(): Promise<{ worker: boolean; views: ViewDebugStats[] }> {
  const l = await engine();
  const answer = await ask<Extract<EngineEvent, { type: 'debug-stats' }>>((requestId) => ({
    type: 'debug-stats',
    requestId,
  }));
  return { worker: l.worker, views: answer.views };
}

declare global {
  interface Window {
    __camrelayLive?: { stats: typeof liveDebugStats };
  }
}
window.__camrelayLive = { stats: liveDebugStats };
