// One consumer's RTP numbering for one track: its own SSRC, sequence numbers that never skip
// (a frame it did not get was never numbered), and timestamps that follow the camera's
// spacing and, across a gap it did not see (start, camera reconnect), continue from its last
// one by the wall time elapsed. Writes the 12-byte header in front of each shared payload.
import { randomBytes } from 'node:crypto';
import type { MediaUnit } from './fan-out';

export class RtpTrackSender {
  readonly ssrc: number;
  sequence: number;
  #offset = 0;
  #lastOut: number;
  #lastReceivedAt = 0;
  #started = false;
  packets = 0;
  bytes = 0;

  constructor(readonly payloadType: number) {
    const r = randomBytes(10);
    this.ssrc = r.readUInt32BE(0);
    this.sequence = r.readUInt16BE(4);
    this.#lastOut = r.readUInt32BE(6);
  }

  /** The timestamp the next unit will get if it starts the stream (for RTP-Info). */
  get nextTimestamp(): number {
    return this.#lastOut >>> 0;
  }

  /** Output timestamp (32 bits) of a unit. */
  timestampOf(unit: MediaUnit, rebase: boolean): number {
    if (rebase || !this.#started) {
      const elapsed = this.#started ? (unit.receivedAt - this.#lastReceivedAt) * (unit.clockRate / 1000) : 0;
      const out = this.#lastOut + Math.max(this.#started ? 1 : 0, Math.round(elapsed));
      this.#offset = out - unit.timestamp;
      this.#started = true;
    }
    const ts = unit.timestamp + this.#offset;
    this.#lastOut = ts;
    this.#lastReceivedAt = unit.receivedAt;
    return ts >>> 0;
  }

  /**
   * The unit's packets, each as [prefix][12-byte header][payload], in one buffer: `prefix` is 4
   * for TCP interleaved (`$`, channel, length) and 0 for UDP (then use `packetAt`).
   */
  writeUnit(unit: MediaUnit, rebase: boolean, channel: number | undefined): Buffer[] {
    const ts = this.timestampOf(unit, rebase);
    const out: Buffer[] = [];
    const n = unit.payloads.length;
    for (let i = 0; i < n; i++) {
      const payload = unit.payloads[i]!;
      const prefix = channel === undefined ? 0 : 4;
      const p = Buffer.allocUnsafe(prefix + 12 + payload.length);
      if (prefix) {
        p[0] = 0x24;
        p[1] = channel! & 0xff;
        p.writeUInt16BE(12 + payload.length, 2);
      }
      // Video: the access unit's last packet; AAC: a whole unit's (or its last fragment's).
      const marker = i === n - 1;
      p[prefix] = 0x80;
      p[prefix + 1] = (marker ? 0x80 : 0) | (this.payloadType & 0x7f);
      p.writeUInt16BE(this.sequence, prefix + 2);
      p.writeUInt32BE(ts, prefix + 4);
      p.writeUInt32BE(this.ssrc, prefix + 8);
      payload.copy(p, prefix + 12);
      this.sequence = (this.sequence + 1) & 0xffff;
      this.packets += 1;
      this.bytes += payload.length;
      out.push(p);
    }
    return out;
  }
}
