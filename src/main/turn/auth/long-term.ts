// Long-term credential keys (RFC 8489 §9.2.2): MD5 or SHA-256 of "username:realm:password".
// The password is used as given (no OpaqueString/SASLprep profile: usernames and passwords here
// are ASCII in practice; a non-ASCII password is hashed as its UTF-8 bytes).
import { createHash } from 'node:crypto';
import { PasswordAlgorithm } from '../stun/constants';

/** Keys already derived, bounded (the oldest is forgotten first); saves a hash per request. */
export class KeyCache {
  private readonly keys = new Map<string, Buffer>();
  constructor(private readonly max = 4096) {}

  get(username: string, realm: string, password: string, algorithm: PasswordAlgorithm): Buffer {
    const id = `${algorithm}\u0000${username}\u0000${realm}\u0000${password}`;
    let key = this.keys.get(id);
    if (key === undefined) {
      key = longTermKey(username, realm, password, algorithm);
      if (this.keys.size >= this.max) {
        const oldest = this.keys.keys().next().value;
        if (oldest !== undefined) this.keys.delete(oldest);
      }
      this.keys.set(id, key);
    }
    return key;
  }
}

export function longTermKey(
  username: string,
  realm: string,
  password: string,
  algorithm: PasswordAlgorithm = PasswordAlgorithm.md5,
): Buffer {
  const h = createHash(algorithm === PasswordAlgorithm.sha256 ? 'sha256' : 'md5');
  return h.update(`${username}:${realm}:${password}`, 'utf8').digest();
}
