// One page's subscription to a camera's sound (the camera page's "Sound" control). Audio frames
// are small (a few hundred bytes, 20-50 per second), so there is no acknowledgement window:
// a frame is sent unless the channel's transport buffer is over its limit, in which case it is
// dropped and counted (the sequence number still advances, so the player sees the gap) — the
// sound never queues behind a slow page and never delays the video.
import { Buffer } from 'node:buffer';
import {
  AUDIO_HEADER_BYTES,
  encodeServerMessage,
  type MediaAudioCodec,
  writeAudioHeader,
} from '../../shared/media';
import type { AudioFrame } from '../rtsp';
import type { MediaSink, SubscriptionCounters } from './subscription';

/** The camera's sound as the console can play it; a new id whenever any part changes. */
export interface AudioFeedConfig {
  id: number;
  codec: MediaAudioCodec;
  sampleRate: number;
  channels: number;
  /** AAC AudioSpecificConfig (a copy owned by the feed); empty otherwise. */
  description: Uint8Array;
}

/** Over this many bytes queued in the transport, audio frames are dropped. */
export const AUDIO_MAX_BUFFERED = 1024 * 1024;

const header = { sub: 0, seq: 0, configId: 0, timestamp: 0 };

export class AudioSubscription {
  readonly mode = 'audio' as const;
  readonly counters: SubscriptionCounters = { sent: 0, dropped: 0, skipped: 0, bytesSent: 0 };
  readonly inFlight = 0;
  #seq = 0;
  #configSent = 0;

  constructor(
    readonly sub: number,
    readonly cameraId: string,
    private readonly sink: MediaSink,
    private readonly maxBuffered = AUDIO_MAX_BUFFERED,
  ) {}

  /** Nothing to acknowledge: audio has no flow window (see above). */
  ack(_seq: number): void {}

  offer(frame: AudioFrame, config: AudioFeedConfig, timestampUs: number): void {
    this.#seq += 1;
    if (this.sink.bufferedAmount > this.maxBuffered) {
      this.counters.dropped += 1;
      return;
    }
    if (config.id !== this.#configSent) {
      this.sink.send(
        encodeServerMessage({
          type: 'audio-config',
          sub: this.sub,
          configId: config.id,
          codec: config.codec,
          sampleRate: config.sampleRate,
          channels: config.channels,
          description: config.description,
        }),
      );
      this.#configSent = config.id;
    }
    const head = Buffer.allocUnsafe(AUDIO_HEADER_BYTES);
    header.sub = this.sub;
    header.seq = this.#seq;
    header.configId = config.id;
    header.timestamp = timestampUs;
    writeAudioHeader(head, header);
    this.counters.sent += 1;
    this.counters.bytesSent += AUDIO_HEADER_BYTES + frame.data.length;
    this.sink.sendFrame(head, frame.data);
  }
}
