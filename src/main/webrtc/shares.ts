// Share links: a camera made watchable by whoever holds a capability token, for a while.
// The registry holds live shares only: a revoked or expired share is gone, so its token and
// its TURN username find nothing. Time is injected; the owner calls `expireDue()` when
// `nextExpiry()` comes (one timer for all shares).
import { randomBytes } from 'node:crypto';

export interface Share {
  /** Public id (API, lists, the TURN username). Not a secret. */
  id: string;
  /** The capability: whoever has it may watch. 32 random bytes, base64url. */
  token: string;
  cameraId: string;
  label: string;
  createdAt: number;
  expiresAt: number;
}

export const MAX_SHARE_TTL_SECONDS = 30 * 86_400;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export interface ShareRegistryOptions {
  now?: () => number;
  random?: (n: number) => Buffer;
}

export class ShareRegistry {
  readonly #byId = new Map<string, Share>();
  readonly #byToken = new Map<string, Share>();
  readonly #now: () => number;
  readonly #random: (n: number) => Buffer;

  constructor(o: ShareRegistryOptions = {}) {
    this.#now = o.now ?? Date.now;
    this.#random = o.random ?? randomBytes;
  }

  create(input: { cameraId: string; label: string; ttlSeconds: number }): Share {
    if (
      !Number.isInteger(input.ttlSeconds) ||
      input.ttlSeconds < 1 ||
      input.ttlSeconds > MAX_SHARE_TTL_SECONDS
    )
      throw new RangeError(`ttlSeconds must be an integer from 1 to ${MAX_SHARE_TTL_SECONDS}`);
    const now = this.#now();
    const share: Share = {
      id: this.#random(6).toString('hex'),
      token: this.#random(32).toString('base64url'),
      cameraId: input.cameraId,
      label: input.label,
      createdAt: now,
      expiresAt: now + input.ttlSeconds * 1000,
    };
    this.add(share);
    return share;
  }

  /** Adds a share loaded from disk; an expired one is ignored. */
  add(share: Share): boolean {
    if (share.expiresAt <= this.#now() || this.#byId.has(share.id) || !TOKEN_RE.test(share.token))
      return false;
    this.#byId.set(share.id, share);
    this.#byToken.set(share.token, share);
    return true;
  }

  /** The live share with this token (an expired one counts as gone). */
  byToken(token: string): Share | undefined {
    if (!TOKEN_RE.test(token)) return undefined;
    const s = this.#byToken.get(token);
    return s && s.expiresAt > this.#now() ? s : undefined;
  }

  byId(id: string): Share | undefined {
    const s = this.#byId.get(id);
    return s && s.expiresAt > this.#now() ? s : undefined;
  }

  revoke(id: string): Share | undefined {
    const s = this.#byId.get(id);
    if (!s) return undefined;
    this.#byId.delete(id);
    this.#byToken.delete(s.token);
    return s;
  }

  /** Removes and returns the shares whose time is up. */
  expireDue(): Share[] {
    const now = this.#now();
    const due = [...this.#byId.values()].filter((s) => s.expiresAt <= now);
    for (const s of due) this.revoke(s.id);
    return due;
  }

  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const s of this.#byId.values()) if (next === undefined || s.expiresAt < next) next = s.expiresAt;
    return next;
  }

  list(): Share[] {
    return [...this.#byId.values()];
  }
}
