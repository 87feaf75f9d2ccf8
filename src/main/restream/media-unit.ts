// What the fan-out hands its consumers: one packetized frame of one track, and the frame's
// packets laid out TCP-interleaved once for every consumer. Types only (a leaf: the fan-out
// and the RTP sender both use them).
import type { Payloads } from './rtp-packetizer';

/** One packetized frame of one track. */
export interface MediaUnit {
  track: number;
  payloads: Payloads;
  /** The camera's extended RTP timestamp. */
  timestamp: number;
  /** Receive time of the frame (monotonic ms), to continue timestamps across a gap. */
  receivedAt: number;
  clockRate: number;
  /** Video: the marker bit goes on the last payload. */
  video: boolean;
  /** The packets TCP-interleaved once for every consumer, which fill in only their headers
   * (rtp-sender.ts); made by the first TCP consumer that needs it. */
  interleaved?: InterleavedTemplate;
}

/**
 * A unit's packets TCP-interleaved in one buffer (`$`, channel, length, RTP header, payload
 * each), written once per frame: each consumer fills in its own sequence numbers, timestamp
 * and SSRC and writes the same buffer. Copying the payloads once per frame instead of once per
 * consumer is most of the fan-out's user time.
 */
export interface InterleavedTemplate {
  buf: Buffer;
  channel: number;
  /** Offset of each packet's RTP header in `buf`. */
  headers: number[];
  payloadBytes: number;
  /** A socket still holds `buf` (its write did not complete at once): fill a copy instead. */
  held: boolean;
}
