// The live service: the camera manager's frame tap on one side, media channels on the
// other. Frames reach a channel only while it subscribes to the camera; each camera keeps
// at most its current GOP (see gop-cache.ts), and a camera that stops sending for `idleMs`
// has even that forgotten by a coarse sweep (one timer for the whole service).
import {
  type LiveStats,
  MAX_CATCH_UP_FRAMES,
  MAX_IN_FLIGHT_FRAMES,
  MAX_UNACKED_LIVE_FRAMES,
  type StatusCode,
  type SubscribeMessage,
} from '../../shared/media';
import type { Frame, StreamInfo } from '../rtsp/index';
import { type Clock, systemClock, type TimerHandle } from '../rtsp/index';
import { AudioSubscription } from './audio-subscription';
import { type AnySubscription, MediaConnection, type MediaPipe } from './connection';
import { CameraFeed, type FeedSubscriber } from './feed';
import { DEFAULT_GOP_LIMITS, type GopLimits } from './gop-cache';
import { DEFAULT_FLOW_LIMITS, type FlowLimits, Subscription } from './subscription';

export interface LiveCounts {
  /** Live views (the whole stream). */
  viewers: number;
  /** Thumbnails (a key frame now and then). */
  thumbnails: number;
}

export interface LiveServiceOptions {
  clock?: Clock;
  gop?: Partial<GopLimits>;
  flow?: Partial<FlowLimits>;
  /** A camera without a frame for this long has its GOP and session forgotten (ms). */
  idleMs?: number;
  /** Key-frame subscriptions get at most one key frame per this many ms, whatever they ask. */
  minKeyIntervalMs?: number;
  /** Whether a camera id exists; subscriptions to others are refused with 'not-found'. */
  isCamera?(cameraId: string): boolean;
  /** Called when a camera's subscriber counts change. */
  onCounts?(cameraId: string, counts: LiveCounts): void;
}

export type FrameTap = (frame: Frame, streams: readonly StreamInfo[]) => void;

interface Attached {
  feed: CameraFeed;
  subscriber: FeedSubscriber;
  /** Wall-clock ms it subscribed. */
  since: number;
  remote: string | undefined;
}

/** One live view (the whole stream), for the host's consumer list. */
export interface LiveConsumer {
  cameraId: string;
  remote: string | undefined;
  since: number;
  bytes: number;
  drops: number;
}

export class LiveService {
  readonly #feeds = new Map<string, CameraFeed>();
  readonly #connections = new Set<MediaConnection>();
  readonly #attached = new Map<Subscription, Attached>();
  readonly #audio = new Map<AudioSubscription, CameraFeed>();
  readonly #reported = new Map<string, string>();
  readonly #clock: Clock;
  readonly #gop: GopLimits;
  readonly #flow: FlowLimits;
  readonly #idleMs: number;
  #sweep: TimerHandle | undefined;
  #closed = false;

  constructor(private readonly options: LiveServiceOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    // Never past the shared limits: a view has MAX_IN_FLIGHT_FRAMES slots, no more.
    const gop = { ...DEFAULT_GOP_LIMITS, ...options.gop };
    const flow = { ...DEFAULT_FLOW_LIMITS, ...options.flow };
    this.#gop = { ...gop, maxFrames: Math.min(gop.maxFrames, MAX_CATCH_UP_FRAMES) };
    this.#flow = { ...flow, maxFrames: Math.min(flow.maxFrames, MAX_UNACKED_LIVE_FRAMES) };
    this.#idleMs = options.idleMs ?? 5000;
    this.#armSweep();
  }

  /** The per-frame hook for one camera (CameraManagerOptions.frameTap). */
  readonly frameTap = (cameraId: string): FrameTap => {
    const feed = this.#feed(cameraId);
    return (frame, streams) => feed.onFrame(frame, streams);
  };

