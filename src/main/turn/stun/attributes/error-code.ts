// ERROR-CODE (0x0009, RFC 8489 §14.8): class (hundreds) and number, then a UTF-8 reason phrase.
import { Attr, REASON } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export function encodeErrorCode(w: StunWriter, code: number, reason = REASON[code] ?? 'Error'): void {
  const text = Buffer.from(reason, 'utf8').subarray(0, 763);
  const off = w.attr(Attr.ERROR_CODE, 4 + text.length);
  w.bytes[off + 2] = Math.floor(code / 100) & 0x07;
  w.bytes[off + 3] = code % 100;
  w.bytes.set(text, off + 4);
}

export function decodeErrorCode(r: StunReader, i: number): { code: number; reason: string } | undefined {
  const len = r.valueLength(i);
  if (len < 4) return undefined;
  const off = r.valueOffset(i);
  const code = (r.buf[off + 2]! & 0x07) * 100 + r.buf[off + 3]!;
  return { code, reason: r.buf.toString('utf8', off + 4, off + len) };
}
