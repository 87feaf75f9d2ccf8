// Throttles password guessing: failed authentications spend tokens per source (IPv4 address,
// IPv6 /64) and per user name; while either bucket is empty, requests from that source or for
// that user are not checked at all (the core drops them, counted, without an answer — a 401
// would tell a client its password is wrong; a drop makes it retransmit, and a retransmission
// after the bucket has refilled is checked). Buckets refill at a steady rate, so nothing is
// blocked for longer than one token's time after the guessing stops. Only failures create state,
// bounded per map (the oldest entry is forgotten first).
import { sourceKey } from './rate-limiter';

export interface FailureLimit {
  /** Failures refilled per second. */
  perSecond: number;
  /** Failures allowed in a row before the throttle starts. */
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class FailureThrottle {
  private readonly sources = new Map<string, Bucket>();
  private readonly users = new Map<string, Bucket>();

  constructor(
    private readonly perSource: FailureLimit,
    private readonly perUser: FailureLimit,
    private readonly maxTracked = 16_384,
  ) {}

  /** False while `ip` or `username` has used up its failures: do not check the password. */
  allows(username: string, ip: string, nowMs: number): boolean {
    return (
      hasToken(this.sources.get(sourceKey(ip)), this.perSource, nowMs) &&
      hasToken(this.users.get(username), this.perUser, nowMs)
    );
  }

  /** A failed authentication from `ip`, for `username` when that user exists. */
  failed(username: string | undefined, ip: string, nowMs: number): void {
    spend(this.sources, sourceKey(ip), this.perSource, nowMs, this.maxTracked);
    if (username !== undefined) spend(this.users, username, this.perUser, nowMs, this.maxTracked);
  }

  get tracked(): number {
    return this.sources.size + this.users.size;
  }
}

function refill(b: Bucket, limit: FailureLimit, nowMs: number): void {
  const elapsed = Math.max(0, nowMs - b.at) / 1000;
  b.tokens = Math.min(limit.burst, b.tokens + elapsed * limit.perSecond);
  b.at = nowMs;
}

function hasToken(b: Bucket | undefined, limit: FailureLimit, nowMs: number): boolean {
  if (b === undefined) return true;
  refill(b, limit, nowMs);
  return b.tokens >= 1;
}

function spend(m: Map<string, Bucket>, key: string, limit: FailureLimit, nowMs: number, max: number): void {
  let b = m.get(key);
  if (b === undefined) {
    if (m.size >= max) {
      const oldest = m.keys().next().value;
      if (oldest !== undefined) m.delete(oldest);
    }
    b = { tokens: limit.burst, at: nowMs };
    m.set(key, b);
  } else {
    refill(b, limit, nowMs);
  }
  b.tokens = Math.max(0, b.tokens - 1);
}
