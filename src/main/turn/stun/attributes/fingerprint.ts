// FINGERPRINT (0x8028, RFC 8489 §14.7): CRC-32 of the message before it, xor 0x5354554e.
// StunReader checks it when present (a bad one is a drop); StunWriter appends it.
import { crc32 } from 'node:zlib';
import { FINGERPRINT_XOR } from '../constants';

export function fingerprintOf(messageBeforeAttribute: Uint8Array): number {
  return (crc32(messageBeforeAttribute) ^ FINGERPRINT_XOR) >>> 0;
}
