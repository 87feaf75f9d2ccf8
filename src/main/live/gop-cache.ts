// The current GOP of one camera's video stream: its last key frame and every frame since,
// held by reference (the depacketizer allocates each access unit once; nothing is copied
// here). A new live view gets the whole GOP to decode (all but the newest frame flagged
// catch-up), so video appears at once; a thumbnail gets the key frame.
//
// Bounded: when the GOP would pass `maxBytes` or `maxFrames`, everything after the key frame
// is dropped and the cache stays truncated until the next key frame (a new view then shows
// the key frame as a still and waits for the next one). So the cache holds at most
// max(maxBytes, one key frame) bytes and maxFrames frames per camera.
import { MAX_CATCH_UP_FRAMES } from '../../shared/media';
import type { VideoFrame } from '../rtsp/index';

export interface GopLimits {
  maxBytes: number;
  maxFrames: number;
}

export const DEFAULT_GOP_LIMITS: GopLimits = { maxBytes: 4 * 1024 * 1024, maxFrames: MAX_CATCH_UP_FRAMES };

export class GopCache {
  readonly #frames: VideoFrame[] = [];
  #bytes = 0;
  #truncated = false;

  constructor(readonly limits: GopLimits = DEFAULT_GOP_LIMITS) {}

  push(frame: VideoFrame): void {
    const frames = this.#frames;
    const size = frame.data.length;
    if (frame.isRandomAccessPoint) {
      frames.length = 0;
      frames.push(frame);
      this.#bytes = size;
      this.#truncated = false;
      return;
    }
    // Nothing to add to: no key frame yet, or the tail was already cut.
    if (frames.length === 0 || this.#truncated) return;
    if (this.#bytes + size > this.limits.maxBytes || frames.length >= this.limits.maxFrames) {
      frames.length = 1;
      this.#bytes = frames[0]!.data.length;
      this.#truncated = true;
      return;
    }
    frames.push(frame);
    this.#bytes += size;
  }

  /** The key frame and the frames after it (only the key frame when truncated). */
  get frames(): readonly VideoFrame[] {
    return this.#frames;
  }

  get key(): VideoFrame | undefined {
    return this.#frames[0];
  }

  get truncated(): boolean {
    return this.#truncated;
  }

  get bytes(): number {
    return this.#bytes;
  }

  clear(): void {
    this.#frames.length = 0;
    this.#bytes = 0;
    this.#truncated = false;
  }
}
