// MESSAGE-INTEGRITY (0x0008, HMAC-SHA1) and MESSAGE-INTEGRITY-SHA256 (0x001C): verification of
// a received message (RFC 8489 §14.5, §14.6). The HMAC covers the message up to the attribute,
// with the header length set as if the attribute were the last one. Encoding is StunWriter's.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HEADER_LENGTH } from '../constants';
import type { StunReader } from '../reader';

function verify(r: StunReader, i: number, algo: 'sha1' | 'sha256', key: Uint8Array): boolean {
  if (i < 0) return false;
  const len = r.valueLength(i);
  // SHA256 may be truncated to no fewer than 16 bytes, in multiples of 4 (§14.6).
  if (algo === 'sha1' ? len !== 20 : len < 16 || len > 32 || len % 4 !== 0) return false;
  const at = r.offsets[i]!;
  const header = Buffer.allocUnsafe(4);
  r.buf.copy(header, 0, 0, 2);
  header.writeUInt16BE(at + 4 + ((len + 3) & ~3) - HEADER_LENGTH, 2);
  const mac = createHmac(algo, key).update(header).update(r.buf.subarray(4, at)).digest().subarray(0, len);
  return timingSafeEqual(mac, r.value(i));
}

export function verifyMessageIntegrity(r: StunReader, key: Uint8Array): boolean {
  return verify(r, r.integrity, 'sha1', key);
}

export function verifyMessageIntegritySha256(r: StunReader, key: Uint8Array): boolean {
  return verify(r, r.integritySha256, 'sha256', key);
}
