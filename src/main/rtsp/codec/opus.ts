// Opus RTP depacketizer (RFC 7587): one Opus packet per RTP packet, 48 kHz RTP clock. The
// frame length comes from the TOC byte (RFC 6716 3.1); channels from `sprop-stereo`, else the
// rtpmap (which RFC 7587 fixes at 2); OpusHead (RFC 7845 5.1) as extraData.
import { RtspError } from '../error';
import { fmtpValue } from './aac';
import type { AudioFrame, AudioParameters, Depacketizer, Frame, MediaDescription, RtpPacket } from './types';

/** Samples at 48 kHz per Opus frame, by TOC config (RFC 6716 Table 2). */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config & 3]!; // SILK 10/20/40/60 ms
  if (config < 16) return [480, 960][config & 1]!; // Hybrid 10/20 ms
  return [120, 240, 480, 960][config & 3]!; // CELT 2.5/5/10/20 ms
}

/** Samples (48 kHz) in an Opus packet, or why it is malformed. */
export function opusPacketSamples(p: Buffer): number | string {
  if (p.length === 0) return 'empty Opus packet';
  const toc = p[0]!;
  const code = toc & 3;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code === 1 || code === 2) frames = 2;
  else {
    if (p.length < 2) return 'Opus code 3 packet without a frame count byte';
    frames = p[1]! & 0x3f;
    if (frames === 0) return 'Opus code 3 packet with zero frames';
  }
  const samples = frames * frameSamples(toc >> 3);
  return samples > 5760 ? `Opus packet of ${samples / 48} ms exceeds 120 ms` : samples;
}

export function opusHead(channels: number, inputSampleRate: number): Buffer {
  const h = Buffer.alloc(19);
  h.write('OpusHead', 0, 'latin1');
  h[8] = 1; // version
  h[9] = channels;
  h.writeUInt16LE(0, 10); // pre-skip: not known from RTP
  h.writeUInt32LE(inputSampleRate, 12);
  h.writeInt16LE(0, 16); // output gain
  h[18] = 0; // channel mapping family 0 (mono/stereo)
  return h;
}

export class OpusDepacketizer implements Depacketizer {
  readonly parameters: AudioParameters;
  private readonly ready: AudioFrame[] = [];
  private pendingLoss = 0;

  constructor(
    private readonly streamIndex: number,
    private readonly clockRate: number,
    channels: number,
    inputSampleRate: number,
  ) {
    this.parameters = {
      kind: 'audio',
      codec: 'opus',
      rfc6381Codec: 'opus',
      sampleRate: 48_000,
      channels,
      extraData: opusHead(channels, inputSampleRate),
    };
  }

  pull(): Frame | undefined {
    return this.ready.shift();
  }

  push(pkt: RtpPacket): RtspError | undefined {
    this.pendingLoss += pkt.loss;
    const samples = opusPacketSamples(pkt.payload);
    if (typeof samples === 'string') {
      return new RtspError('codec', `Opus: ${samples}`, { sequence: pkt.sequence, ssrc: pkt.ssrc });
    }
    this.ready.push({
      kind: 'audio',
      streamIndex: this.streamIndex,
      timestamp: pkt.timestamp,
      clockRate: this.clockRate,
      loss: this.pendingLoss,
      receivedAt: pkt.receivedAt,
      data: Buffer.from(pkt.payload),
      frameLength: samples,
    });
    this.pendingLoss = 0;
    return undefined;
  }
}

export function createOpusDepacketizer(media: MediaDescription, streamIndex: number): OpusDepacketizer {
  const stereo = fmtpValue(media.fmtp, 'sprop-stereo');
  // Without sprop-stereo, trust the rtpmap: decoding mono as stereo is harmless, the reverse not.
  const channels = stereo === '1' ? 2 : stereo === '0' ? 1 : Math.min(2, Math.max(1, media.channels ?? 2));
  const capture = Number(fmtpValue(media.fmtp, 'sprop-maxcapturerate'));
  const inputRate = Number.isInteger(capture) && capture >= 8000 && capture <= 48000 ? capture : 48_000;
  return new OpusDepacketizer(streamIndex, media.clockRate || 48_000, channels, inputRate);
}
