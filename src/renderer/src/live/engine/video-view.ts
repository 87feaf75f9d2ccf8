// One live view in the engine: its media channel, decoder and canvas. Frames are decoded in
// order; pictures are painted as they come out of the decoder. Anything that breaks the
// chain (a gap main made when we fell behind, a decoder error, a decode queue that grows)
// makes the view drop to the next key frame; nothing is queued to catch up.
import {
  type ConfigMessage,
  type FrameMessage,
  MAX_IN_FLIGHT_FRAMES,
  type ServerMessage,
} from '../../../../shared/media';
import { wallNow } from './channel';
import type { ChannelPool, Lease } from './channel-pool';
import { checkSupport, codecLabel, createDecoder, type FrameDecoder, type Picture } from './decoders';
import { LatencyStats } from './latency';
import { Painter } from './painter';
import type { PostEvent, Rect, TransportSpec, ViewDebugStats, ViewFigures, ViewState } from './protocol';
import type { PaintTarget, Surface } from './target';

/** Slots for frames given to the decoder and not out yet: as many as main lets be unacknowledged. */
const RING = MAX_IN_FLIGHT_FRAMES;
/**
 * Frames queued in the decoder beyond which the view counts as behind (about a third of a second
 * at 30 fps: a short stall of the machine is absorbed, a lasting one drops to a key frame).
 */
const MAX_DECODE_QUEUE = 10;
/** Frames held while the codec's support is being checked (the first GOP and the live window). */
const MAX_CHECK_QUEUE = MAX_IN_FLIGHT_FRAMES;
/** Unsupported codec: one key frame this often keeps the badge current. */
const UNSUPPORTED_INTERVAL_MS = 10_000;

export interface VideoViewOptions {
  viewId: number;
  cameraId: string;
  target: PaintTarget;
  transport: TransportSpec;
  post: PostEvent;
  pool: ChannelPool;
  surface?: Surface;
}

export class VideoView {
  #state: ViewState = { state: 'connecting' };
  readonly latency = new LatencyStats();
  painted = 0;
  decoded = 0;
  droppedByMain = 0;
  droppedHere = 0;
  /** Decoded pictures not painted because a newer one was ready first (no freeze). */
  skippedPaint = 0;
  errors = 0;
  #paintedAtTick = 0;
  #lease: Lease | undefined;
  #mode: 'live' | 'keyframes' = 'live';
  #config: ConfigMessage | undefined;
  #support: 'checking' | 'ok' | 'no' = 'checking';
  #checkQueue: FrameMessage[] = [];
  #decoder: FrameDecoder | undefined;
  #decoderConfigId = -1;
  #waitingKey = true;
  #lastSeq = -1;
  /**
   * One past the slot of the last catch-up frame given to the decoder: catching up lasts until
   * a picture at or after it comes out (or is skipped), so it cannot outlive the catch-up.
   */
  #catchUpEnd = 0;
  #slot = 0;
  /** One past the highest slot out of the decoder (output or skipped). */
  #outSlot = 0;
  readonly #arrival = new Float64Array(RING);
  readonly #seq = new Float64Array(RING);
  readonly #catchUp = new Uint8Array(RING);
  readonly #painter: Painter;
  readonly #leaveSurface: (() => void) | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #closed = false;

