// One viewer's peer connection (libdatachannel through node-datachannel: its DTLS, SRTP, ICE,
// H.264 packetizer, sender reports and NACK responder; no DTLS or SRTP of ours). It answers a
// WHEP offer with the plan's formats only, takes whole access units and audio frames with
// their RTP timestamps, and reports key-frame requests (PLI/FIR) and its end.
import ndc, { type PeerConnection, type RtpPacketizationConfig, type Track } from 'node-datachannel';
import type { AnswerPlan } from './answer-plan';
import { asksForKeyFrame } from './rtcp-feedback';

export interface PeerOptions {
  offerSdp: string;
  plan: AnswerPlan;
  /** The one UDP port every peer connection shares (ICE UDP mux). */
  port: number;
  /** Address to gather host candidates on (the TURN relay reaches us there). */
  bindAddress: string;
  /** Packets kept for answering NACKs (RtcpNackResponder). */
  nackBufferPackets: number;
  /** How long ICE gathering may take before the answer is sent anyway (ms). */
  gatherTimeoutMs: number;
  onKeyFrameRequest(): void;
  onClosed(): void;
}

export interface PeerStats {
  bytesSent: number;
  /** The remote candidate of the pair in use, when connected. */
  remote?: { address: string; port: number; type: string };
}

// Distinct SSRCs per track in one process; the browser tells streams apart by SSRC per peer.
let nextSsrc = 0x1000;

export class Peer {
  readonly #pc: PeerConnection;
  readonly #video: Track;
  readonly #videoConfig: RtpPacketizationConfig;
  readonly #audio: Track | undefined;
  readonly #audioConfig: RtpPacketizationConfig | undefined;
  #closed = false;

  private constructor(private readonly o: PeerOptions) {
    this.#pc = new ndc.PeerConnection('camrelay', {
      iceServers: [],
      bindAddress: o.bindAddress,
      enableIceUdpMux: true,
      portRangeBegin: o.port,
      portRangeEnd: o.port,
      disableAutoNegotiation: true,
    });
    const cname = 'camrelay';
    const v = new ndc.Video(o.plan.video.mid, 'SendOnly');
    v.addH264Codec(o.plan.video.payloadType, o.plan.video.fmtp);
    const vssrc = nextSsrc++;
    v.addSSRC(vssrc, cname, 'camrelay', 'video');
    this.#video = this.#pc.addTrack(v);
    this.#videoConfig = new ndc.RtpPacketizationConfig(vssrc, cname, o.plan.video.payloadType, 90000);
    const packetizer = new ndc.H264RtpPacketizer('Length', this.#videoConfig);
    packetizer.addToChain(new ndc.RtcpSrReporter(this.#videoConfig));
    packetizer.addToChain(new ndc.RtcpNackResponder(o.nackBufferPackets));
    this.#video.setMediaHandler(packetizer);
    this.#video.onMessage((msg) => {
      if (asksForKeyFrame(msg)) o.onKeyFrameRequest();
    });
    const a = o.plan.audio;
    if (a) {
      const m = new ndc.Audio(a.mid, 'SendOnly');
      if (a.codec === 'opus') m.addOpusCodec(a.payloadType);
      else m.addAudioCodec(a.payloadType, a.codec === 'pcmu' ? 'PCMU/8000' : 'PCMA/8000');
      const assrc = nextSsrc++;
      m.addSSRC(assrc, cname, 'camrelay', 'audio');
      this.#audio = this.#pc.addTrack(m);
      this.#audioConfig = new ndc.RtpPacketizationConfig(assrc, cname, a.payloadType, a.clockRate);
      const ap = new ndc.RtpPacketizer(this.#audioConfig);
      ap.addToChain(new ndc.RtcpSrReporter(this.#audioConfig));
      this.#audio.setMediaHandler(ap);
    }
    for (const m of o.plan.inactive) {
      if (m.kind === 'other' || !m.format) continue;
      const f = m.format;
      const codec = `${f.encoding}/${f.clockRate}${m.kind === 'audio' && f.channels > 1 ? `/${f.channels}` : ''}`;
      const media = m.kind === 'video' ? new ndc.Video(m.mid, 'Inactive') : new ndc.Audio(m.mid, 'Inactive');
      if (media instanceof ndc.Video) media.addVideoCodec(f.payloadType, codec);
      else media.addAudioCodec(f.payloadType, codec);
      this.#pc.addTrack(media);
    }
    this.#pc.onStateChange((state) => {
      if (state === 'failed' || state === 'closed' || state === 'disconnected') this.close();
    });
  }

  /** Answers the offer; resolves with the answer SDP once host candidates are gathered. */
  static async answer(o: PeerOptions): Promise<{ peer: Peer; answer: string }> {
    const peer = new Peer(o);
    const pc = peer.#pc;
    try {
      const gathered = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, o.gatherTimeoutMs);
        pc.onGatheringStateChange((s) => {
          if (s === 'complete') {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      pc.setRemoteDescription(o.offerSdp, 'offer');
      pc.setLocalDescription('answer');
      await gathered;
      const answer = pc.localDescription()?.sdp;
      if (!answer) throw new Error('libdatachannel produced no answer');
      return { peer, answer };
    } catch (err) {
      peer.close();
      throw err;
    }
  }

  get open(): boolean {
    return !this.#closed && this.#video.isOpen();
  }

  /** One access unit, NAL units with 4-byte length prefixes. */
  sendVideo(accessUnit: Buffer, rtpTimestamp: number): boolean {
    if (!this.open) return false;
    this.#videoConfig.timestamp = rtpTimestamp >>> 0;
    return this.#video.sendMessageBinary(accessUnit);
  }

  sendAudio(payload: Buffer, rtpTimestamp: number): boolean {
    if (this.#closed || !this.#audio?.isOpen() || !this.#audioConfig) return false;
    this.#audioConfig.timestamp = rtpTimestamp >>> 0;
    return this.#audio.sendMessageBinary(payload);
  }

  /** A trickled remote candidate (`candidate:...`) for the m-section `mid`. */
  addRemoteCandidate(candidate: string, mid: string): void {
    if (this.#closed) return;
    this.#pc.addRemoteCandidate(candidate, mid);
  }

  stats(): PeerStats {
    if (this.#closed) return { bytesSent: 0 };
    const pair = this.#pc.getSelectedCandidatePair();
    return {
      bytesSent: this.#pc.bytesSent(),
      ...(pair
        ? { remote: { address: pair.remote.address, port: pair.remote.port, type: pair.remote.type } }
        : {}),
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#pc.close();
    } finally {
      this.o.onClosed();
    }
  }
}
