// One view's (or one thumbnail's) subscription to a camera. Every frame is offered once; the
// subscription either sends it or drops it, and never queues: when the consumer falls behind
// (unacknowledged frames too old, too many or too large, or the socket's own buffer too
// full) it drops to the next key frame at which the consumer has caught up. So a slow view
// costs one decision per frame and holds nothing.
//
// Sequence numbers count frames sent or dropped for backpressure, so a gap seen by the
// client is exactly a drop. Frames skipped before the first key frame of a session are not
// numbered.
import { Buffer } from 'node:buffer';
import {
  encodeServerMessage,
  FRAME_HEADER_BYTES,
  MAX_UNACKED_LIVE_FRAMES,
  type SubscribeMode,
  writeFrameHeader,
} from '../../shared/media';
import type { VideoFrame } from '../rtsp/index';
import type { FeedView } from './feed-types';
import { InFlight } from './in-flight';

/** Where a subscription's messages go: one media channel (WebSocket or MessagePort). */
export interface MediaSink {
  send(bytes: Uint8Array): void;
  /**
   * One FRAME message made of its header and the access unit, without copying the access
   * unit when the transport can avoid it (a WebSocket sends them as two fragments).
   */
  sendFrame(header: Uint8Array, data: Uint8Array): void;
  /** Bytes queued in the transport and not yet written (0 when the transport cannot tell). */
  readonly bufferedAmount: number;
}

export interface FlowLimits {
  /** The oldest unacknowledged frame may be this old (ms) before the view counts as behind. */
  maxLagMs: number;
  /** At most this many unacknowledged frames… */
  maxFrames: number;
  /** …and bytes. */
  maxBytes: number;
  /** Transport buffer (WebSocket bufferedAmount) above which the view counts as behind. */
  maxBuffered: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  maxLagMs: 750,
  maxFrames: MAX_UNACKED_LIVE_FRAMES,
  maxBytes: 8 * 1024 * 1024,
  maxBuffered: 4 * 1024 * 1024,
};

export interface SubscriptionCounters {
  sent: number;
  /** Frames dropped because the consumer was behind. */
  dropped: number;
  /** Frames not sent while waiting for the first key frame (subscribe, new session). */
  skipped: number;
  bytesSent: number;
}

// One header object reused for every frame (no per-frame allocation).
const header = { sub: 0, seq: 0, configId: 0, key: false, catchUp: false, arrival: 0, timestamp: 0 };

export interface SubscriptionOptions {
  sub: number;
  cameraId: string;
  mode: SubscribeMode;
  /** Key-frame mode: at least this long between two key frames sent (ms). */
  intervalMs: number;
  sink: MediaSink;
  now: () => number;
  limits: FlowLimits;
  /** Room for a whole replayed GOP plus the flow window (MAX_IN_FLIGHT_FRAMES). */
  ringCapacity: number;
}

export class Subscription {
  readonly counters: SubscriptionCounters = { sent: 0, dropped: 0, skipped: 0, bytesSent: 0 };
  #seq = 0;
  #configSent = 0;
  #waitingKey = true;
  #dropping = false;
  #lastSentAt = Number.NEGATIVE_INFINITY;
  readonly #inFlight: InFlight;

  readonly sub: number;
  readonly cameraId: string;
  readonly mode: SubscribeMode;
  /** Key-frame mode: at least this long between two key frames sent (ms). */
  readonly intervalMs: number;
  private readonly sink: MediaSink;
  private readonly now: () => number;
  private readonly limits: FlowLimits;

  constructor(o: SubscriptionOptions) {
    this.sub = o.sub;
    this.cameraId = o.cameraId;
    this.mode = o.mode;
    this.intervalMs = o.intervalMs;
    this.sink = o.sink;
    this.now = o.now;
    this.limits = o.limits;
    this.#inFlight = new InFlight(o.ringCapacity);
  }

  get inFlight(): number {
    return this.#inFlight.count;
  }

  get inFlightBytes(): number {
    return this.#inFlight.bytes;
  }

  get waitingForKey(): boolean {
    return this.#waitingKey;
  }

  /** Sends what the feed has now: the cached GOP (live) or its key frame (thumbnails). */
  start(feed: FeedView): void {
    const frames = feed.gop.frames;
    if (!feed.config || frames.length === 0) return;
    const now = this.now();
    if (this.mode === 'keyframes') {
      this.#send(frames[0]!, feed, false, now);
      this.#lastSentAt = now;
      return;
    }
    const last = frames.length - 1;
    for (let i = 0; i <= last; i++) this.#send(frames[i]!, feed, i < last, now);
    // A truncated GOP gave only its key frame, shown as a still: wait for the next one.
    this.#waitingKey = feed.gop.truncated;
  }

  /** A new session (the camera reconnected): start again at its first key frame. */
  restart(): void {
    this.#waitingKey = true;
    this.#dropping = false;
  }

  offer(frame: VideoFrame, feed: FeedView): void {
    const now = this.now();
    const key = frame.isRandomAccessPoint;
    if (this.mode === 'keyframes') {
      if (!key || now - this.#lastSentAt < this.intervalMs || this.#behind(now)) return;
      this.#send(frame, feed, false, now);
      this.#lastSentAt = now;
      return;
    }
    // New parameters take a key frame to apply.
    if (!key && feed.config!.id !== this.#configSent) this.#waitingKey = true;
    if (!key && this.#waitingKey) {
      if (this.#dropping) {
        this.#seq += 1;
        this.counters.dropped += 1;
      } else {
        this.counters.skipped += 1;
      }
      return;
    }
    if (this.#behind(now)) {
      this.#seq += 1;
      this.counters.dropped += 1;
      this.#waitingKey = true;
      this.#dropping = true;
      return;
    }
    this.#send(frame, feed, false, now);
    this.#waitingKey = false;
    this.#dropping = false;
  }

  ack(seq: number): void {
    this.#inFlight.ack(seq);
  }

  #behind(now: number): boolean {
    const f = this.#inFlight;
    if (this.sink.bufferedAmount > this.limits.maxBuffered) return true;
    if (f.count === 0) return false;
    return (
      f.count >= this.limits.maxFrames ||
      f.bytes >= this.limits.maxBytes ||
      now - f.oldestAt! > this.limits.maxLagMs ||
      f.full
    );
  }

  #send(frame: VideoFrame, feed: FeedView, catchUp: boolean, now: number): void {
    const config = feed.config!;
    if (config.id !== this.#configSent) {
      this.sink.send(
        encodeServerMessage({
          type: 'config',
          sub: this.sub,
          configId: config.id,
          codec: config.codec,
          codecString: config.codecString,
          width: config.width,
          height: config.height,
          description: config.description,
        }),
      );
      this.#configSent = config.id;
    }
    this.#seq += 1;
    const data = frame.data;
    const head = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
    header.sub = this.sub;
    header.seq = this.#seq;
    header.configId = config.id;
    header.key = frame.isRandomAccessPoint;
    header.catchUp = catchUp;
    header.arrival = feed.toWall(frame.receivedAt);
    header.timestamp = feed.timestampUs(frame);
    writeFrameHeader(head, header);
    const size = FRAME_HEADER_BYTES + data.length;
    this.#inFlight.push(this.#seq, now, size);
    this.counters.sent += 1;
    this.counters.bytesSent += size;
    this.sink.sendFrame(head, data);
  }
}