  constructor(private readonly opts: VideoViewOptions) {
    this.#leaveSurface = opts.surface?.join(() => this.#painter.repaint());
    this.#painter = new Painter(opts.target, {
      painted: (slot) => this.#painted(slot),
      skipped: () => {
        this.skippedPaint += 1;
      },
    });
    this.#connect();
  }

  get state(): ViewState {
    return this.#state;
  }

  place(rect: Rect): void {
    this.#painter.retarget(rect);
  }

  snapshot(mime: 'image/png' | 'image/jpeg'): Promise<Blob> {
    return this.#painter.snapshot(mime);
  }

  /** Once a second: the figures for the page. */
  tick(): void {
    const fps = this.painted - this.#paintedAtTick;
    this.#paintedAtTick = this.painted;
    const rtt = this.#lease?.channel.clock.rtt;
    const figures: ViewFigures = {
      fps,
      dropped: this.droppedByMain + this.droppedHere + this.skippedPaint,
      decoded: this.decoded,
      painted: this.painted,
      errors: this.errors,
      ...(this.latency.count && fps ? { latencyMs: this.latency.recentMedian()! } : {}),
      ...(rtt !== undefined ? { clockErrorMs: rtt / 2 } : {}),
    };
    this.opts.post({ type: 'view-figures', viewId: this.opts.viewId, figures });
  }

  debugStats(): ViewDebugStats {
    return {
      viewId: this.opts.viewId,
      cameraId: this.opts.cameraId,
      state: this.#state.state,
      painted: this.painted,
      decoded: this.decoded,
      droppedByMain: this.droppedByMain,
      droppedHere: this.droppedHere,
      skippedPaint: this.skippedPaint,
      errors: this.errors,
      latencyCount: this.latency.count,
      histogram: Array.from(this.latency.histogram),
    };
  }

  close(): void {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#lease?.close();
    this.#decoder?.close();
    this.#painter.close();
    this.#leaveSurface?.();
  }

  #connect(): void {
    this.#lease = this.opts.pool.open(this.opts.transport, {
      open: () => this.#subscribe(),
      message: (m) => this.#message(m),
      lost: () => this.#lost(),
    });
  }

  #subscribe(): void {
    this.#attempt = 0;
    const lease = this.#lease;
    lease?.channel.send({
      type: 'subscribe',
      sub: lease.sub,
      mode: this.#mode,
      intervalMs: this.#mode === 'live' ? 0 : UNSUPPORTED_INTERVAL_MS,
      cameraId: this.opts.cameraId,
    });
  }

  #lost(): void {
    this.#lease = undefined;
    if (this.#closed) return;
    this.#resetStream();
    this.#setState({ state: 'error', message: 'connection to camrelay lost' });
    // A MessagePort cannot be reopened from here; a WebSocket can.
    if (this.opts.transport.kind !== 'websocket') return;
    this.#attempt += 1;
    this.#retry = setTimeout(() => this.#connect(), Math.min(5000, 250 * 2 ** Math.min(this.#attempt, 5)));
  }

  #resetStream(): void {
    this.#catchUpEnd = 0;
    this.#outSlot = this.#slot;
    this.#decoder?.close();
    this.#decoder = undefined;
    this.#decoderConfigId = -1;
    this.#waitingKey = true;
    this.#lastSeq = -1;
    this.#checkQueue = [];
  }

  #setState(s: ViewState): void {
    const cur = this.#state as Record<string, unknown>;
    const next = s as Record<string, unknown>;
    const same =
      Object.keys(next).length === Object.keys(cur).length &&
      Object.keys(next).every((k) => cur[k] === next[k]);
    if (same) return;
    this.#state = s;
    this.opts.post({ type: 'view-state', viewId: this.opts.viewId, state: s });
  }

  #message(m: Exclude<ServerMessage, { type: 'pong' }>): void {
    switch (m.type) {
      case 'status':
        if (m.code === 'subscribed') {
          if (this.#state.state === 'connecting' || this.#state.state === 'error') {
            this.#setState({ state: 'waiting' });
          }
        } else if (m.code === 'not-found') this.#setState({ state: 'not-found' });
        else if (m.code === 'no-video') this.#setState({ state: 'no-video' });
        else this.#setState({ state: 'error', message: m.message || m.code });
        return;
      case 'config':
        this.#onConfig(m);
        return;
      case 'frame':
        this.#onFrame(m);
        return;
      default:
        return;
    }
  }

  #onConfig(c: ConfigMessage): void {
    this.#config = c;
    this.#support = 'checking';
    void checkSupport(c).then((support) => {
      if (this.#closed || this.#config !== c) return;
      const queued = this.#checkQueue;
      this.#checkQueue = [];
      if (support.ok) {
        this.#support = 'ok';
        if (this.#mode === 'keyframes') {
          // Decodable again (the camera changed codec): back to the whole stream.
          this.#mode = 'live';
          this.#resetStream();
          this.#subscribe();
          return;
        }
        for (const f of queued) this.#process(f);
        return;
      }
      this.#support = 'no';
      for (const f of queued) this.#consumed(f.seq);
      this.#painter.clear();
      this.#setState({ state: 'unsupported', codec: codecLabel(c), reason: support.reason });
      if (this.#mode === 'live') {
        // Nothing to show: take only a key frame now and then (to notice a codec change).
        this.#mode = 'keyframes';
        this.#resetStream();
        this.#subscribe();
      }
    });
  }

  #onFrame(f: FrameMessage): void {
    if (this.#lastSeq >= 0 && f.seq !== this.#lastSeq + 1 && this.#mode === 'live') {
      // Main dropped frames for us: the next one is a key frame, by main's rule.
      this.droppedByMain += Math.max(0, f.seq - this.#lastSeq - 1);
      this.#waitingKey = true;
    }
    this.#lastSeq = f.seq;
    if (this.#support === 'checking') {
      if (this.#checkQueue.length < MAX_CHECK_QUEUE) this.#checkQueue.push(f);
      else this.#drop(f);
      return;
    }
    this.#process(f);
  }

  #consumed(seq: number): void {
    const lease = this.#lease;
    lease?.channel.consumed(lease.sub, seq);
  }

  #drop(f: FrameMessage): void {
    this.droppedHere += 1;
    this.#consumed(f.seq);
  }

  #process(f: FrameMessage): void {
    const config = this.#config;
    if (this.#support !== 'ok' || !config) {
      this.#consumed(f.seq);
      return;
    }
    if (this.#waitingKey && !f.key) {
      this.#drop(f);
      return;
    }
    let d = this.#decoder;
    if (!d || d.closed || this.#decoderConfigId !== f.configId) {
      if (!f.key || f.configId !== config.configId) {
        this.#drop(f);
        return;
      }
      d?.close();
      // Nothing the old decoder held will come out.
      this.#outSlot = this.#slot;
      d = this.#makeDecoder(config);
      if (!d) {
        this.#drop(f);
        return;
      }
    } else if ((d.queueSize > MAX_DECODE_QUEUE && !this.#catchingUp) || this.#slot - this.#outSlot >= RING) {
      // Decoding cannot keep up (or every slot is taken, which main's limits should never
      // allow): skip to this key frame at once, or wait for the next one.
      if (!f.key) {
        this.#waitingKey = true;
        this.#drop(f);
        return;
      }
      d.reset();
      this.#outSlot = this.#slot;
      this.#catchUpEnd = 0;
    }
    const slot = this.#slot++;
    const i = slot % RING;
    this.#arrival[i] = f.arrival;
    this.#seq[i] = f.seq;
    this.#catchUp[i] = f.catchUp ? 1 : 0;
    if (f.catchUp) this.#catchUpEnd = slot + 1;
    try {
      d.decode(f, slot);
      this.#waitingKey = false;
    } catch (e) {
      this.#decoderFailed(`decode: ${(e as Error).message}`);
      this.#drop(f);
    }
  }

  #makeDecoder(config: ConfigMessage): FrameDecoder | undefined {
    try {
      const d = createDecoder(config, {
        output: (p, slot) => this.#output(p, slot),
        skipped: (slot) => {
          this.droppedHere += 1;
          this.#out(slot);
          this.#consumed(this.#seq[slot % RING]!);
        },
        error: (message) => this.#decoderFailed(message),
      });
      this.#decoder = d;
      this.#decoderConfigId = config.configId;
      return d;
    } catch (e) {
      this.#decoderFailed(`configure: ${(e as Error).message}`);
      return undefined;
    }
  }

  #decoderFailed(message: string): void {
    this.errors += 1;
    this.#catchUpEnd = 0;
    this.#outSlot = this.#slot;
    this.#decoder?.close();
    this.#decoder = undefined;
    this.#decoderConfigId = -1;
    this.#waitingKey = true;
    if (this.errors === 1 || this.errors % 100 === 0)
      console.warn(`camrelay live ${this.opts.cameraId}: ${message}`);
  }

  #output(p: Picture, slot: number): void {
    const i = slot % RING;
    this.decoded += 1;
    this.#out(slot);
    this.#consumed(this.#seq[i]!);
    if (this.#catchUp[i]) {
      p.close();
      return;
    }
    if (this.#closed) {
      p.close();
      return;
    }
    const s = this.#state;
    const width = 'displayWidth' in p ? p.displayWidth : p.width;
    const height = 'displayHeight' in p ? p.displayHeight : p.height;
    this.#painter.paint(p, slot);
    if (s.state !== 'playing' || s.width !== width || s.height !== height) {
      this.#setState({
        state: 'playing',
        codec: this.#config ? codecLabel(this.#config) : '',
        width,
        height,
      });
    }
  }

  /** Catch-up frames are in the decoder and not all out yet (no dropping for a slow decoder then). */
  get #catchingUp(): boolean {
    return this.#outSlot < this.#catchUpEnd;
  }

  #out(slot: number): void {
    if (slot + 1 > this.#outSlot) this.#outSlot = slot + 1;
  }

  #painted(slot: number): void {
    this.painted += 1;
    const offset = this.#lease?.channel.clock.offset;
    if (offset !== undefined) this.latency.record(wallNow() + offset - this.#arrival[slot % RING]!);
  }
}
