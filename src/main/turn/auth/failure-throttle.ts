// Throttles password guessing: failed authentications spend tokens per source (IPv4 address,
// IPv6 /64) and user name together (guessing one account from one place: strict), per source
// (spraying many names from one place: looser, so one mistyped password does not lock out the
// other users behind the same NAT) and per user (one account from many places); while a bucket
// is empty, requests from that source or for that user are not checked at all (the core answers them 401 like a wrong password, counted as
// 'throttled', within the unauthenticated answer budget). Buckets refill at a steady rate, so
// nothing is refused for longer than one token's time after the guessing stops. Only failures
// create state, bounded per map (the oldest entry is forgotten first).
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

export interface FailureLimits {
  perSourceAndUser: FailureLimit;
  perSource: FailureLimit;
  perUser: FailureLimit;
}

export class FailureThrottle {
  private readonly pairs = new Map<string, Bucket>();
  private readonly sources = new Map<string, Bucket>();
  private readonly users = new Map<string, Bucket>();

  constructor(
    private readonly limits: FailureLimits,
    private readonly maxTracked = 16_384,
  ) {}

  /** False while the source, the user or the two together used up their failures: do not check. */
  allows(username: string, ip: string, nowMs: number): boolean {
    const l = this.limits;
    const source = sourceKey(ip);
    return (
      hasToken(this.sources.get(source), l.perSource, nowMs) &&
      hasToken(this.pairs.get(`${source} ${username}`), l.perSourceAndUser, nowMs) &&
      hasToken(this.users.get(username), l.perUser, nowMs)
    );
  }

  /**
   * A failed authentication of `username` from `ip`; `userExists` false (an unknown name) spends
   * no per-user budget, so made-up names cost the attacker's source, not our memory.
   */
  failed(username: string, userExists: boolean, ip: string, nowMs: number): void {
    const l = this.limits;
    const source = sourceKey(ip);
    spend(this.sources, source, l.perSource, nowMs, this.maxTracked);
    spend(this.pairs, `${source} ${username}`, l.perSourceAndUser, nowMs, this.maxTracked);
    if (userExists) spend(this.users, username, l.perUser, nowMs, this.maxTracked);
  }

  get tracked(): number {
    return this.pairs.size + this.sources.size + this.users.size;
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
