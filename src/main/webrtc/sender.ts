// The WebRTC sender: every viewer of a camera is fed from the camera's one session (the
// camera manager's frame tap), never from a session of its own. A viewer joins at the cached
// key frame (the GOP since is sent with it), waits for the next key frame when it asks for one
// (PLI/FIR; lost packets are sent again from libdatachannel's NACK buffer), and ends when its
// peer connection does. A viewer that fails ends alone: the camera's session never sees it.
import { randomUUID } from 'node:crypto';
import { type Logger, silentLogger } from '../../shared/engine-log';
import { DEFAULT_GOP_LIMITS, type FrameTap, type GopLimits } from '../live';
import type { Frame, StreamInfo, VideoFrame } from '../rtsp';
import { planAnswer } from './answer-plan';
import { CameraSource } from './camera-source';
import { WebRtcError } from './errors';
import { parseOffer } from './offer';
import { Peer } from './peer';
import type { TrickleFragment } from './trickle';

export interface WebRtcSenderOptions {
  /** The UDP port all peer connections share (ICE UDP mux). */
  port: number;
  /** Address host candidates are gathered on. */
  bindAddress: string;
  /** Packets per viewer kept to answer NACKs (default 512: ~1 s at 4 Mbit/s). */
  nackBufferPackets?: number;
  maxViewers?: number;
  gop?: Partial<GopLimits>;
  now?: () => number;
  /**
   * Called with each video frame's RTP timestamp as it is handed to the viewers of a camera
   * (a diagnostic: the latency benchmark pairs it with the browser's rtpTimestamp).
   */
  videoSent?: (cameraId: string, rtpTimestamp: number) => void;
  /** Diagnostics (component `webrtc`): viewers opened and ended, key frame requests, failures. */
  logger?: Logger;
}

export interface ViewerInfo {
  id: string;
  cameraId: string;
  /** What the caller tagged the viewer with (the share id). */
  tag: string;
  since: number;
  /** The viewer's address as the peer connection sees it (the TURN relay's when relayed). */
  remote?: string;
  relayed: boolean;
  bytesSent: number;
  framesSent: number;
  framesDropped: number;
  keyFrameRequests: number;
}

interface Viewer {
  info: ViewerInfo;
  peer: Peer;
  source: CameraSource;
  /** Relay candidate addresses of the offer and trickled ones: a pair with one of them is relayed. */
  relayAddresses: string[];
  iceUfrag: string | undefined;
  mids: ReadonlySet<string>;
  started: boolean;
  waitingKey: boolean;
}

export class WebRtcSender {
  readonly #sources = new Map<string, CameraSource>();
  readonly #viewers = new Map<string, Viewer>();
  readonly #byCamera = new Map<string, Set<Viewer>>();
  readonly #gop: GopLimits;
  readonly #now: () => number;
  #closed = false;
  #failures = 0;
  readonly #log: Logger;

  constructor(private readonly o: WebRtcSenderOptions) {
    this.#gop = { ...DEFAULT_GOP_LIMITS, ...o.gop };
    this.#now = o.now ?? Date.now;
    this.#log = o.logger ?? silentLogger;
  }

  get port(): number {
    return this.o.port;
  }

  get bindAddress(): string {
    return this.o.bindAddress;
  }

  /** The per-frame hook for one camera (added to the camera manager's frame tap). */
  readonly frameTap = (cameraId: string): FrameTap => {
    const source = this.#source(cameraId);
    return (frame, streams) => this.#onFrame(cameraId, source, frame, streams);
  };

  /** Whether the camera currently sends H.264 a viewer can be given. */
  canServe(cameraId: string): boolean {
    return this.#sources.get(cameraId)?.avc !== undefined;
  }

  /** Audio the viewer will not get, in words, when the camera's audio cannot be passed through. */
  audioNote(cameraId: string): string | undefined {
    return this.#sources.get(cameraId)?.audioNote;
  }

