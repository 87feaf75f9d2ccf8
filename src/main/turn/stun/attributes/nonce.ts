// NONCE (0x0015): a UTF-8 string of at most 763 bytes (RFC 8489 §14).
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export const NONCE_MAX_BYTES = 763;

export function encodeNonce(w: StunWriter, value: string): void {
  w.utf8(Attr.NONCE, value);
}

/** The value, or undefined when it is longer than the limit (a 400). */
export function decodeNonce(r: StunReader, i: number): string | undefined {
  const len = r.valueLength(i);
  if (len > NONCE_MAX_BYTES) return undefined;
  const off = r.valueOffset(i);
  return r.buf.toString('utf8', off, off + len);
}
