// Stateless nonces: nothing is stored per client before it authenticates. A nonce is the
// RFC 8489 §9.2 cookie "obMatJos2" + the security-feature bits (password algorithms: bit 0, the
// most significant, "gAAA"), then base64url(expiry seconds, 4 bytes || 12 bytes of
// HMAC-SHA256(server secret, expiry || client IP)). A nonce from another IP, another server
// secret or past its expiry is stale (438); one past its expiry is known to be ours.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const NONCE_COOKIE = 'obMatJos2';
/** Security features: password algorithms (bit 0). */
export const NONCE_FEATURES = 'gAAA';
const PREFIX = NONCE_COOKIE + NONCE_FEATURES;

/** 'expired': one of ours past its lifetime; 'stale': not one of ours (other IP, secret, garbage). */
export type NonceCheck = 'valid' | 'expired' | 'stale';

export class NonceIssuer {
  private readonly secret: Buffer;
  /** Nonces that checked out recently: nonce -> client IP and expiry (ms). Bounded. */
  private readonly valid = new Map<string, { ip: string; expiresAt: number }>();
  /** The nonce issued last per client IP, reused within the same second. Bounded. */
  private readonly issued = new Map<string, { nonce: string; expiry: number }>();

  constructor(
    private readonly lifetimeSeconds: number,
    secret: Buffer = randomBytes(32),
  ) {
    this.secret = secret;
  }

  issue(clientIp: string, nowMs: number): string {
    const expiry = Math.floor(nowMs / 1000) + this.lifetimeSeconds;
    const last = this.issued.get(clientIp);
    if (last !== undefined && last.expiry === expiry) return last.nonce;
    const body = Buffer.allocUnsafe(16);
    body.writeUInt32BE(expiry >>> 0, 0);
    this.mac(expiry, clientIp).copy(body, 4, 0, 12);
    const nonce = PREFIX + body.toString('base64url');
    remember(this.issued, clientIp, { nonce, expiry });
    return nonce;
  }

  check(nonce: string, clientIp: string, nowMs: number): NonceCheck {
    const known = this.valid.get(nonce);
    if (known !== undefined && known.ip === clientIp) return known.expiresAt > nowMs ? 'valid' : 'expired';
    if (nonce.length !== PREFIX.length + 22 || !nonce.startsWith(PREFIX)) return 'stale';
    const body = Buffer.from(nonce.slice(PREFIX.length), 'base64url');
    if (body.length !== 16) return 'stale';
    const expiry = body.readUInt32BE(0);
    if (!timingSafeEqual(body.subarray(4), this.mac(expiry, clientIp).subarray(0, 12))) return 'stale';
    if (expiry * 1000 <= nowMs) return 'expired';
    remember(this.valid, nonce, { ip: clientIp, expiresAt: expiry * 1000 });
    return 'valid';
  }

  /** True when the nonce carries the RFC 8489 cookie with the password-algorithms bit. */
  static offersPasswordAlgorithms(nonce: string): boolean {
    return nonce.startsWith(PREFIX);
  }

  private mac(expiry: number, clientIp: string): Buffer {
    return createHmac('sha256', this.secret).update(`${expiry}|${clientIp}`).digest();
  }
}

function remember<V>(m: Map<string, V>, k: string, v: V): void {
  if (m.size >= 4096 && !m.has(k)) {
    const oldest = m.keys().next().value;
    if (oldest !== undefined) m.delete(oldest);
  }
  m.set(k, v);
}
