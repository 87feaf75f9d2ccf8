import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SHARE_TTL_SECONDS, ShareRegistry } from './shares';

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('ShareRegistry', () => {
  it('finds a share by its token until it expires, then never again', () => {
    const c = clock();
    const r = new ShareRegistry({ now: c.now });
    const s = r.create({ cameraId: 'cam', label: 'Gate', ttlSeconds: 60 });
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.byToken(s.token)?.id).toBe(s.id);
    expect(r.nextExpiry()).toBe(s.expiresAt);
    c.advance(59_999);
    expect(r.expireDue()).toEqual([]);
    c.advance(1);
    expect(r.byToken(s.token)).toBeUndefined();
    expect(r.byId(s.id)).toBeUndefined();
    expect(r.expireDue().map((x) => x.id)).toEqual([s.id]);
    expect(r.list()).toEqual([]);
    expect(r.nextExpiry()).toBeUndefined();
  });

  it('a revoked share is gone at once, and revoking twice finds nothing', () => {
    const r = new ShareRegistry();
    const a = r.create({ cameraId: 'cam', label: 'A', ttlSeconds: 600 });
    const b = r.create({ cameraId: 'cam', label: 'B', ttlSeconds: 600 });
    expect(a.token).not.toBe(b.token);
    expect(r.revoke(a.id)?.id).toBe(a.id);
    expect(r.byToken(a.token)).toBeUndefined();
    expect(r.revoke(a.id)).toBeUndefined();
    expect(r.byToken(b.token)?.id).toBe(b.id);
  });

  it('refuses lifetimes out of range and ignores expired or malformed shares loaded from disk', () => {
    const c = clock();
    const r = new ShareRegistry({ now: c.now });
    for (const ttlSeconds of [0, -1, 1.5, MAX_SHARE_TTL_SECONDS + 1, Number.NaN])
      expect(() => r.create({ cameraId: 'c', label: 'x', ttlSeconds })).toThrow(RangeError);
    const s = r.create({ cameraId: 'c', label: 'x', ttlSeconds: 10 });
    const other = new ShareRegistry({ now: c.now });
    expect(other.add({ ...s, expiresAt: c.now() })).toBe(false);
    expect(other.add({ ...s, token: 'short' })).toBe(false);
    expect(other.add(s)).toBe(true);
    expect(other.add(s)).toBe(false);
  });

  it('no string but a live token finds a share', () => {
    const r = new ShareRegistry();
    const s = r.create({ cameraId: 'c', label: 'x', ttlSeconds: 600 });
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (t) => {
        expect(r.byToken(t)).toBe(t === s.token ? s : undefined);
      }),
    );
  });
});