  /** A new media channel. Feed it the client's bytes with `receive`; `close` it when it closes. */
  connect(pipe: MediaPipe): MediaConnection {
    const conn = new MediaConnection(pipe, {
      wallNow: () => this.#clock.wallNow(),
      attach: (c, m) => this.#attach(c, m),
      detach: (sub) => this.#detach(sub),
      forget: (c) => this.#connections.delete(c),
    });
    if (this.#closed) conn.close();
    else this.#connections.add(conn);
    return conn;
  }

  counts(cameraId: string): LiveCounts {
    const feed = this.#feeds.get(cameraId);
    let viewers = 0;
    let thumbnails = 0;
    for (const s of feed?.subscribers ?? []) {
      if (s.subscription.mode === 'live') viewers += 1;
      else thumbnails += 1;
    }
    return { viewers, thumbnails };
  }

  stats(): LiveStats {
    const cameras: LiveStats['cameras'] = {};
    for (const [id, feed] of this.#feeds) {
      cameras[id] = {
        ...this.counts(id),
        gopFrames: feed.gop.frames.length,
        gopBytes: feed.gop.bytes,
        ...(feed.config ? { codec: feed.config.codecString } : {}),
      };
    }
    const subscriptions: LiveStats['subscriptions'] = [];
    for (const sub of this.#attached.keys()) {
      subscriptions.push({
        cameraId: sub.cameraId,
        mode: sub.mode,
        sent: sub.counters.sent,
        dropped: sub.counters.dropped,
        inFlight: sub.inFlight,
        bytesSent: sub.counters.bytesSent,
      });
    }
    for (const [sub] of this.#audio) {
      subscriptions.push({
        cameraId: sub.cameraId,
        mode: sub.mode,
        sent: sub.counters.sent,
        dropped: sub.counters.dropped,
        inFlight: 0,
        bytesSent: sub.counters.bytesSent,
      });
    }
    return { connections: this.#connections.size, cameras, subscriptions };
  }

  /** Every live view (thumbnails left out: they get a key frame now and then). */
  consumers(): LiveConsumer[] {
    const out: LiveConsumer[] = [];
    for (const [sub, a] of this.#attached) {
      if (sub.mode !== 'live') continue;
      out.push({
        cameraId: sub.cameraId,
        remote: a.remote,
        since: a.since,
        bytes: sub.counters.bytesSent,
        drops: sub.counters.dropped,
      });
    }
    return out;
  }

  /**
   * A camera was deleted: its subscribers are told, and its feed (GOP, configuration,
   * counts) goes, so a deleted camera holds nothing here.
   */
  removeCamera(cameraId: string): void {
    const feed = this.#feeds.get(cameraId);
    if (!feed) return;
    this.#feeds.delete(cameraId);
    for (const [sub, a] of [...this.#attached]) {
      if (a.feed !== feed) continue;
      this.#attached.delete(sub);
      a.subscriber.status('not-found', 'the camera was deleted');
    }
    feed.subscribers.clear();
    for (const [sub, f] of [...this.#audio]) if (f === feed) this.#audio.delete(sub);
    feed.audioSubscribers.clear();
    feed.forgetSession();
    this.#reported.delete(cameraId);
  }

  /** Forgets GOPs of cameras that sent nothing for idleMs. Called by the service's own timer. */
  sweep(): void {
    const idleBefore = this.#clock.now() - this.#idleMs;
    for (const feed of this.#feeds.values()) {
      if (feed.config && feed.lastFrameAt < idleBefore) feed.forgetSession();
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#sweep) this.#clock.clearTimeout(this.#sweep);
    for (const conn of [...this.#connections]) conn.close();
    for (const feed of this.#feeds.values()) feed.forgetSession();
  }

  #feed(cameraId: string): CameraFeed {
    let feed = this.#feeds.get(cameraId);
    if (!feed) {
      feed = new CameraFeed(cameraId, this.#clock, this.#gop);
      this.#feeds.set(cameraId, feed);
    }
    return feed;
  }

  #attach(conn: MediaConnection, m: SubscribeMessage): AnySubscription | StatusCode {
    if (this.#closed) return 'ended';
    if (this.options.isCamera && !this.options.isCamera(m.cameraId)) return 'not-found';
    const feed = this.#feed(m.cameraId);
    if (m.mode === 'audio') {
      const sub = new AudioSubscription(m.sub, m.cameraId, conn.pipe);
      feed.audioSubscribers.add(sub);
      this.#audio.set(sub, feed);
      // The message says what the page will hear (or why nothing), for its Sound control.
      const a = feed.audio;
      conn.status(
        m.sub,
        'subscribed',
        a
          ? `${a.codec} ${a.sampleRate} ${a.channels}`
          : feed.unplayableAudio
            ? `unplayable ${feed.unplayableAudio}`
            : feed.hasSession
              ? 'no audio'
              : 'waiting for the camera',
      );
      return sub;
    }
    const interval =
      m.mode === 'keyframes' ? Math.max(m.intervalMs, this.options.minKeyIntervalMs ?? 1000) : 0;
    const sub = new Subscription({
      sub: m.sub,
      cameraId: m.cameraId,
      mode: m.mode,
      intervalMs: interval,
      sink: conn.pipe,
      now: () => this.#clock.now(),
      limits: this.#flow,
      ringCapacity: MAX_IN_FLIGHT_FRAMES,
    });
    const subscriber = conn.subscriber(sub);
    feed.subscribers.add(subscriber);
    this.#attached.set(sub, { feed, subscriber, since: this.#clock.wallNow(), remote: conn.pipe.remote });
    conn.status(m.sub, 'subscribed', feed.config?.codecString ?? 'waiting for video');
    if (feed.noVideo) subscriber.status('no-video', 'the camera sends no video this console can show');
    sub.start(feed);
    this.#report(feed.cameraId);
    return sub;
  }

  #detach(sub: AnySubscription): void {
    if (sub instanceof AudioSubscription) {
      this.#audio.get(sub)?.audioSubscribers.delete(sub);
      this.#audio.delete(sub);
      return;
    }
    const a = this.#attached.get(sub);
    if (!a) return;
    this.#attached.delete(sub);
    a.feed.subscribers.delete(a.subscriber);
    this.#report(a.feed.cameraId);
  }

  #report(cameraId: string): void {
    if (!this.options.onCounts) return;
    const counts = this.counts(cameraId);
    const key = `${counts.viewers}/${counts.thumbnails}`;
    if (this.#reported.get(cameraId) === key) return;
    if (key === '0/0') this.#reported.delete(cameraId);
    else this.#reported.set(cameraId, key);
    this.options.onCounts(cameraId, counts);
  }

  #armSweep(): void {
    this.#sweep = this.#clock.setTimeout(
      () => {
        if (this.#closed) return;
        this.sweep();
        this.#armSweep();
      },
      Math.max(250, this.#idleMs / 2),
    );
  }
}
