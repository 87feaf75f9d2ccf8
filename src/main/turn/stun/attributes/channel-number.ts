// CHANNEL-NUMBER (0x000C, RFC 8656 §18.1): 16-bit channel number then 16 RFFU bits.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeChannelNumber(w: StunWriter, channel: number): void {
  const off = w.attr(Attr.CHANNEL_NUMBER, 4);
  w.bytes.writeUInt16BE(channel, off);
}

export function decodeChannelNumber(r: StunReader, i: number): number | undefined {
  if (r.valueLength(i) !== 4) return undefined;
  return r.buf.readUInt16BE(r.valueOffset(i));
}
