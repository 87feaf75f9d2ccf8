// One camera session, many consumers. The camera manager's frame tap feeds `onFrame`; each
// frame is packetized once and handed to every attached consumer, which adds only its own
// RTP headers. A new consumer starts at the key frame of the GOP cache (the whole cached GOP,
// so it decodes at once). A camera reconnect (new streams) keeps every consumer attached: they
// resume at the session's first key frame with their timestamps continued. A consumer whose
// backlog (a TCP socket not draining) passes `maxBacklogBytes` gets nothing until the next key
// frame that finds it drained (counted as a drop), so its memory is bounded by that limit plus
// one frame and it never holds up the others; one stalled for `stalledCloseMs` is closed.
import { DEFAULT_GOP_LIMITS, GopCache, type GopLimits } from '../live/index';
import type { Frame, StreamInfo, VideoFrame } from '../rtsp/index';
import { packetizeJpeg } from './jpeg-packetizer';
import type { MediaUnit } from './media-unit';
import { keyFrameNalUnits, nalUnitsOf, parameterSetsOf } from './parameter-sets';
import {
  DEFAULT_MTU,
  type Payloads,
  packetizeAac,
  packetizeNalUnits,
  packetizeWhole,
} from './rtp-packetizer';
import { chooseTracks, mapTracks, type RestreamTrack } from './tracks';

export type { MediaUnit } from './media-unit';

export interface FanOutConsumer {
  /** Bytes accepted but not yet sent (a TCP socket's writableLength; 0 for UDP). */
  backlog(): number;
  /** `rebase`: the timestamp does not follow the previous unit of this track (start, reconnect). */
  deliver(unit: MediaUnit, rebase: boolean): void;
  /** The consumer stayed stalled too long; it should go away (detach is done). */
  stalled(): void;
}

export interface ConsumerStats {
  /** Times it was dropped to the next key frame for not draining. */
  drops: number;
  /** Frames it did not get because of that. */
  droppedFrames: number;
  /** Frames delivered. */
  frames: number;
}

export interface FanOutOptions {
  maxBacklogBytes?: number;
  /** A consumer over the backlog limit this long (by frame receive times) is closed. */
  stalledCloseMs?: number;
  gop?: Partial<GopLimits>;
  mtu?: number;
}

export interface Attachment {
  readonly stats: ConsumerStats;
  detach(): void;
}

interface Attached {
  consumer: FanOutConsumer;
  waitingForKey: boolean;
  rebase: boolean[];
  stats: ConsumerStats;
  /** receivedAt of the first frame refused for backlog since it last drained. */
  stalledSince: number | undefined;
}

export class FrameFanOut {
  readonly #attached = new Map<FanOutConsumer, Attached>();
  readonly #gop: GopCache;
  readonly #maxBacklog: number;
  readonly #stalledCloseMs: number;
  readonly #mtu: number;
  #tracks: RestreamTrack[] | undefined;
  #streams: readonly StreamInfo[] | undefined;
  /** Stream index of each track in the current session (-1: not in it). */
  #map: number[] = [];
  #setsFor: Uint8Array | undefined;
  #sets: Buffer[] = [];
  /** Sessions seen (1 on the first frame; grows with each reconnect). */
  sessions = 0;

  constructor(options: FanOutOptions = {}) {
    this.#maxBacklog = options.maxBacklogBytes ?? 1024 * 1024;
    this.#stalledCloseMs = options.stalledCloseMs ?? 30_000;
    this.#mtu = options.mtu ?? DEFAULT_MTU;
    this.#gop = new GopCache({ ...DEFAULT_GOP_LIMITS, ...options.gop });
  }

  /** The tracks offered; undefined until the camera's first session has sent a frame. */
  get tracks(): readonly RestreamTrack[] | undefined {
    return this.#tracks;
  }

