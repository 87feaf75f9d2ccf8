// Thumbnails: each camera subscribed in key-frame mode (main sends at most one key frame
// per interval), over the page's shared media channel (headless) or a port of its own
// (Electron). Each key frame is decoded on its own (decode + flush), scaled down to a small
// ImageBitmap and handed to the page.
import type { ConfigMessage, FrameMessage, ServerMessage } from '../../../../shared/media';
import type { ChannelPool, Lease } from './channel-pool';
import { checkSupport, codecLabel, createDecoder, type FrameDecoder, type Picture } from './decoders';
import { pictureSize } from './painter';
import type { PostEvent, TransportSpec } from './protocol';

interface Thumb {
  cameraId: string;
  width: number;
  intervalMs: number;
  spec: TransportSpec;
  lease?: Lease;
  config?: ConfigMessage;
  supported?: boolean;
  decoder?: FrameDecoder;
  decoderConfigId?: number;
  /** A key frame that came while its codec's support was being checked. */
  pendingKey?: FrameMessage;
  retry?: ReturnType<typeof setTimeout>;
}

export class Thumbnails {
  readonly #byCamera = new Map<string, Thumb>();

  constructor(
    private readonly post: PostEvent,
    private readonly pool: ChannelPool,
  ) {}

  open(cameraId: string, width: number, intervalMs: number, spec: TransportSpec): void {
    if (this.#byCamera.has(cameraId)) {
      if (spec.kind === 'port') spec.port.close();
      return;
    }
    const t: Thumb = { cameraId, width, intervalMs, spec };
    this.#byCamera.set(cameraId, t);
    this.#connect(t);
  }

  close(cameraId: string): void {
    const t = this.#byCamera.get(cameraId);
    if (!t) return;
    this.#byCamera.delete(cameraId);
    if (t.retry) clearTimeout(t.retry);
    t.decoder?.close();
    t.lease?.close();
  }

  #connect(t: Thumb): void {
    t.lease = this.pool.open(t.spec, {
      open: () =>
        t.lease?.channel.send({
          type: 'subscribe',
          sub: t.lease.sub,
          mode: 'keyframes',
          intervalMs: t.intervalMs,
          cameraId: t.cameraId,
        }),
      message: (m) => this.#message(t, m),
      lost: () => {
        t.lease = undefined;
        t.decoder?.close();
        t.decoder = undefined;
        if (t.spec.kind === 'websocket' && this.#byCamera.get(t.cameraId) === t) {
          t.retry = setTimeout(() => this.#connect(t), 2000);
        }
      },
    });
  }

  #message(t: Thumb, m: Exclude<ServerMessage, { type: 'pong' }>): void {
    if (m.type === 'status') {
      if (m.code === 'not-found')
        this.post({ type: 'thumb-state', cameraId: t.cameraId, state: { state: 'not-found' } });
      if (m.code === 'no-video')
        this.post({ type: 'thumb-state', cameraId: t.cameraId, state: { state: 'no-video' } });
      return;
    }
    if (m.type === 'config') {
      t.config = m;
      t.supported = undefined;
      void checkSupport(m).then((s) => {
        if (t.config !== m) return;
        t.supported = s.ok;
        const pending = t.pendingKey;
        t.pendingKey = undefined;
        if (s.ok && pending) this.#frame(t, pending);
        if (!s.ok) {
          this.post({
            type: 'thumb-state',
            cameraId: t.cameraId,
            state: { state: 'unsupported', codec: codecLabel(m), reason: s.reason },
          });
        }
      });
      return;
    }
    if (m.type !== 'frame') return; // audio is never subscribed by a thumbnail
    t.lease?.channel.consumed(t.lease.sub, m.seq);
    this.#frame(t, m);
  }

  #frame(t: Thumb, f: FrameMessage): void {
    const config = t.config;
    if (!f.key || !config || config.configId !== f.configId) return;
    if (t.supported === undefined) {
      t.pendingKey = f;
      return;
    }
    if (!t.supported) return;
    if (!t.decoder || t.decoder.closed || t.decoderConfigId !== config.configId) {
      t.decoder?.close();
      try {
        t.decoder = createDecoder(config, {
          output: (p) => void this.#picture(t, p),
          skipped: () => undefined,
          error: () => {
            t.decoder?.close();
            t.decoder = undefined;
          },
        });
        t.decoderConfigId = config.configId;
      } catch {
        return;
      }
    }
    try {
      t.decoder.decode(f, f.seq);
      t.decoder.flush();
    } catch {
      t.decoder.close();
      t.decoder = undefined;
    }
  }

  async #picture(t: Thumb, p: Picture): Promise<void> {
    try {
      const { width, height } = pictureSize(p);
      const w = Math.min(t.width, width);
      const h = Math.max(1, Math.round((w * height) / Math.max(1, width)));
      const bitmap = await createImageBitmap(p, { resizeWidth: w, resizeHeight: h, resizeQuality: 'medium' });
      if (this.#byCamera.get(t.cameraId) !== t) {
        bitmap.close();
        return;
      }
      this.post({ type: 'thumb', cameraId: t.cameraId, bitmap }, [bitmap]);
    } catch {
      // A picture that cannot be scaled is skipped; the next key frame brings another.
    } finally {
      p.close();
    }
  }
}
