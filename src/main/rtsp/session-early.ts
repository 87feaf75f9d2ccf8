// Packets that arrive before the PLAY response creates the streams' receivers (some cameras
// send first: v4l2rtspserver RTP, Reolink RTCP SR), kept by the set-up stage and replayed by
// the playing one. Bounded: past MAX_EARLY they are counted and dropped.

export interface EarlyPacket {
  index: number;
  rtcp: boolean;
  buf: Buffer;
}

const MAX_EARLY = 2048;

export class EarlyPackets {
  private kept: EarlyPacket[] = [];
  dropped = 0;

  /** Keeps a copy (`payload` may be a reused read buffer); false when full (dropped). */
  keep(index: number, rtcp: boolean, payload: Buffer): boolean {
    if (this.kept.length >= MAX_EARLY) {
      this.dropped++;
      return false;
    }
    this.kept.push({ index, rtcp, buf: Buffer.from(payload) });
    return true;
  }

  /** Everything kept so far, in arrival order; the buffer is empty afterwards. */
  take(): EarlyPacket[] {
    const kept = this.kept;
    this.kept = [];
    return kept;
  }
}
