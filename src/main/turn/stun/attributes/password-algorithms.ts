// PASSWORD-ALGORITHMS (0x8002, RFC 8489 §14.11): the list the server offers in a 401; each
// entry is algorithm (16 bits), parameters length (16 bits), parameters padded to 4.
import { Attr } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export interface AlgorithmEntry {
  algorithm: number;
  params: Buffer;
}

export function encodePasswordAlgorithms(w: StunWriter, algorithms: readonly number[]): void {
  const off = w.attr(Attr.PASSWORD_ALGORITHMS, 4 * algorithms.length);
  algorithms.forEach((a, k) => {
    w.bytes.writeUInt16BE(a, off + 4 * k);
  });
}

export function decodePasswordAlgorithms(r: StunReader, i: number): AlgorithmEntry[] | undefined {
  const off = r.valueOffset(i);
  const end = off + r.valueLength(i);
  const out: AlgorithmEntry[] = [];
  let p = off;
  while (p < end) {
    if (p + 4 > end) return undefined;
    const algorithm = r.buf.readUInt16BE(p);
    const len = r.buf.readUInt16BE(p + 2);
    if (p + 4 + len > end) return undefined;
    out.push({ algorithm, params: r.buf.subarray(p + 4, p + 4 + len) });
    p += 4 + ((len + 3) & ~3);
  }
  return out;
}

/** The exact value bytes, for comparing the request's copy with what we offered (§9.2.4). */
export function passwordAlgorithmsValue(r: StunReader, i: number): Buffer {
  return r.value(i);
}
