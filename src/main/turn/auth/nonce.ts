// Stateless nonces: nothing is stored per client before it authenticates. A nonce is the
// RFC 8489 §9.2 cookie "obMatJos2" + the security-feature bits (password algorithms: bit 0, the
// most significant, "gAAA"), then base64url(expiry seconds, 4 bytes || 12 bytes of
// HMAC-SHA256(server secret, expiry || client IP)). A nonce from another IP, another server
// secret or past its expiry is stale (438).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const NONCE_COOKIE = 'obMatJos2';
/** Security features: password algorithms (bit 0). */
export const NONCE_FEATURES = 'gAAA';
const PREFIX = NONCE_COOKIE + NONCE_FEATURES;

export type NonceCheck = 'valid' | 'stale';

export class NonceIssuer {
  private readonly secret: Buffer;

  constructor(
    private readonly lifetimeSeconds: number,
    secret: Buffer = randomBytes(32),
  ) {
    this.secret = secret;
  }

  issue(clientIp: string, nowMs: number): string {
    const expiry = Math.floor(nowMs / 1000) + this.lifetimeSeconds;
    const body = Buffer.allocUnsafe(16);
    body.writeUInt32BE(expiry >>> 0, 0);
    this.mac(expiry, clientIp).copy(body, 4, 0, 12);
    return PREFIX + body.toString('base64url');
  }

  check(nonce: string, clientIp: string, nowMs: number): NonceCheck {
    if (nonce.length !== PREFIX.length + 22 || !nonce.startsWith(PREFIX)) return 'stale';
    const body = Buffer.from(nonce.slice(PREFIX.length), 'base64url');
    if (body.length !== 16) return 'stale';
    const expiry = body.readUInt32BE(0);
    if (!timingSafeEqual(body.subarray(4), this.mac(expiry, clientIp).subarray(0, 12))) return 'stale';
    return expiry * 1000 > nowMs ? 'valid' : 'stale';
  }

  /** True when the nonce carries the RFC 8489 cookie with the password-algorithms bit. */
  static offersPasswordAlgorithms(nonce: string): boolean {
    return nonce.startsWith(PREFIX);
  }

  private mac(expiry: number, clientIp: string): Buffer {
    return createHmac('sha256', this.secret).update(`${expiry}|${clientIp}`).digest();
  }
}
