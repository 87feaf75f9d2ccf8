// REQUESTED-ADDRESS-FAMILY (0x0017, RFC 8656 §18.6): 0x01 IPv4, 0x02 IPv6, then 3 RFFU bytes.
import { Attr, FAMILY_IPV4, FAMILY_IPV6 } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeRequestedAddressFamily(w: StunWriter, family: 4 | 6): void {
  const off = w.attr(Attr.REQUESTED_ADDRESS_FAMILY, 4);
  w.bytes[off] = family === 4 ? FAMILY_IPV4 : FAMILY_IPV6;
}

/** 4 or 6; 0 for an unknown family value (a 440); undefined when malformed (a 400). */
export function decodeRequestedAddressFamily(r: StunReader, i: number): 4 | 6 | 0 | undefined {
  if (r.valueLength(i) !== 4) return undefined;
  const v = r.buf[r.valueOffset(i)];
  return v === FAMILY_IPV4 ? 4 : v === FAMILY_IPV6 ? 6 : 0;
}
