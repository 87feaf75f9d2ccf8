// EVEN-PORT (0x0018, RFC 8656 §18.8): one byte whose top bit R asks to reserve port + 1.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeEvenPort(w: StunWriter, reserveNext: boolean): void {
  const off = w.attr(Attr.EVEN_PORT, 1);
  w.bytes[off] = reserveNext ? 0x80 : 0;
}

/** `{ reserveNext }`, or undefined when malformed. */
export function decodeEvenPort(r: StunReader, i: number): { reserveNext: boolean } | undefined {
  if (r.valueLength(i) < 1) return undefined;
  return { reserveNext: (r.buf[r.valueOffset(i)]! & 0x80) !== 0 };
}
