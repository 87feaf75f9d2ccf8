// SOFTWARE (0x8022): a UTF-8 string of at most 763 bytes (RFC 8489 §14).
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export const SOFTWARE_MAX_BYTES = 763;

export function encodeSoftware(w: StunWriter, value: string): void {
  w.utf8(Attr.SOFTWARE, value);
}

/** The value, or undefined when it is longer than the limit (a 400). */
export function decodeSoftware(r: StunReader, i: number): string | undefined {
  const len = r.valueLength(i);
  if (len > SOFTWARE_MAX_BYTES) return undefined;
  const off = r.valueOffset(i);
  return r.buf.toString('utf8', off, off + len);
}
