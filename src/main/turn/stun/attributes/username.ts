// USERNAME (0x0006): a UTF-8 string of at most 513 bytes (RFC 8489 §14).
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export const USERNAME_MAX_BYTES = 513;

export function encodeUsername(w: StunWriter, value: string): void {
  w.utf8(Attr.USERNAME, value);
}

/** The value, or undefined when it is longer than the limit (a 400). */
export function decodeUsername(r: StunReader, i: number): string | undefined {
  const len = r.valueLength(i);
  if (len > USERNAME_MAX_BYTES) return undefined;
  const off = r.valueOffset(i);
  return r.buf.toString('utf8', off, off + len);
}
