// Reconnect delays: exponential, capped, with jitter so a site's cameras that failed
// together (a switch reboot) do not all retry in the same instant.

export interface BackoffPolicy {
  /** First delay, ms. */
  initialMs: number;
  /** Largest delay, ms. */
  maxMs: number;
  /** Random spread as a fraction of the delay: 0.2 = +/-20 %. */
  jitter: number;
  /** A session that played at least this long resets the attempt count. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 1000,
  maxMs: 60_000,
  jitter: 0.2,
  resetAfterMs: 30_000,
};

/** Delay before attempt `attempt` (1 = the first retry). `random` returns [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const spread = base * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(policy.maxMs, base + spread)));
}
