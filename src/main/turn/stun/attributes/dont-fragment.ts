// DONT-FRAGMENT (0x001A, RFC 8656 §18.10): no value; its presence is the request.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeDontFragment(w: StunWriter): void {
  w.empty(Attr.DONT_FRAGMENT);
}

export function decodeDontFragment(r: StunReader): boolean {
  return r.find(Attr.DONT_FRAGMENT) >= 0;
}
