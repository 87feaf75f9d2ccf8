// Token buckets per source for unauthenticated answers (401s), so the server cannot be used as
// a reflector: per IPv4 address and per IPv6 /64 (one host's share of addresses). State is
// bounded: at most `maxTracked` sources (the oldest is forgotten first). One global bucket caps
// the total of the answers that need it; the first challenge and the 438 to an expired nonce of
// ours do not spend it (see core/auth.ts), so a flood from many sources cannot starve new clients.
import { writeIp } from '../stun/address';

export interface RateLimit {
  /** Sustained answers per second. */
  perSecond: number;
  /** Burst size. */
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly global: Bucket;

  constructor(
    private readonly perIp: RateLimit,
    private readonly total: RateLimit,
    private readonly maxTracked = 4096,
  ) {
    this.global = { tokens: total.burst, at: 0 };
  }

  /**
   * Takes one token for `ip` at `nowMs` (and one of the global bucket when `shared`); false
   * means: stay silent (a counted drop).
   */
  take(ip: string, nowMs: number, shared = true): boolean {
    if (shared && !refill(this.global, this.total, nowMs)) return false;
    const key = sourceKey(ip);
    let b = this.buckets.get(key);
    if (b === undefined) {
      if (this.buckets.size >= this.maxTracked) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      b = { tokens: this.perIp.burst, at: nowMs };
      this.buckets.set(key, b);
    }
    if (!refill(b, this.perIp, nowMs)) {
      if (shared) this.global.tokens += 1; // not spent after all
      return false;
    }
    return true;
  }

  get tracked(): number {
    return this.buckets.size;
  }
}

const SCRATCH = new Uint8Array(16);

/** An IPv4 address as is; an IPv6 address by its /64. */
export function sourceKey(ip: string): string {
  if (ip.indexOf(':') < 0) return ip;
  if (writeIp(ip, SCRATCH, 0) !== 6) return ip;
  return Buffer.from(SCRATCH.buffer, 0, 8).toString('hex');
}

function refill(b: Bucket, limit: RateLimit, nowMs: number): boolean {
  const elapsed = Math.max(0, nowMs - b.at) / 1000;
  b.tokens = Math.min(limit.burst, b.tokens + elapsed * limit.perSecond);
  b.at = nowMs;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}
