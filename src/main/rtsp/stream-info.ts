// What DESCRIBE tells about each stream, and whether we can depacketize it.
import type { Depacketizer, MediaDescription, StreamParameters } from './codec/types';

export class StreamInfo {
  constructor(
    readonly index: number,
    /** SDP media type: video, audio, application, ... */
    readonly media: string,
    /** Control URL resolved against the base (no credentials). */
    readonly control: string,
    /** Present when the SDP section is usable RTP. */
    readonly description: MediaDescription | undefined,
    /** Why the stream cannot be depacketized, if it cannot. */
    readonly unsupportedReason: string | undefined,
    /** @internal the depacketizer made at describe time (parameters from SDP). */
    readonly depacketizer: Depacketizer | undefined,
    /** The SDP gives a multicast address for it (a server that may offer nothing else). */
    readonly multicast = false,
  ) {}

  get supported(): boolean {
    return this.depacketizer !== undefined;
  }
  get encodingName(): string {
    return this.description?.encodingName ?? '';
  }
  get payloadType(): number | undefined {
    return this.description?.payloadType;
  }
  get clockRate(): number | undefined {
    return this.description?.clockRate;
  }
  get channels(): number | undefined {
    return this.description?.channels;
  }
  get frameRate(): number | undefined {
    return this.description?.frameRate;
  }
  get fmtp(): Record<string, string> {
    return this.description?.fmtp ?? {};
  }
  /** Codec parameters when known (from the SDP, or in-band once frames flow). */
  get parameters(): StreamParameters | undefined {
    return this.depacketizer?.parameters;
  }

  toJSON(): object {
    return {
      index: this.index,
      media: this.media,
      encodingName: this.encodingName,
      payloadType: this.payloadType,
      clockRate: this.clockRate,
      channels: this.channels,
      frameRate: this.frameRate,
      control: this.control,
      supported: this.supported,
      unsupportedReason: this.unsupportedReason,
    };
  }
}
