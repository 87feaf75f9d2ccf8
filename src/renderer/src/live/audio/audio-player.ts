// The camera page's sound: its own media channel to main (subscription mode 'audio'), AAC and
// Opus decoded by WebCodecs' AudioDecoder, G.711 by the page (g711.ts), played through Web
// Audio with a short jitter buffer. It runs on the page's thread (an AudioContext cannot live
// in the live engine's worker) and starts only from a click: browsers allow sound after a
// gesture, and the camera page is muted until the operator asks for sound.
import type { AudioConfigMessage, AudioMessage, ServerMessage } from '../../../../shared/media';
import { MediaChannel } from '../engine/channel';
import { mediaTransport } from '../media-transport';
import { decodeG711 } from './g711';

export type AudioState =
  | { state: 'connecting' }
  /** Subscribed; `detail` says what the camera sends, as main saw it. */
  | { state: 'waiting'; detail: string }
  | { state: 'playing'; codec: string; sampleRate: number; channels: number }
  | { state: 'no-audio' }
  | { state: 'unplayable'; reason: string }
  | { state: 'error'; message: string };

export interface AudioEvents {
  state(s: AudioState): void;
  /** Level of the sound just played, dBFS (RMS over ~100 ms); -Infinity for silence. */
  level(dbfs: number): void;
}

/** Sound is scheduled this far ahead of the audio clock (absorbs network and decode jitter). */
const JITTER_S = 0.15;
/** More than this scheduled ahead (a stall, then a burst) is dropped back to JITTER_S. */
const MAX_AHEAD_S = 1;
const SUB = 1;

export interface AudioFigures {
  state: AudioState['state'];
  decoded: number;
  played: number;
  dropped: number;
  errors: number;
  level: number;
}

let current: AudioPlayer | undefined;

/** Figures of the playing sound, for tests (window.__camrelayAudio). */
export function audioDebugFigures(): AudioFigures | undefined {
  return current?.figures();
}

declare global {
  interface Window {
    __camrelayAudio?: { figures: typeof audioDebugFigures };
  }
}
window.__camrelayAudio = { figures: audioDebugFigures };

export class AudioPlayer {
  readonly #ctx: AudioContext;
  #channel: MediaChannel | undefined;
  #decoder: AudioDecoder | undefined;
  #config: AudioConfigMessage | undefined;
  #state: AudioState = { state: 'connecting' };
  #next = 0;
  #lastSeq = -1;
  #tsHigh = 0;
  #lastTs = -1;
  #sumSquares = 0;
  #samples = 0;
  #levelAt = 0;
  #level = Number.NEGATIVE_INFINITY;
  #closed = false;
  readonly #counts = { decoded: 0, played: 0, dropped: 0, errors: 0 };

  /** Call from a click handler (the AudioContext needs the gesture). */
  constructor(
    readonly cameraId: string,
    private readonly events: AudioEvents,
  ) {
    this.#ctx = new AudioContext({ latencyHint: 'interactive' });
    current = this;
    this.#emit({ state: 'connecting' });
    void this.#open();
  }