  /** Answers a WHEP offer for a camera. Throws WebRtcError ('bad-offer', 'no-video', ...). */
  async open(cameraId: string, offerSdp: string, tag: string): Promise<{ id: string; answer: string }> {
    if (this.#closed) throw new WebRtcError('closed', 'the WebRTC sender is shutting down');
    if (this.#viewers.size >= (this.o.maxViewers ?? 64))
      throw new WebRtcError('too-many-viewers', 'too many WebRTC viewers at once');
    const parsed = parseOffer(offerSdp);
    if (!parsed.ok) throw new WebRtcError('bad-offer', parsed.reason);
    const source = this.#source(cameraId);
    const avc = source.avc;
    if (!avc) throw new WebRtcError('no-video', 'the camera is not sending H.264 video right now');
    const planned = planAnswer(parsed.offer, avc.profileLevelId, source.audio);
    if (!planned.ok) throw new WebRtcError('bad-offer', planned.reason);
    const id = randomUUID();
    let viewer: Viewer | undefined;
    const { peer, answer } = await Peer.answer({
      offerSdp,
      plan: planned.plan,
      port: this.o.port,
      bindAddress: this.o.bindAddress,
      nackBufferPackets: this.o.nackBufferPackets ?? 512,
      gatherTimeoutMs: 2000,
      onKeyFrameRequest: () => {
        if (!viewer) return;
        viewer.info.keyFrameRequests += 1;
        viewer.waitingKey = true;
        this.#log.debug('key frame requested (PLI/FIR)', { viewer: id, camera: cameraId });
      },
      onClosed: () => this.#forget(id),
    });
    viewer = {
      info: {
        id,
        cameraId,
        tag,
        since: this.#now(),
        relayed: false,
        bytesSent: 0,
        framesSent: 0,
        framesDropped: 0,
        keyFrameRequests: 0,
      },
      peer,
      source,
      relayAddresses: parsed.offer.media.flatMap((m) =>
        m.candidates.filter((c) => c.type === 'relay').map((c) => c.address),
      ),
      iceUfrag: parsed.offer.iceUfrag,
      mids: new Set(parsed.offer.media.map((m) => m.mid)),
      started: false,
      waitingKey: true,
    };
    if (this.#closed) {
      peer.close();
      throw new WebRtcError('closed', 'the WebRTC sender is shutting down');
    }
    this.#viewers.set(id, viewer);
    const set = this.#byCamera.get(cameraId) ?? new Set<Viewer>();
    this.#byCamera.set(cameraId, set);
    set.add(viewer);
    this.#log.info('viewer opened', {
      viewer: id,
      camera: cameraId,
      tag,
      audio: planned.plan.audio?.codec ?? 'none',
      candidates: parsed.offer.media.reduce((n, m) => n + m.candidates.length, 0),
    });
    return { id, answer };
  }

  /** Ends a viewer at once; false when there is no such viewer. */
  end(id: string): boolean {
    const v = this.#viewers.get(id);
    if (!v) return false;
    v.peer.close();
    return true;
  }