  /** The current stream of each track (for the SDP's parameters). */
  currentStreams(): (StreamInfo | undefined)[] {
    return (this.#tracks ?? []).map((t) => {
      const i = this.#map[t.id] ?? -1;
      return i >= 0 ? this.#streams?.[i] : undefined;
    });
  }

  get consumers(): number {
    return this.#attached.size;
  }

  /** The camera manager's frame tap for this camera. */
  onFrame(frame: Frame, streams: readonly StreamInfo[]): void {
    if (streams !== this.#streams) this.#newSession(streams);
    const tracks = this.#tracks!;
    const id = this.#map.indexOf(frame.streamIndex);
    if (id < 0) return;
    const track = tracks[id]!;
    const key = frame.kind === 'video' && frame.isRandomAccessPoint;
    if (frame.kind === 'video') this.#gop.push(frame);
    if (this.#attached.size === 0) return;
    const unit = this.#unit(track, frame);
    if (unit.payloads.length === 0) return;
    for (const a of this.#attached.values()) this.#offer(a, unit, key, frame.receivedAt);
  }

  /** Adds a consumer; it gets the cached GOP now when there is a whole one. */
  attach(consumer: FanOutConsumer): Attachment {
    const a: Attached = {
      consumer,
      waitingForKey: this.#hasVideo(),
      rebase: (this.#tracks ?? []).map(() => true),
      stats: { drops: 0, droppedFrames: 0, frames: 0 },
      stalledSince: undefined,
    };
    this.#attached.set(consumer, a);
    const video = this.#tracks?.find((t) => t.media === 'video');
    const gop = this.#gop;
    if (video && gop.key && !gop.truncated && this.#map[video.id]! >= 0) {
      for (const f of gop.frames) {
        const unit = this.#unit(video, f);
        if (unit.payloads.length > 0) this.#offer(a, unit, f.isRandomAccessPoint, f.receivedAt);
      }
    }
    return {
      stats: a.stats,
      detach: () => {
        this.#attached.delete(consumer);
      },
    };
  }

  #hasVideo(): boolean {
    return this.#tracks?.some((t) => t.media === 'video' && this.#map[t.id]! >= 0) ?? true;
  }

  #offer(a: Attached, unit: MediaUnit, key: boolean, at: number): void {
    if (a.consumer.backlog() > this.#maxBacklog) {
      if (!a.waitingForKey) a.stats.drops += 1;
      a.waitingForKey = true;
      a.stats.droppedFrames += 1;
      a.stalledSince ??= at;
      if (at - a.stalledSince >= this.#stalledCloseMs) {
        this.#attached.delete(a.consumer);
        a.consumer.stalled();
      }
      return;
    }
    a.stalledSince = undefined;
    if (a.waitingForKey) {
      if (!key) {
        a.stats.droppedFrames += 1;
        return;
      }
      a.waitingForKey = false;
    }
    const rebase = a.rebase[unit.track] ?? true;
    a.rebase[unit.track] = false;
    a.stats.frames += 1;
    a.consumer.deliver(unit, rebase);
  }

  #newSession(streams: readonly StreamInfo[]): void {
    this.sessions += 1;
    this.#streams = streams;
    this.#gop.clear();
    if (this.#tracks === undefined || this.#tracks.length === 0) this.#tracks = chooseTracks(streams);
    this.#map = mapTracks(this.#tracks, streams);
    const video = this.#hasVideo();
    for (const a of this.#attached.values()) {
      a.waitingForKey = video;
      a.rebase.fill(true);
      while (a.rebase.length < this.#tracks.length) a.rebase.push(true);
    }
  }

  #unit(track: RestreamTrack, frame: Frame): MediaUnit {
    let payloads: Payloads;
    if (track.codec === 'h264' || track.codec === 'h265') {
      let nals = nalUnitsOf(frame.data);
      if ((frame as VideoFrame).isRandomAccessPoint)
        nals = keyFrameNalUnits(track.codec, nals, this.#setsOf(track));
      payloads = packetizeNalUnits(track.codec, nals, this.#mtu);
    } else if (track.codec === 'jpeg') payloads = packetizeJpeg(frame.data, this.#mtu);
    else if (track.codec === 'aac') payloads = packetizeAac(frame.data, this.#mtu);
    else payloads = packetizeWhole(frame.data, this.#mtu);
    return {
      track: track.id,
      payloads,
      timestamp: frame.timestamp,
      receivedAt: frame.receivedAt,
      clockRate: frame.clockRate,
      video: track.media === 'video',
    };
  }

  /** The current parameter sets of the video track (re-read when the record changes). */
  #setsOf(track: RestreamTrack): Buffer[] {
    const p = this.#streams?.[this.#map[track.id]!]?.parameters;
    if (p?.kind !== 'video' || (track.codec !== 'h264' && track.codec !== 'h265')) return [];
    if (p.extraData !== this.#setsFor) {
      this.#setsFor = p.extraData;
      this.#sets = parameterSetsOf(track.codec, p.extraData);
    }
    return this.#sets;
  }
}