  figures(): AudioFigures {
    return { state: this.#state.state, ...this.#counts, level: this.#level };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (current === this) current = undefined;
    this.#channel?.send({ type: 'unsubscribe', sub: SUB });
    this.#channel?.close();
    this.#closeDecoder();
    void this.#ctx.close();
  }

  async #open(): Promise<void> {
    try {
      const spec = await mediaTransport();
      if (this.#closed) {
        if (spec.kind === 'port') spec.port.close();
        return;
      }
      this.#channel = new MediaChannel(spec, {
        open: () =>
          this.#channel?.send({
            type: 'subscribe',
            sub: SUB,
            mode: 'audio',
            intervalMs: 0,
            cameraId: this.cameraId,
          }),
        message: (m) => this.#message(m),
        lost: () => this.#emit({ state: 'error', message: 'the connection to camrelay was lost' }),
      });
    } catch (e) {
      this.#emit({ state: 'error', message: (e as Error).message });
    }
  }

  #emit(s: AudioState): void {
    this.#state = s;
    if (!this.#closed) this.events.state(s);
  }

  #message(m: ServerMessage): void {
    if (this.#closed || !('sub' in m) || m.sub !== SUB) return;
    switch (m.type) {
      case 'status':
        if (m.code !== 'subscribed') this.#emit({ state: 'error', message: m.message || m.code });
        else if (m.message === 'no audio') this.#emit({ state: 'no-audio' });
        else if (m.message.startsWith('unplayable ')) {
          const codec = m.message.slice('unplayable '.length).toUpperCase();
          this.#emit({ state: 'unplayable', reason: `This camera's sound (${codec}) cannot be played here` });
        } else this.#emit({ state: 'waiting', detail: m.message });
        return;
      case 'audio-config':
        this.#configure(m);
        return;
      case 'audio':
        this.#frame(m);
        return;
      default:
        return;
    }
  }

  #configure(c: AudioConfigMessage): void {
    this.#closeDecoder();
    this.#config = c;
    this.#next = 0;
    if (c.codec === 'pcmu' || c.codec === 'pcma') {
      this.#emit({ state: 'playing', codec: c.codec === 'pcmu' ? 'G.711 µ-law' : 'G.711 A-law', ...rate(c) });
      return;
    }
    if (typeof AudioDecoder === 'undefined') {
      this.#emit({
        state: 'unplayable',
        reason: isSecureContext
          ? 'This browser has no WebCodecs audio decoder'
          : 'Sound needs a secure page (https, or http://127.0.0.1)',
      });
      return;
    }
    const config: AudioDecoderConfig = {
      codec: c.codec === 'aac' ? aacCodecString(c.description) : 'opus',
      sampleRate: c.sampleRate,
      numberOfChannels: c.channels,
      ...(c.description.length > 0 ? { description: c.description.slice() } : {}),
    };
    const decoder = new AudioDecoder({
      output: (data) => this.#decoded(data),
      error: (e) => {
        this.#counts.errors += 1;
        if (this.#decoder === decoder) this.#decoder = undefined;
        this.#emit({ state: 'unplayable', reason: `The sound could not be decoded (${e.message})` });
      },
    });
    try {
      decoder.configure(config);
    } catch (e) {
      this.#emit({ state: 'unplayable', reason: `The sound could not be decoded (${(e as Error).message})` });
      return;
    }
    this.#decoder = decoder;
    this.#emit({ state: 'playing', codec: c.codec === 'aac' ? 'AAC' : 'Opus', ...rate(c) });
  }

  #frame(m: AudioMessage): void {
    const c = this.#config;
    if (!c || m.configId !== c.configId) return;
    if (this.#lastSeq >= 0 && m.seq > this.#lastSeq + 1) this.#counts.dropped += m.seq - this.#lastSeq - 1;
    this.#lastSeq = m.seq;
    // µs modulo 2^32 on the wire: unwrap
    if (this.#lastTs >= 0 && m.timestamp < this.#lastTs - 2 ** 31) this.#tsHigh += 2 ** 32;
    this.#lastTs = m.timestamp;
    const timestamp = this.#tsHigh + m.timestamp;
    if (c.codec === 'pcmu' || c.codec === 'pcma') {
      this.#counts.decoded += 1;
      this.#play([decodeG711(c.codec, m.data)], c.sampleRate);
      return;
    }
    const d = this.#decoder;
    if (d?.state !== 'configured') return;
    try {
      d.decode(new EncodedAudioChunk({ type: 'key', timestamp, data: m.data.slice() }));
    } catch {
      this.#counts.errors += 1;
    }
  }

  #decoded(data: AudioData): void {
    try {
      this.#counts.decoded += 1;
      const planes: Float32Array[] = [];
      for (let ch = 0; ch < data.numberOfChannels; ch++) {
        const plane = new Float32Array(data.numberOfFrames);
        data.copyTo(plane, { planeIndex: ch, format: 'f32-planar' });
        planes.push(plane);
      }
      this.#play(planes, data.sampleRate);
    } finally {
      data.close();
    }
  }

  #play(planes: Float32Array[], sampleRate: number): void {
    if (this.#closed || planes.length === 0 || planes[0]!.length === 0) return;
    const ctx = this.#ctx;
    const buffer = ctx.createBuffer(planes.length, planes[0]!.length, sampleRate);
    for (let ch = 0; ch < planes.length; ch++)
      buffer.copyToChannel(planes[ch]! as Float32Array<ArrayBuffer>, ch);
    const now = ctx.currentTime;
    if (this.#next < now + 0.02 || this.#next > now + MAX_AHEAD_S) this.#next = now + JITTER_S;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    source.start(this.#next);
    this.#next += buffer.duration;
    this.#counts.played += 1;
    this.#measure(planes[0]!);
  }

  #measure(samples: Float32Array): void {
    for (let i = 0; i < samples.length; i++) this.#sumSquares += samples[i]! * samples[i]!;
    this.#samples += samples.length;
    const t = performance.now();
    if (t - this.#levelAt < 100) return;
    this.#levelAt = t;
    const rms = Math.sqrt(this.#sumSquares / Math.max(1, this.#samples));
    this.#sumSquares = 0;
    this.#samples = 0;
    this.#level = rms > 0 ? 20 * Math.log10(rms) : Number.NEGATIVE_INFINITY;
    this.events.level(this.#level);
  }

  #closeDecoder(): void {
    const d = this.#decoder;
    this.#decoder = undefined;
    if (d && d.state !== 'closed') d.close();
  }
}

function rate(c: AudioConfigMessage): { sampleRate: number; channels: number } {
  return { sampleRate: c.sampleRate, channels: c.channels };
}

/** `mp4a.40.<audio object type>` from the AudioSpecificConfig's first 5 bits (2: AAC-LC). */
export function aacCodecString(asc: Uint8Array): string {
  const aot = asc.length > 0 ? asc[0]! >> 3 : 2;
  return `mp4a.40.${aot === 0 || aot === 31 ? 2 : aot}`;
}
