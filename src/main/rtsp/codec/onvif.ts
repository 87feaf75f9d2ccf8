// ONVIF metadata (`application` / `vnd.onvif.metadata`, ONVIF Streaming Spec 5.2.1): XML
// documents split across RTP packets; the marker bit ends each message. Payloads are copied
// into a reused buffer and each message is allocated once. A sequence gap drops the message in
// progress and counts into the next message's loss.
import { RtspError } from '../error';
import { NalArena } from './nal-arena';
import type {
  Depacketizer,
  Frame,
  MediaDescription,
  MessageFrame,
  MessageParameters,
  RtpPacket,
} from './types';

type State =
  | { kind: 'idle' }
  | { kind: 'collecting'; timestamp: number; receivedAt: number }
  | { kind: 'skipping' };

const IDLE: State = { kind: 'idle' };
const SKIPPING: State = { kind: 'skipping' };

export class OnvifMetadataDepacketizer implements Depacketizer {
  readonly parameters: MessageParameters = { kind: 'message', format: 'onvif-metadata' };
  private state: State = IDLE;
  private readonly buf: NalArena;
  private readonly ready: MessageFrame[] = [];
  private pendingLoss = 0;

  constructor(
    private readonly streamIndex: number,
    private readonly clockRate: number,
    maxMessageBytes = 4 * 1024 * 1024,
  ) {
    this.buf = new NalArena(maxMessageBytes);
  }

  pull(): Frame | undefined {
    return this.ready.shift();
  }

  push(pkt: RtpPacket): RtspError | undefined {
    if (pkt.loss > 0) {
      this.pendingLoss += pkt.loss;
      this.buf.reset();
      // The lost packets may have ended the previous message and begun this one.
      this.state = pkt.marker ? IDLE : SKIPPING;
      return undefined;
    }
    let st = this.state;
    if (st.kind === 'skipping') {
      if (pkt.marker) this.state = IDLE;
      return undefined;
    }
    if (st.kind === 'idle') {
      st = this.state = { kind: 'collecting', timestamp: pkt.timestamp, receivedAt: pkt.receivedAt };
    }
    if (!this.buf.append(pkt.payload, 0, pkt.payload.length)) {
      this.buf.reset();
      this.state = pkt.marker ? IDLE : SKIPPING;
      return new RtspError(
        'codec',
        `ONVIF metadata: message larger than ${this.buf.maxBytes} bytes; dropped`,
        {
          sequence: pkt.sequence,
          ssrc: pkt.ssrc,
        },
      );
    }
    if (pkt.marker) {
      const data = Buffer.allocUnsafe(this.buf.used);
      this.buf.buf.copy(data, 0, 0, this.buf.used);
      this.buf.reset();
      this.ready.push({
        kind: 'message',
        streamIndex: this.streamIndex,
        timestamp: st.timestamp,
        clockRate: this.clockRate,
        loss: this.pendingLoss,
        receivedAt: st.receivedAt,
        data,
      });
      this.pendingLoss = 0;
      this.state = IDLE;
    }
    return undefined;
  }
}

export function createOnvifDepacketizer(
  media: MediaDescription,
  streamIndex: number,
): OnvifMetadataDepacketizer {
  return new OnvifMetadataDepacketizer(streamIndex, media.clockRate || 90_000);
}
