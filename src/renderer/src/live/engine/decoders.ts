// Turning access units into pictures: WebCodecs VideoDecoder for H.264 / H.265 (configured
// from the RFC 6381 codec string and the avcC / hvcC `description`), createImageBitmap for
// JPEG. Whether a codec can be decoded is decided by VideoDecoder.isConfigSupported, once per
// codec string.
import type { ConfigMessage, FrameMessage } from '../../../../shared/media';

export type Picture = VideoFrame | ImageBitmap;

export interface FrameDecoder {
  /** Decodes one frame; its picture comes back through `output` with the same slot. */
  decode(frame: FrameMessage, slot: number): void;
  /** Frames given and not yet output. */
  readonly queueSize: number;
  readonly closed: boolean;
  /** Drops queued work (its pictures never come), keeping the configuration. */
  reset(): void;
  /** Makes the decoder output everything given so far (one-off key frames of thumbnails). */
  flush(): void;
  close(): void;
}

export interface DecoderCallbacks {
  output(picture: Picture, slot: number): void;
  /** The frame of `slot` was dropped without a picture (JPEG: superseded by a newer one). */
  skipped(slot: number): void;
  error(message: string): void;
}

export type Support = { ok: true } | { ok: false; reason: string };

const supportCache = new Map<string, Promise<Support>>();

export function decoderConfig(c: ConfigMessage): VideoDecoderConfig {
  return {
    codec: c.codecString,
    ...(c.description.length ? { description: c.description } : {}),
    ...(c.width && c.height ? { codedWidth: c.width, codedHeight: c.height } : {}),
    optimizeForLatency: true,
    hardwareAcceleration: 'no-preference',
  };
}

export function checkSupport(c: ConfigMessage): Promise<Support> {
  if (c.codec === 'jpeg') {
    return Promise.resolve(
      typeof createImageBitmap === 'function'
        ? { ok: true }
        : { ok: false, reason: 'This browser cannot decode JPEG images here' },
    );
  }
  if (typeof VideoDecoder === 'undefined') {
    return Promise.resolve({
      ok: false,
      reason: isSecureContext
        ? 'This browser has no WebCodecs video decoder'
        : 'Video needs a secure context (https, or http://127.0.0.1)',
    });
  }
  let p = supportCache.get(c.codecString);
  if (!p) {
    p = VideoDecoder.isConfigSupported(decoderConfig(c)).then(
      (r): Support => (r.supported ? { ok: true } : { ok: false, reason: 'no decoder for this codec here' }),
      (e: unknown): Support => ({
        ok: false,
        reason: `the codec string was refused (${(e as Error).message})`,
      }),
    );
    supportCache.set(c.codecString, p);
  }
  return p;
}

/** "H.265 (hvc1.1.6.L93.B0)" for badges. */
export function codecLabel(c: Pick<ConfigMessage, 'codec' | 'codecString'>): string {
  const name = c.codec === 'h264' ? 'H.264' : c.codec === 'h265' ? 'H.265' : 'MJPEG';
  return c.codec === 'jpeg' ? name : `${name} (${c.codecString})`;
}

export function createDecoder(c: ConfigMessage, cb: DecoderCallbacks): FrameDecoder {
  return c.codec === 'jpeg' ? new JpegDecoder(cb) : new WebCodecsDecoder(decoderConfig(c), cb);
}

class WebCodecsDecoder implements FrameDecoder {
  readonly #d: VideoDecoder;

  constructor(
    private readonly config: VideoDecoderConfig,
    cb: DecoderCallbacks,
  ) {
    this.#d = new VideoDecoder({
      output: (frame) => cb.output(frame, frame.timestamp),
      error: (e) => cb.error(e.message),
    });
    this.#d.configure(config);
  }

  decode(frame: FrameMessage, slot: number): void {
    this.#d.decode(
      new EncodedVideoChunk({ type: frame.key ? 'key' : 'delta', timestamp: slot, data: frame.data }),
    );
  }

  get queueSize(): number {
    return this.#d.decodeQueueSize;
  }

  get closed(): boolean {
    return this.#d.state === 'closed';
  }

  reset(): void {
    this.#d.reset();
    this.#d.configure(this.config);
  }

  flush(): void {
    this.#d.flush().catch(() => undefined); // a reset or close during the flush rejects it
  }

  close(): void {
    if (this.#d.state !== 'closed') this.#d.close();
  }
}

/** One JPEG decoding at a time; while busy only the newest waiting frame is kept. */
class JpegDecoder implements FrameDecoder {
  #busy = false;
  #waiting: { blob: Blob; slot: number } | undefined;
  #closed = false;
  #epoch = 0;

  constructor(private readonly cb: DecoderCallbacks) {}

  decode(frame: FrameMessage, slot: number): void {
    const blob = new Blob([frame.data as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
    if (!this.#busy) {
      this.#start(blob, slot);
      return;
    }
    if (this.#waiting) this.cb.skipped(this.#waiting.slot);
    this.#waiting = { blob, slot };
  }

  #start(blob: Blob, slot: number): void {
    this.#busy = true;
    const epoch = this.#epoch;
    createImageBitmap(blob).then(
      (bitmap) => {
        if (this.#closed || epoch !== this.#epoch) bitmap.close();
        else this.cb.output(bitmap, slot);
        this.#next();
      },
      (e: unknown) => {
        if (!this.#closed && epoch === this.#epoch) this.cb.error(`JPEG: ${(e as Error).message}`);
        this.#next();
      },
    );
  }

  #next(): void {
    this.#busy = false;
    const w = this.#waiting;
    this.#waiting = undefined;
    if (w && !this.#closed) this.#start(w.blob, w.slot);
  }

  get queueSize(): number {
    return (this.#busy ? 1 : 0) + (this.#waiting ? 1 : 0);
  }

  get closed(): boolean {
    return this.#closed;
  }

  reset(): void {
    this.#epoch += 1;
    this.#waiting = undefined;
  }

  flush(): void {}

  close(): void {
    this.#closed = true;
    this.#waiting = undefined;
  }
}
