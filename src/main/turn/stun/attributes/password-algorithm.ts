// PASSWORD-ALGORITHM (0x001D, RFC 8489 §14.12): the algorithm the client chose.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodePasswordAlgorithm(w: StunWriter, algorithm: number): void {
  const off = w.attr(Attr.PASSWORD_ALGORITHM, 4);
  w.bytes.writeUInt16BE(algorithm, off);
}

export function decodePasswordAlgorithm(r: StunReader, i: number): number | undefined {
  if (r.valueLength(i) < 4) return undefined;
  const off = r.valueOffset(i);
  const paramLen = r.buf.readUInt16BE(off + 2);
  if (4 + paramLen > r.valueLength(i)) return undefined;
  return r.buf.readUInt16BE(off);
}
