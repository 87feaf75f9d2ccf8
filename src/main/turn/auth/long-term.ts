// Long-term credential keys (RFC 8489 §9.2.2): MD5 or SHA-256 of "username:realm:password".
// The password is used as given (no OpaqueString/SASLprep profile: usernames and passwords here
// are ASCII in practice; a non-ASCII password is hashed as its UTF-8 bytes).
import { createHash } from 'node:crypto';
import { PasswordAlgorithm } from '../stun/constants';

export function longTermKey(
  username: string,
  realm: string,
  password: string,
  algorithm: PasswordAlgorithm = PasswordAlgorithm.md5,
): Buffer {
  const h = createHash(algorithm === PasswordAlgorithm.sha256 ? 'sha256' : 'md5');
  return h.update(`${username}:${realm}:${password}`, 'utf8').digest();
}
