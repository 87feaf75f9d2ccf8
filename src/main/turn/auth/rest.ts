// TURN REST shared-secret credentials (coturn `use-auth-secret`, draft-uberti-behave-turn-rest):
// username = "<expiry unix seconds>:<user>", password = base64(HMAC-SHA1(secret, username)).
// Expired usernames are refused (coturn does; turn-rs does not).
import { createHmac } from 'node:crypto';

export interface RestCredentials {
  username: string;
  password: string;
  /** Expiry, unix seconds. */
  expiresAt: number;
  ttl: number;
}

/** Credentials for `user`, valid `ttlSeconds` from `nowMs` (ms since epoch). */
export function makeRestCredentials(
  secret: string,
  user: string,
  ttlSeconds: number,
  nowMs: number,
): RestCredentials {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new RangeError(`ttl must be a positive integer, got ${ttlSeconds}`);
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = user === '' ? `${expiresAt}` : `${expiresAt}:${user}`;
  return { username, password: restPassword(secret, username), expiresAt, ttl: ttlSeconds };
}

export function restPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username, 'utf8').digest('base64');
}

/** The expiry (unix seconds) of a REST username, or undefined when it is not one. */
export function restExpiry(username: string): number | undefined {
  const m = /^(\d{1,12})(?::|$)/.exec(username);
  return m ? Number(m[1]) : undefined;
}
