import { describe, expect, it } from 'vitest';
import { Credentials } from './credentials';
import { NonceIssuer } from './nonce';
import { RateLimiter } from './rate-limiter';
import { makeRestCredentials, restExpiry } from './rest';

describe('REST credentials', () => {
  it('match coturn: username expiry:user, password base64(HMAC-SHA1(secret, username))', () => {
    const c = makeRestCredentials('north', 'alice', 3600, 1_700_000_000_500);
    expect(c.username).toBe('1700003600:alice');
    expect(c.expiresAt).toBe(1_700_003_600);
    // reference value from: printf '1700003600:alice' | openssl dgst -sha1 -hmac north -binary | base64
    expect(c.password).toBe('wjwSXO2ch1B6VaLTLMy2Avn5O9o=');
    expect(c.password).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(restExpiry(c.username)).toBe(1_700_003_600);
    expect(restExpiry('alice')).toBeUndefined();
    expect(() => makeRestCredentials('s', 'u', 0, 0)).toThrow(RangeError);
  });

  it('Credentials: static users first, then each secret, expired REST refused', () => {
    const creds = new Credentials({ bob: 'pw' }, ['old', 'new'], { observerLookup: false });
    const now = 1_700_000_000_000;
    expect(creds.lookup('bob', now)).toEqual({ kind: 'found', passwords: ['pw'] });
    const rest = makeRestCredentials('new', 'carol', 60, now);
    const found = creds.lookup(rest.username, now);
    expect(found.kind === 'found' && found.passwords).toContain(rest.password);
    expect(creds.lookup(rest.username, now + 61_000)).toEqual({ kind: 'expired' });
    expect(creds.lookup('nobody', now)).toEqual({ kind: 'unknown' });
  });

  it('Credentials refuse REST usernames claiming more than the lifetime cap (default one day)', () => {
    const now = 1_700_000_000_000;
    const creds = new Credentials({}, ['s'], { observerLookup: false });
    expect(creds.lookup(makeRestCredentials('s', 'u', 86_400, now).username, now).kind).toBe('found');
    expect(creds.lookup(makeRestCredentials('s', 'u', 86_401, now).username, now)).toEqual({
      kind: 'lifetime-too-long',
    });
    expect(creds.lookup('999999999999:u', now)).toEqual({ kind: 'lifetime-too-long' }); // year 33658
    const week = new Credentials({}, ['s'], { observerLookup: false, restMaxLifetimeSec: 7 * 86_400 });
    expect(week.lookup(makeRestCredentials('s', 'u', 86_401, now).username, now).kind).toBe('found');
  });

  it('Credentials asks the observer, then caches its answer for a while', () => {
    const creds = new Credentials({}, [], { observerLookup: true, cacheTtlMs: 1000, maxCached: 2 });
    expect(creds.lookup('dave', 0).kind).toBe('ask');
    creds.remember('dave', 'x', 0);
    expect(creds.lookup('dave', 500)).toEqual({ kind: 'found', passwords: ['x'] });
    expect(creds.lookup('dave', 1500).kind).toBe('ask');
    creds.remember('eve', null, 0);
    expect(creds.lookup('eve', 10)).toEqual({ kind: 'unknown' });
    creds.remember('f', 'f', 0);
    creds.remember('g', 'g', 0); // bounded: 'dave' and 'eve' forgotten
    expect(creds.lookup('eve', 10).kind).toBe('ask');
  });
});

describe('nonces', () => {
  it('are valid for their lifetime, for the same IP only, then expired (ours) or stale (not ours)', () => {
    const n = new NonceIssuer(600);
    const nonce = n.issue('192.0.2.1', 1_000_000);
    expect(nonce.startsWith('obMatJos2gAAA')).toBe(true);
    expect(n.check(nonce, '192.0.2.1', 1_000_000 + 599_000)).toBe('valid');
    expect(n.check(nonce, '192.0.2.1', 1_000_000 + 600_000)).toBe('expired');
    expect(new NonceIssuer(600, Buffer.alloc(32)).check(nonce, '192.0.2.1', 1_000_000 + 600_000)).toBe(
      'stale',
    );
    expect(n.check(nonce, '192.0.2.2', 1_000_000)).toBe('stale');
    expect(n.check('garbage', '192.0.2.1', 1_000_000)).toBe('stale');
    expect(new NonceIssuer(600).check(nonce, '192.0.2.1', 1_000_000)).toBe('stale');
    // tampering with the expiry breaks the MAC
    const tampered = `${nonce.slice(0, 13)}${nonce[13] === 'A' ? 'B' : 'A'}${nonce.slice(14)}`;
    expect(n.check(tampered, '192.0.2.1', 1_000_000)).toBe('stale');
  });
});

describe('rate limiter', () => {
  it('allows a burst per IP, refills over time, and bounds its memory', () => {
    const rl = new RateLimiter({ perSecond: 2, burst: 3 }, { perSecond: 1000, burst: 1000 }, 10);
    expect([1, 2, 3, 4].map(() => rl.take('a', 0))).toEqual([true, true, true, false]);
    expect(rl.take('b', 0)).toBe(true);
    expect(rl.take('a', 500)).toBe(true);
    expect(rl.take('a', 500)).toBe(false);
    for (let i = 0; i < 100; i++) rl.take(`10.0.0.${i}`, 0);
    expect(rl.tracked).toBeLessThanOrEqual(10);
  });

  it('caps the total whatever the sources', () => {
    const rl = new RateLimiter({ perSecond: 100, burst: 100 }, { perSecond: 1, burst: 5 });
    let ok = 0;
    for (let i = 0; i < 50; i++) if (rl.take(`10.0.${i}.1`, 0)) ok++;
    expect(ok).toBe(5);
  });
});
