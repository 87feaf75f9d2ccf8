// One camera's feed: picks the session's first usable video stream, keeps its decoder
// configuration and current GOP, and offers each of its frames to the subscriptions.
// For a camera nobody watches this costs a few comparisons and one array push per frame.
import type { StatusCode } from '../../shared/media';
import type {
  AudioFrame,
  AudioParameters,
  Clock,
  Frame,
  StreamInfo,
  VideoFrame,
  VideoParameters,
} from '../rtsp/index';
import type { AudioFeedConfig, AudioSubscription } from './audio-subscription';
import type { FeedConfig, FeedView } from './feed-types';
import { GopCache, type GopLimits } from './gop-cache';
import type { Subscription } from './subscription';

export interface FeedSubscriber {
  readonly subscription: Subscription;
  status(code: StatusCode, message: string): void;
}

/** Audio codecs the console plays (AAC and Opus with WebCodecs, G.711 in the page). */
const PLAYABLE_AUDIO = new Set(['aac', 'opus', 'pcmu', 'pcma']);

export class CameraFeed implements FeedView {
  readonly gop: GopCache;
  readonly subscribers = new Set<FeedSubscriber>();
  readonly audioSubscribers = new Set<AudioSubscription>();
  /** The sound the console can play, when the camera sends one. */
  audio: AudioFeedConfig | undefined;
  /** The camera's first audio stream, when the console cannot play its codec (for the page). */
  unplayableAudio: string | undefined;
  #audioIndex = -1;
  #audioBase = 0;
  #hasAudioBase = false;
  #audioConfigIds = 0;
  config: FeedConfig | undefined;
  /** The session has no video stream we can show (audio-only, or unsupported video). */
  noVideo = false;
  /** Monotonic ms of the last video frame, for the idle sweep. */
  lastFrameAt = Number.NEGATIVE_INFINITY;
  #streams: readonly StreamInfo[] | undefined;
  #index = -1;
  #params: VideoParameters | undefined;
  #base = 0;
  #hasBase = false;
  #configIds = 0;

  constructor(
    readonly cameraId: string,
    private readonly clock: Clock,
    gopLimits: GopLimits,
  ) {
    this.gop = new GopCache(gopLimits);
  }

  onFrame(frame: Frame, streams: readonly StreamInfo[]): void {
    if (streams !== this.#streams) this.#newSession(streams);
    if (frame.kind === 'audio') {
      if (frame.streamIndex === this.#audioIndex && this.audioSubscribers.size > 0) this.#onAudio(frame);
      return;
    }
    if (frame.kind !== 'video' || frame.streamIndex !== this.#index) return;
    const params = streams[this.#index]?.parameters;
    if (params !== this.#params || frame.hasNewParameters) this.#updateConfig(params);
    if (!this.config) return;
    if (!this.#hasBase) {
      this.#base = frame.timestamp;
      this.#hasBase = true;
    }
    this.lastFrameAt = this.clock.now();
    this.gop.push(frame);
    for (const s of this.subscribers) s.subscription.offer(frame, this);
  }

  #onAudio(frame: AudioFrame): void {
    const config = this.audio;
    if (!config) return;
    if (!this.#hasAudioBase) {
      this.#audioBase = frame.timestamp;
      this.#hasAudioBase = true;
    }
    const us = Math.round(((frame.timestamp - this.#audioBase) * 1e6) / frame.clockRate);
    for (const s of this.audioSubscribers) s.offer(frame, config, us);
  }

  /** Whether a camera session has been seen (its streams known) since the feed was forgotten. */
  get hasSession(): boolean {
    return this.#streams !== undefined;
  }

  timestampUs(frame: VideoFrame): number {
    return Math.round(((frame.timestamp - this.#base) * 1e6) / frame.clockRate);
  }

  toWall(receivedAt: number): number {
    return receivedAt + (this.clock.wallNow() - this.clock.now());
  }

  /** No frame for a while (camera stopped or gone): forget the GOP and the session. */
  forgetSession(): void {
    this.#streams = undefined;
    this.#index = -1;
    this.#params = undefined;
    this.config = undefined;
    this.gop.clear();
    this.lastFrameAt = Number.NEGATIVE_INFINITY;
  }

  #newSession(streams: readonly StreamInfo[]): void {
    this.forgetSession();
    this.#streams = streams;
    this.#hasBase = false;
    this.#pickAudio(streams);
    const video = streams.find((s) => s.media === 'video' && s.supported);
    this.#index = video ? video.index : -1;
    this.noVideo = !video;
    for (const s of this.subscribers) {
      s.subscription.restart();
      if (this.noVideo) s.status('no-video', 'the camera sends no video this console can show');
    }
  }

  #pickAudio(streams: readonly StreamInfo[]): void {
    this.#hasAudioBase = false;
    const first = streams.find((s) => s.media === 'audio');
    const params = first?.parameters as AudioParameters | undefined;
    if (!first || params?.kind !== 'audio' || !PLAYABLE_AUDIO.has(params.codec)) {
      this.#audioIndex = -1;
      this.audio = undefined;
      this.unplayableAudio = first ? (params?.codec ?? (first.encodingName || 'unknown')) : undefined;
      return;
    }
    this.#audioIndex = first.index;
    this.unplayableAudio = undefined;
    this.#audioConfigIds += 1;
    this.audio = {
      id: this.#audioConfigIds,
      codec: params.codec as AudioFeedConfig['codec'],
      sampleRate: params.sampleRate,
      channels: params.channels,
      description: Uint8Array.from(params.extraData),
    };
  }

  #updateConfig(params: StreamInfo['parameters']): void {
    this.#params = params as VideoParameters | undefined;
    if (params?.kind !== 'video') {
      this.config = undefined;
      return;
    }
    const c = this.config;
    if (
      c &&
      c.codec === params.codec &&
      c.codecString === params.rfc6381Codec &&
      c.width === params.width &&
      c.height === params.height &&
      sameBytes(c.description, params.extraData)
    ) {
      return;
    }
    // Frames of the old configuration cannot follow the new one.
    this.gop.clear();
    this.#configIds += 1;
    this.config = {
      id: this.#configIds,
      codec: params.codec,
      codecString: params.rfc6381Codec,
      width: params.width,
      height: params.height,
      description: Uint8Array.from(params.extraData),
    };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
