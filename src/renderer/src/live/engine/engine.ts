// The live engine: live views and thumbnails, driven by EngineRequests from the page. Runs
// in a dedicated worker (worker.ts) so decoding, painting and per-frame bookkeeping never
// touch the page's thread; runs in the page itself where a worker cannot start.
import type { EngineRequest, PostEvent } from './protocol';
import { Thumbnails } from './thumbs';
import { VideoView } from './video-view';

export class Engine {
  readonly #views = new Map<number, VideoView>();
  readonly #thumbs: Thumbnails;
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly post: PostEvent) {
    this.#thumbs = new Thumbnails(post);
  }

  handle(req: EngineRequest): void {
    switch (req.type) {
      case 'open-view': {
        this.#views.get(req.viewId)?.close();
        this.#views.set(
          req.viewId,
          new VideoView(req.viewId, req.cameraId, req.canvas, req.transport, req.box, this.post),
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
      case 'resize-view':
        this.#views.get(req.viewId)?.resize(req.box);
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
