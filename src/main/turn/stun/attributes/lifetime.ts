// LIFETIME (0x000D, RFC 8656 §18.4): seconds, 32-bit unsigned.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeLifetime(w: StunWriter, seconds: number): void {
  w.u32(Attr.LIFETIME, seconds);
}

export function decodeLifetime(r: StunReader, i: number): number | undefined {
  if (r.valueLength(i) !== 4) return undefined;
  return r.buf.readUInt32BE(r.valueOffset(i));
}
