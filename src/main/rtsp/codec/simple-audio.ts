// Sample-based audio (RFC 3551): G.711 A-law / µ-law (PCMA / PCMU), L16, G.722 and G.726.
// One frame per packet, its payload copied once; frameLength (samples per channel) follows
// from the payload size. G.722 quirk: the SDP clock rate is 8000 (RFC 3551 4.5.2, kept for
// RTP timestamps) while the audio is sampled at 16 kHz: frameLength counts 16 kHz samples.
import { RtspError } from '../error';
import type {
  AudioCodec,
  AudioFrame,
  AudioParameters,
  Depacketizer,
  Frame,
  MediaDescription,
  RtpPacket,
} from './types';

interface Format {
  codec: AudioCodec;
  /** Bits per sample per channel. */
  bitsPerSample: number;
  /** Audio sample rate (may differ from the RTP clock rate: G.722). */
  sampleRate: number;
  channels: number;
}

export class SimpleAudioDepacketizer implements Depacketizer {
  readonly parameters: AudioParameters;
  private readonly ready: AudioFrame[] = [];
  private pendingLoss = 0;

  constructor(
    private readonly streamIndex: number,
    private readonly clockRate: number,
    private readonly format: Format,
  ) {
    this.parameters = {
      kind: 'audio',
      codec: format.codec,
      sampleRate: format.sampleRate,
      channels: format.channels,
      extraData: Buffer.alloc(0),
    };
  }

  pull(): Frame | undefined {
    return this.ready.shift();
  }

  push(pkt: RtpPacket): RtspError | undefined {
    this.pendingLoss += pkt.loss;
    const p = pkt.payload;
    const bitsPerFrame = this.format.bitsPerSample * this.format.channels;
    const samples = Math.floor((p.length * 8) / bitsPerFrame);
    if (samples === 0) {
      return new RtspError('codec', `${this.format.codec}: payload of ${p.length} bytes holds no sample`, {
        sequence: pkt.sequence,
        ssrc: pkt.ssrc,
      });
    }
    this.ready.push({
      kind: 'audio',
      streamIndex: this.streamIndex,
      timestamp: pkt.timestamp,
      clockRate: this.clockRate,
      loss: this.pendingLoss,
      receivedAt: pkt.receivedAt,
      data: Buffer.from(p),
      frameLength: samples,
    });
    this.pendingLoss = 0;
    return undefined;
  }
}

/** Builds a depacketizer for a sample-based encoding, undefined if the name is not one. */
export function createSimpleAudioDepacketizer(
  media: MediaDescription,
  streamIndex: number,
  encoding: string,
): SimpleAudioDepacketizer | string | undefined {
  const channels = media.channels ?? 1;
  if (channels < 1 || channels > 8) return `${encoding} with ${channels} channels is not supported`;
  const clock = media.clockRate || 8000;
  let format: Format;
  const g726 = /^(?:AAL2-)?G726-(16|24|32|40)$/.exec(encoding);
  if (encoding === 'PCMA' || encoding === 'PCMU') {
    format = { codec: encoding === 'PCMA' ? 'pcma' : 'pcmu', bitsPerSample: 8, sampleRate: clock, channels };
  } else if (encoding === 'L16') {
    format = { codec: 'l16', bitsPerSample: 16, sampleRate: clock, channels };
  } else if (encoding === 'G722') {
    // 8000 in the SDP means 16 kHz audio (RFC 3551 4.5.2): 4 bits per 16 kHz sample.
    format = { codec: 'g722', bitsPerSample: 4, sampleRate: clock === 8000 ? 16000 : clock, channels };
  } else if (g726) {
    format = { codec: 'g726', bitsPerSample: Number(g726[1]) / 8, sampleRate: clock, channels };
  } else {
    return undefined;
  }
  return new SimpleAudioDepacketizer(streamIndex, clock, format);
}
