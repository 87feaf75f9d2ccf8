// RESERVATION-TOKEN (0x0022, RFC 8656 §18.9): 8 opaque bytes naming a reserved relay port.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeReservationToken(w: StunWriter, token: Uint8Array): void {
  w.raw(Attr.RESERVATION_TOKEN, token.subarray(0, 8));
}

/** The token as 16 hex characters (a map key), or undefined when malformed. */
export function decodeReservationToken(r: StunReader, i: number): string | undefined {
  if (r.valueLength(i) !== 8) return undefined;
  const off = r.valueOffset(i);
  return r.buf.toString('hex', off, off + 8);
}
