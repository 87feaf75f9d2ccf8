// DATA (0x0013, RFC 8656 §18.5): the application bytes of a Send or Data indication.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeData(w: StunWriter, data: Uint8Array): void {
  w.raw(Attr.DATA, data);
}

/** A view of the bytes, not a copy. */
export function decodeData(r: StunReader, i: number): Buffer {
  return r.value(i);
}
