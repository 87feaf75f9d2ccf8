// Thumbnails: one media channel for all of them, each camera subscribed in key-frame mode
// (main sends at most one key frame per interval). Each key frame is decoded on its own
// (decode + flush), scaled down to a small ImageBitmap and handed to the page.
import type { ConfigMessage, FrameMessage, ServerMessage } from '../../../../shared/media';
import { MediaChannel } from './channel';
import { checkSupport, codecLabel, createDecoder, type FrameDecoder, type Picture } from './decoders';
import { pictureSize } from './painter';
import type { PostEvent, TransportSpec } from './protocol';

interface Thumb {
  sub: number;
  cameraId: string;
  width: number;
  intervalMs: number;
  config?: ConfigMessage;
  supported?: boolean;
  decoder?: FrameDecoder;
  decoderConfigId?: number;
  /** A key frame that came while its codec's support was being checked. */
  pendingKey?: FrameMessage;
}

export class Thumbnails {
  readonly #bySub = new Map<number, Thumb>();
  readonly #byCamera = new Map<string, Thumb>();
  #channel: MediaChannel | undefined;
  #spec: TransportSpec | undefined;
  #nextSub = 1;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: PostEvent) {}

  open(cameraId: string, width: number, intervalMs: number, spec: TransportSpec | undefined): void {
    if (spec) {
      if (!this.#channel) this.#spec = spec;
      else if (spec.kind === 'port') spec.port.close(); // not needed: the channel is up
    }
    if (this.#byCamera.has(cameraId)) return;
    const t: Thumb = { sub: this.#nextSub++, cameraId, width, intervalMs };
    this.#bySub.set(t.sub, t);
    this.#byCamera.set(cameraId, t);
    if (!this.#channel) this.#connect();
    else if (this.#channel.isOpen) this.#subscribe(t);
  }

  close(cameraId: string): void {
    const t = this.#byCamera.get(cameraId);
    if (!t) return;
    this.#byCamera.delete(cameraId);
    this.#bySub.delete(t.sub);
    t.decoder?.close();
    this.#channel?.forget(t.sub);
    this.#channel?.send({ type: 'unsubscribe', sub: t.sub });
    if (this.#byCamera.size === 0) {
      this.#channel?.close();
      this.#channel = undefined;
      if (this.#spec?.kind === 'port') this.#spec = undefined; // a closed port is spent
    }
  }

  #connect(): void {
    const spec = this.#spec;
    if (!spec) return;
    this.#channel = new MediaChannel(spec, {
      open: () => {
        for (const t of this.#bySub.values()) this.#subscribe(t);
      },
      message: (m) => this.#message(m),
      lost: () => {
        this.#channel = undefined;
        for (const t of this.#bySub.values()) {
          t.decoder?.close();
          t.decoder = undefined;
        }
        if (spec.kind === 'websocket' && this.#bySub.size)
          this.#retry = setTimeout(() => this.#connect(), 2000);
      },
    });
  }

  #subscribe(t: Thumb): void {
    this.#channel?.send({
      type: 'subscribe',
      sub: t.sub,
      mode: 'keyframes',
      intervalMs: t.intervalMs,
      cameraId: t.cameraId,
    });
  }

  #message(m: ServerMessage): void {
    if (m.type === 'pong') return;
    const t = this.#bySub.get(m.sub);
    if (!t) return;
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
    this.#frame(t, m);
  }

  #frame(t: Thumb, f: FrameMessage): void {
    this.#channel?.consumed(t.sub, f.seq);
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

  closeAll(): void {
    if (this.#retry) clearTimeout(this.#retry);
    for (const id of [...this.#byCamera.keys()]) this.close(id);
  }
}
