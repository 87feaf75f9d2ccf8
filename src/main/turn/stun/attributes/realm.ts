// REALM (0x0014): a UTF-8 string of at most 763 bytes (RFC 8489 §14).
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export const REALM_MAX_BYTES = 763;

export function encodeRealm(w: StunWriter, value: string): void {
  w.utf8(Attr.REALM, value);
}

/** The value, or undefined when it is longer than the limit (a 400). */
export function decodeRealm(r: StunReader, i: number): string | undefined {
  const len = r.valueLength(i);
  if (len > REALM_MAX_BYTES) return undefined;
  const off = r.valueOffset(i);
  return r.buf.toString('utf8', off, off + len);
}
