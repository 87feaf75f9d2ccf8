// The live engine: live views and thumbnails, driven by EngineRequests from the page. Runs
// in a dedicated worker (worker.ts) so decoding, painting and per-frame bookkeeping never
// touch the page's thread; runs in the page itself where a worker cannot start.
import { ChannelPool } from './channel-pool';
import type { EngineRequest, PostEvent } from './protocol';
import { ownTarget, Surface } from './target';
import { Thumbnails } from './thumbs';
import { VideoView } from './video-view';

export class Engine {
  readonly #views = new Map<number, VideoView>();
  readonly #thumbs: Thumbnails;
  readonly #pool = new ChannelPool();
  readonly #surfaces = new Map<number, Surface>();
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly post: PostEvent) {
    this.#thumbs = new Thumbnails(post, this.#pool);
  }

  handle(req: EngineRequest): void {
    switch (req.type) {
      case 'open-view': {
        this.#views.get(req.viewId)?.close();
        const t = req.target;
        const surface = t.kind === 'surface' ? this.#surfaces.get(t.surfaceId) : undefined;
        if (t.kind === 'surface' && !surface) {
          if (req.transport.kind === 'port') req.transport.port.close();
          this.post({
            type: 'view-state',
            viewId: req.viewId,
            state: { state: 'error', message: 'no surface' },
          });
          break;
        }
        const target = surface
          ? surface.target({ ...t.rect })
          : ownTarget((t as { canvas: OffscreenCanvas }).canvas, { ...t.rect });
        this.#views.set(
          req.viewId,
          new VideoView({
            viewId: req.viewId,
            cameraId: req.cameraId,
            target,
            transport: req.transport,
            post: this.post,
            pool: this.#pool,
            surface,
          }),
        );
        this.#tick ??= setInterval(() => {
          for (const v of this.#views.values()) v.tick();
        }, 1000);
        break;
      }
      case 'close-view':
        this.#views.get(req.viewId)?.close();
        this.#views.delete(req.viewId);
        if (this.#views.size === 0 && this.#tick) {
          clearInterval(this.#tick);
          this.#tick = undefined;
        }
        break;
      case 'place-view':
        this.#views.get(req.viewId)?.place(req.rect);
        break;
      case 'open-surface': {
        const surface = new Surface(req.canvas);
        surface.resize(req.width, req.height);
        this.#surfaces.set(req.surfaceId, surface);
        break;
      }
      case 'resize-surface':
        this.#surfaces.get(req.surfaceId)?.resize(req.width, req.height);
        break;
      case 'close-surface':
        this.#surfaces.delete(req.surfaceId);
        break;
      case 'snapshot': {
        const view = this.#views.get(req.viewId);
        if (!view) {
          this.post({ type: 'snapshot', requestId: req.requestId, error: 'the view is closed' });
          break;
        }
        view.snapshot(req.mime).then(
          (blob) => this.post({ type: 'snapshot', requestId: req.requestId, blob }),
          (e: unknown) =>
            this.post({ type: 'snapshot', requestId: req.requestId, error: (e as Error).message }),
        );
        break;
      }
      case 'thumb-open':
        this.#thumbs.open(req.cameraId, req.width, req.intervalMs, req.transport);
        break;
      case 'thumb-close':
        this.#thumbs.close(req.cameraId);
        break;
      case 'debug-stats':
        this.post({
          type: 'debug-stats',
          requestId: req.requestId,
          views: [...this.#views.values()].map((v) => v.debugStats()),
        });
        break;
      default: {
        const never: never = req;
        void never;
      }
    }
  }
}
