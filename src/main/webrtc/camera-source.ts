// One camera as the WebRTC sender sees it: the session's H.264 stream (its avcC, so the
// profile to answer with and the SPS/PPS to put in front of key frames), the audio stream a
// browser can play as is (Opus, PCMU, PCMA), and the current GOP for viewers that join.

import { GopCache, type GopLimits } from '../live';
import type { Frame, StreamInfo, VideoFrame } from '../rtsp';
import type { CameraAudio } from './answer-plan';
import { type AvcConfig, parameterSetPrefix, parseAvcC } from './h264-profile';

const PLAYABLE_AUDIO = new Set(['opus', 'pcmu', 'pcma']);

export class CameraSource {
  readonly gop: GopCache;
  avc: AvcConfig | undefined;
  audio: CameraAudio | undefined;
  /** Why there is no video to send, when there is none (for the viewer's words). */
  audioNote: string | undefined;
  #streams: readonly StreamInfo[] | undefined;
  #videoIndex = -1;
  #audioIndex = -1;
  #extraData: Uint8Array | undefined;
  #prefix: Buffer = Buffer.alloc(0);
  #lastKey: VideoFrame | undefined;
  #lastKeyBytes: Buffer = Buffer.alloc(0);

  constructor(gop: GopLimits) {
    this.gop = new GopCache(gop);
  }

  /** Classifies a frame: 'video' (and cached), 'audio' (playable), or undefined (ignored). */
  accept(frame: Frame, streams: readonly StreamInfo[]): 'video' | 'audio' | undefined {
    if (streams !== this.#streams) this.#newSession(streams);
    if (frame.kind === 'audio')
      return frame.streamIndex === this.#audioIndex && this.audio ? 'audio' : undefined;
    if (frame.kind !== 'video' || frame.streamIndex !== this.#videoIndex) return undefined;
    const params = streams[this.#videoIndex]?.parameters;
    if (params?.kind === 'video' && params.extraData !== this.#extraData) {
      this.#extraData = params.extraData;
      const avc = parseAvcC(params.extraData);
      if (avc?.profileLevelId !== this.avc?.profileLevelId) this.gop.clear();
      this.avc = avc;
      this.#prefix = avc ? parameterSetPrefix(avc) : Buffer.alloc(0);
    }
    if (!this.avc) return undefined;
    this.gop.push(frame);
    return 'video';
  }

  /** The frame's bytes as sent: key frames get the SPS/PPS in front (built once per frame). */
  bytesOf(frame: VideoFrame): Buffer {
    if (!frame.isRandomAccessPoint || this.#prefix.length === 0) return frame.data;
    if (frame !== this.#lastKey) {
      this.#lastKey = frame;
      this.#lastKeyBytes = Buffer.concat([this.#prefix, frame.data]);
    }
    return this.#lastKeyBytes;
  }

  forget(): void {
    this.#streams = undefined;
    this.#videoIndex = -1;
    this.#audioIndex = -1;
    this.avc = undefined;
    this.audio = undefined;
    this.#extraData = undefined;
    this.#lastKey = undefined;
    this.gop.clear();
  }

  #newSession(streams: readonly StreamInfo[]): void {
    this.forget();
    this.#streams = streams;
    const video = streams.find(
      (s) => s.media === 'video' && s.supported && s.encodingName.toLowerCase() === 'h264',
    );
    this.#videoIndex = video ? video.index : -1;
    const audio = streams.find((s) => s.media === 'audio' && s.supported);
    this.audioNote = undefined;
    if (audio) {
      const codec = audio.encodingName.toLowerCase();
      if (PLAYABLE_AUDIO.has(codec)) {
        this.#audioIndex = audio.index;
        this.audio = {
          codec: codec as CameraAudio['codec'],
          clockRate: audio.clockRate ?? (codec === 'opus' ? 48000 : 8000),
          channels: audio.channels ?? 1,
        };
      } else {
        this.audioNote = `the camera's audio (${audio.encodingName}) cannot be played by a browser as sent`;
      }
    }
  }
}
