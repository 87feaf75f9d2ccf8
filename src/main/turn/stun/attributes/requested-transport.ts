// REQUESTED-TRANSPORT (0x0019, RFC 8656 §18.11): protocol number (17 = UDP) then 3 RFFU bytes.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeRequestedTransport(w: StunWriter, protocol: number): void {
  const off = w.attr(Attr.REQUESTED_TRANSPORT, 4);
  w.bytes[off] = protocol;
}

export function decodeRequestedTransport(r: StunReader, i: number): number | undefined {
  if (r.valueLength(i) !== 4) return undefined;
  return r.buf[r.valueOffset(i)];
}
