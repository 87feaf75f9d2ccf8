// TURN credentials of a share: REST credentials (username "<expiry>:share-<id>", password
// HMAC-SHA1 of camrelay's own secret) that expire with the share, and the reverse lookup the
// TURN peer grant uses to know an allocation serves a share.
import { makeRestCredentials } from '../turn';
import type { Share } from './shares';

export interface IceCredentials {
  username: string;
  credential: string;
  /** Unix seconds. */
  expiresAt: number;
}

const SHARE_USERNAME = /^\d{1,12}:share-([0-9a-f]{12})$/;

/** Credentials valid until the share ends (at least one second). */
export function shareCredentials(secret: string, share: Share, nowMs: number): IceCredentials {
  const ttl = Math.max(1, Math.ceil((share.expiresAt - nowMs) / 1000));
  const c = makeRestCredentials(secret, `share-${share.id}`, ttl, nowMs);
  return { username: c.username, credential: c.password, expiresAt: c.expiresAt };
}

/** The share id a TURN username was minted for, or undefined when it is not a share's. */
export function shareIdOfUsername(username: string): string | undefined {
  return SHARE_USERNAME.exec(username)?.[1];
}

/** Whether a username claims to be a share's (whatever follows: such users never get the default policy). */
export function looksLikeShareUsername(username: string): boolean {
  return /^\d{1,12}:share-/.test(username);
}