  /** Ends every viewer whose tag is `tag` (a revoked or expired share). */
  endTagged(tag: string): number {
    let n = 0;
    for (const v of [...this.#viewers.values()]) {
      if (v.info.tag === tag) {
        v.peer.close();
        n++;
      }
    }
    return n;
  }

  /**
   * Trickled candidates of a viewer (WHEP PATCH). 'restart' when the fragment carries other ICE
   * credentials than the offer (an ICE restart, which is not supported), 'bad-mid' when a
   * candidate names an m-section the offer did not have.
   */
  addRemoteCandidates(id: string, fragment: TrickleFragment): 'ok' | 'no-session' | 'restart' | 'bad-mid' {
    const v = this.#viewers.get(id);
    if (!v) return 'no-session';
    if (fragment.ufrag !== undefined && v.iceUfrag !== undefined && fragment.ufrag !== v.iceUfrag)
      return 'restart';
    if (fragment.candidates.some((c) => !v.mids.has(c.mid))) return 'bad-mid';
    for (const c of fragment.candidates) {
      if (c.type === 'relay') v.relayAddresses.push(c.address);
      v.peer.addRemoteCandidate(c.candidate, c.mid);
    }
    return 'ok';
  }

  has(id: string): boolean {
    return this.#viewers.has(id);
  }

  viewers(): ViewerInfo[] {
    const out: ViewerInfo[] = [];
    for (const v of this.#viewers.values()) {
      const s = v.peer.stats();
      v.info.bytesSent = s.bytesSent || v.info.bytesSent;
      if (s.remote) {
        v.info.remote = `${s.remote.address}:${s.remote.port}`;
        v.info.relayed = s.remote.type === 'relay' || v.relayAddresses.includes(s.remote.address);
      }
      out.push({ ...v.info });
    }
    return out;
  }

  close(): void {
    this.#closed = true;
    for (const v of [...this.#viewers.values()]) v.peer.close();
    for (const s of this.#sources.values()) s.forget();
  }

  #source(cameraId: string): CameraSource {
    const s = this.#sources.get(cameraId) ?? new CameraSource(this.#gop);
    this.#sources.set(cameraId, s);
    return s;
  }

  #forget(id: string): void {
    const v = this.#viewers.get(id);
    if (!v) return;
    this.#log.info('viewer ended', {
      viewer: id,
      camera: v.info.cameraId,
      tag: v.info.tag,
      framesSent: v.info.framesSent,
      framesDropped: v.info.framesDropped,
      keyFrameRequests: v.info.keyFrameRequests,
    });
    this.#viewers.delete(id);
    this.#byCamera.get(v.info.cameraId)?.delete(v);
  }

  #onFrame(cameraId: string, source: CameraSource, frame: Frame, streams: readonly StreamInfo[]): void {
    const kind = source.accept(frame, streams);
    const viewers = this.#byCamera.get(cameraId);
    if (kind === undefined || viewers === undefined || viewers.size === 0) return;
    if (kind === 'audio') {
      for (const v of viewers) {
        try {
          if (v.started) v.peer.sendAudio(frame.data, frame.timestamp);
        } catch (err) {
          this.#fail(v, err);
        }
      }
      return;
    }
    const video = frame as VideoFrame;
    this.o.videoSent?.(cameraId, video.timestamp >>> 0);
    for (const v of viewers) {
      // A viewer's failure ends that viewer, never the camera's session.
      try {
        this.#offer(v, video);
      } catch (err) {
        this.#fail(v, err);
      }
    }
  }

  #fail(v: Viewer, err: unknown): void {
    this.#failures += 1;
    this.#log.warn('viewer ended: sending failed', { viewer: v.info.id, error: (err as Error)?.message });
    v.peer.close();
  }

  /** Viewers ended because sending to them threw (libdatachannel refused a frame). */
  get failures(): number {
    return this.#failures;
  }

  #offer(v: Viewer, frame: VideoFrame): void {
    if (!v.peer.open) return;
    if (!v.started) {
      // Join at the cached key frame: the whole GOP up to this frame, so video appears at once.
      const gop = v.source.gop.frames;
      if (gop.length === 0) return;
      for (const f of gop) this.#send(v, f);
      v.started = true;
      v.waitingKey = v.source.gop.truncated;
      return;
    }
    if (v.waitingKey && !frame.isRandomAccessPoint) {
      v.info.framesDropped += 1;
      return;
    }
    v.waitingKey = false;
    this.#send(v, frame);
  }

  #send(v: Viewer, frame: VideoFrame): void {
    if (v.peer.sendVideo(v.source.bytesOf(frame), frame.timestamp)) v.info.framesSent += 1;
  }
}
