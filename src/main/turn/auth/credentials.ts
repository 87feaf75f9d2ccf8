// Where a username's password comes from, in order: static users, REST shared secrets (several
// at once for rotation; expired usernames refused, and those claiming more than the lifetime cap,
// so a leaked credential cannot be valid for years), then the Observer's getPassword (sync or
// async, answered through the core's bounded password cache).
import { restExpiry, restPassword } from './rest';

export type PasswordLookup =
  | { kind: 'found'; passwords: readonly string[] }
  | { kind: 'unknown' }
  | { kind: 'expired' }
  /** A REST username whose expiry is further away than the lifetime cap. */
  | { kind: 'lifetime-too-long' }
  | { kind: 'ask' };

export interface CredentialsOptions {
  /** Whether the Observer has getPassword (else unknown names are unknown at once). */
  observerLookup: boolean;
  /** Longest remaining lifetime a REST username may claim, seconds (default one day). */
  restMaxLifetimeSec?: number;
  /** How long the Observer's answer is kept, ms. */
  cacheTtlMs?: number;
  maxCached?: number;
}

interface CacheEntry {
  password: string | null;
  expiresAt: number;
}

export class Credentials {
  private users: Map<string, { kind: 'found'; passwords: readonly string[] }>;
  private secrets: readonly string[];
  private readonly cache = new Map<string, CacheEntry>();

  private readonly hasObserverLookup: boolean;
  private readonly restMaxLifetimeMs: number;
  private readonly cacheTtlMs: number;
  private readonly maxCached: number;

  constructor(users: Readonly<Record<string, string>>, secrets: readonly string[], o: CredentialsOptions) {
    this.users = found(users);
    this.secrets = [...secrets];
    this.hasObserverLookup = o.observerLookup;
    this.restMaxLifetimeMs = (o.restMaxLifetimeSec ?? 86_400) * 1000;
    this.cacheTtlMs = o.cacheTtlMs ?? 10_000;
    this.maxCached = o.maxCached ?? 4096;
  }

  setUsers(users: Readonly<Record<string, string>>): void {
    this.users = found(users);
  }
  setSecrets(secrets: readonly string[]): void {
    this.secrets = [...secrets];
  }

  lookup(username: string, nowMs: number): PasswordLookup {
    const fixed = this.users.get(username);
    if (fixed !== undefined) return fixed;
    if (this.secrets.length > 0) {
      const expiry = restExpiry(username);
      if (expiry !== undefined) {
        if (expiry * 1000 <= nowMs) return { kind: 'expired' };
        if (expiry * 1000 - nowMs > this.restMaxLifetimeMs) return { kind: 'lifetime-too-long' };
        return { kind: 'found', passwords: this.secrets.map((s) => restPassword(s, username)) };
      }
    }
    if (!this.hasObserverLookup) return { kind: 'unknown' };
    const cached = this.cache.get(username);
    if (cached !== undefined && cached.expiresAt > nowMs) {
      return cached.password === null ? { kind: 'unknown' } : { kind: 'found', passwords: [cached.password] };
    }
    return { kind: 'ask' };
  }

  /** Records the Observer's answer (null: no such user) for a short while. */
  remember(username: string, password: string | null, nowMs: number): void {
    this.cache.delete(username);
    if (this.cache.size >= this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(username, { password, expiresAt: nowMs + this.cacheTtlMs });
  }

  forgetCached(): void {
    this.cache.clear();
  }
}

/** Static users as ready lookup answers (one object per user, not one per request). */
function found(
  users: Readonly<Record<string, string>>,
): Map<string, { kind: 'found'; passwords: readonly string[] }> {
  return new Map(Object.entries(users).map(([u, p]) => [u, { kind: 'found' as const, passwords: [p] }]));
}
