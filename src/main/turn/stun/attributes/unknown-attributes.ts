// UNKNOWN-ATTRIBUTES (0x000A, RFC 8489 §14.9): the 16-bit types a 420 answer lists.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeUnknownAttributes(w: StunWriter, types: readonly number[]): void {
  const off = w.attr(Attr.UNKNOWN_ATTRIBUTES, 2 * types.length);
  types.forEach((t, k) => {
    w.bytes.writeUInt16BE(t, off + 2 * k);
  });
}

export function decodeUnknownAttributes(r: StunReader, i: number): number[] | undefined {
  const len = r.valueLength(i);
  if (len % 2 !== 0) return undefined;
  const off = r.valueOffset(i);
  const out: number[] = [];
  for (let k = 0; k < len; k += 2) out.push(r.buf.readUInt16BE(off + k));
  return out;
}
