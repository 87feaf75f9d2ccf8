// Token buckets per source IP for unauthenticated answers (401s), so the server cannot be used
// as a reflector. State is bounded: at most `maxTracked` IPs (the oldest is forgotten first),
// plus one global bucket that caps the total whatever the spread of sources.

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

  /** Takes one token for `ip` at `nowMs`; false means: stay silent (a counted drop). */
  take(ip: string, nowMs: number): boolean {
    if (!refill(this.global, this.total, nowMs)) return false;
    let b = this.buckets.get(ip);
    if (b === undefined) {
      if (this.buckets.size >= this.maxTracked) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      b = { tokens: this.perIp.burst, at: nowMs };
      this.buckets.set(ip, b);
    }
    if (!refill(b, this.perIp, nowMs)) {
      this.global.tokens += 1; // not spent after all
      return false;
    }
    return true;
  }

  get tracked(): number {
    return this.buckets.size;
  }
}

function refill(b: Bucket, limit: RateLimit, nowMs: number): boolean {
  const elapsed = Math.max(0, nowMs - b.at) / 1000;
  b.tokens = Math.min(limit.burst, b.tokens + elapsed * limit.perSecond);
  b.at = nowMs;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}
