// The page's side of live video: starts the engine (a worker; the page itself where a worker
// cannot start), opens and closes views, and routes the engine's events. Views and
// thumbnails call in here; nothing else in the page touches frames.
import type { EngineEvent, EngineRequest, ViewDebugStats, ViewFigures, ViewState } from './engine/protocol';
import { mediaTransport, transferables } from './media-transport';

interface EngineLink {
  post(req: EngineRequest, transfer?: Transferable[]): void;
  readonly worker: boolean;
}

export interface ViewCallbacks {
  state(s: ViewState): void;
  figures(f: ViewFigures): void;
}

export interface ViewHandle {
  /** The box the canvas is shown in, in device pixels. */
  resize(box: { width: number; height: number }): void;
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

/** Starts a live view of `cameraId` drawn into `canvas` (which is handed over for good). */
export function openView(
  cameraId: string,
  canvas: HTMLCanvasElement,
  box: { width: number; height: number },
  callbacks: ViewCallbacks,
): ViewHandle {
  const viewId = nextId++;
  let closed = false;
  let opened: EngineLink | undefined;
  let lastBox = box;
  views.set(viewId, callbacks);
  callbacks.state({ state: 'connecting' });
  void (async () => {
    const l = await engine();
    const transport = await mediaTransport();
    if (closed) {
      if (transport.kind === 'port') transport.port.close();
      return;
    }
    const offscreen = canvas.transferControlToOffscreen();
    l.post({ type: 'open-view', viewId, cameraId, canvas: offscreen, transport, box: lastBox }, [
      offscreen,
      ...transferables(transport),
    ]);
    opened = l;
  })().catch((e: unknown) => callbacks.state({ state: 'error', message: (e as Error).message }));
  return {
    resize(b) {
      lastBox = b;
      opened?.post({ type: 'resize-view', viewId, box: b });
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
  open(cameraId: string, width: number, intervalMs: number, withTransport: boolean): void {
    thumbQueue = thumbQueue
      .then(async () => {
        const l = await engine();
        const transport = withTransport ? await mediaTransport() : undefined;
        l.post(
          { type: 'thumb-open', cameraId, width, intervalMs, ...(transport ? { transport } : {}) },
          transport ? transferables(transport) : [],
        );
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
