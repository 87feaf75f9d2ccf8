import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, normalizeIp, parseCidr } from './cidr';
import { PeerPolicy, PeerPolicyError } from './peer-policy';

const safe = new PeerPolicy({ allowLoopback: false, allowPrivate: false, allow: [], deny: [] });

describe('peer policy defaults (safe)', () => {
  it.each([
    ['0.0.0.0', 'reserved'],
    ['0.1.2.3', 'reserved'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['169.254.169.254', 'reserved'],
    ['::ffff:169.254.169.254', 'reserved'],
    ['169.254.1.1', 'reserved'],
    ['fe80::1', 'reserved'],
    ['fe80::1%lo', 'reserved'],
    ['fd00:ec2::254', 'private'],
    ['fc12::1', 'private'],
    ['224.0.0.1', 'reserved'],
    ['239.255.255.250', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['ff02::1', 'reserved'],
    ['::', 'reserved'],
    ['::1.2.3.4', 'reserved'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['not-an-ip', 'not-an-ip'],
    // IPv4 special-purpose blocks (RFC 6890)
    ['192.0.0.1', 'reserved'],
    ['192.0.0.170', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['2001:db8::1', 'reserved'],
    // IPv6 forms embedding a forbidden IPv4: judged by the IPv4 they carry
    ['2002:7f00:1::', 'loopback'], // 6to4 of 127.0.0.1
    ['2002:a9fe:a9fe::1', 'reserved'], // 6to4 of 169.254.169.254 (metadata)
    ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // Teredo, client ~7f00:0001 = 127.0.0.1
    ['::ffff:0:127.0.0.1', 'loopback'], // SIIT
    ['::ffff:0:10.0.0.1', 'private'],
    ['64:ff9b::169.254.169.254', 'reserved'], // NAT64 well-known prefix, decoded
    ['64:ff9b::10.0.0.1', 'private'],
    ['::ffff:198.18.0.1', 'reserved'], // IPv4-mapped, decoded
    // ...and refused as transition forms even when the IPv4 inside is public
    ['2002:808:808::1', 'reserved'], // 6to4 of 8.8.8.8
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'reserved'], // Teredo of 8.8.8.8
    ['::ffff:0:8.8.8.8', 'reserved'], // SIIT of 8.8.8.8
    ['64:ff9b:1::808:808', 'reserved'], // local-use NAT64
  ])('%s is refused (%s)', (ip, rule) => {
    expect(safe.check(ip)).toEqual({ allowed: false, rule });
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '192.0.3.1',
    '198.20.0.1',
    '198.51.101.1',
    '203.0.114.1',
    '2606:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8', // IPv4-mapped public: decoded, allowed
    '64:ff9b::8.8.8.8', // NAT64 of a public IPv4
  ])('%s is allowed', (ip) => {
    expect(safe.check(ip)).toEqual({ allowed: true, rule: 'public' });
  });
});

describe('peer policy options', () => {
  it('allowLoopback admits loopback (and its mapped form) only', () => {
    const p = new PeerPolicy({ allowLoopback: true, allowPrivate: false, allow: [], deny: [] });
    expect(p.allows('127.0.0.1')).toBe(true);
    expect(p.allows('::ffff:127.0.0.1')).toBe(true);
    expect(p.allows('::1')).toBe(true);
    expect(p.allows('169.254.169.254')).toBe(false);
    expect(p.allows('10.0.0.1')).toBe(false);
  });

  it('allowPrivate admits RFC 1918 and ULA, not link-local', () => {
    const p = new PeerPolicy({ allowLoopback: false, allowPrivate: true, allow: [], deny: [] });
    expect(p.allows('10.0.0.1')).toBe(true);
    expect(p.allows('fd00::1')).toBe(true);
    expect(p.allows('fe80::1')).toBe(false);
    expect(p.allows('127.0.0.1')).toBe(false);
  });

  it('deny beats allow, allow beats the built-in classes', () => {
    const p = new PeerPolicy({
      allowLoopback: false,
      allowPrivate: false,
      allow: ['10.1.0.0/16', '2001:db8::/32'],
      deny: ['10.1.2.0/24', '8.8.4.4', '2001:db8:dead::/48'],
    });
    expect(p.check('10.1.9.9')).toEqual({ allowed: true, rule: 'allow-list' });
    expect(p.check('10.1.2.9')).toEqual({ allowed: false, rule: 'deny-list' });
    expect(p.check('::ffff:10.1.2.9')).toEqual({ allowed: false, rule: 'deny-list' });
    expect(p.check('8.8.4.4')).toEqual({ allowed: false, rule: 'deny-list' });
    expect(p.check('8.8.4.5').allowed).toBe(true);
    expect(p.check('2001:db8:dead::1').allowed).toBe(false);
    expect(p.check('10.2.0.1').allowed).toBe(false);
  });

  it('an allow-listed transition block still refuses the forbidden IPv4 inside it', () => {
    const p = new PeerPolicy({
      allowLoopback: false,
      allowPrivate: false,
      allow: ['2002::/16', '2001::/32', '::ffff:0:0:0/96'],
      deny: ['9.9.9.0/24'],
    });
    expect(p.check('2002:808:808::1')).toEqual({ allowed: true, rule: 'allow-list' });
    expect(p.check('2002:7f00:1::')).toEqual({ allowed: false, rule: 'loopback' });
    expect(p.check('2002:a9fe:a9fe::1')).toEqual({ allowed: false, rule: 'reserved' });
    expect(p.check('2002:909:901::')).toEqual({ allowed: false, rule: 'deny-list' });
    expect(p.check('::ffff:0:127.0.0.1')).toEqual({ allowed: false, rule: 'loopback' });
    expect(p.check('2001:0:4136:e378:8000:63bf:80ff:fffe')).toEqual({ allowed: false, rule: 'loopback' });
    // with loopback allowed, a 6to4 of loopback follows that option
    const lo = new PeerPolicy({ allowLoopback: true, allowPrivate: false, allow: ['2002::/16'], deny: [] });
    expect(lo.check('2002:7f00:1::').allowed).toBe(true);
  });

  it('invalid CIDRs are refused at construction, naming the rule', () => {
    expect(
      () => new PeerPolicy({ allowLoopback: false, allowPrivate: false, allow: ['10.0.0.0/33'], deny: [] }),
    ).toThrow(PeerPolicyError);
    expect(
      () => new PeerPolicy({ allowLoopback: false, allowPrivate: false, allow: [], deny: ['nope'] }),
    ).toThrow(/deny CIDR: nope/);
    expect(
      () =>
        new PeerPolicy({
          allowLoopback: false,
          allowPrivate: false,
          allow: [],
          deny: ['10.0.0.0/8', 'nope'],
        }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid-peer-policy',
        context: { list: 'deny', rule: 'nope' },
      }) as Error,
    );
  });
});

const toInt = (s: string) => s.split('.').reduce((x, o) => x * 256 + Number(o), 0);
const hex4 = (v4: string) =>
  v4
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .join('');

describe('IPv4 inside IPv6 (property)', () => {
  // every way of writing an IPv4 address as IPv6 is refused whenever the IPv4 itself is refused
  const forms = (v4: string): string[] => {
    const h = hex4(v4);
    const inv = (toInt(v4) ^ 0xffffffff) >>> 0;
    const ih = inv.toString(16).padStart(8, '0');
    return [
      `::ffff:${v4}`,
      `64:ff9b::${v4}`,
      `2002:${h.slice(0, 4)}:${h.slice(4)}::1`,
      `::ffff:0:${v4}`,
      `2001:0:4136:e378:8000:63bf:${ih.slice(0, 4)}:${ih.slice(4)}`,
    ];
  };

  it('a refused IPv4 is refused in every embedded form; mapped and NAT64 forms follow the IPv4', () => {
    const open = new PeerPolicy({
      allowLoopback: false,
      allowPrivate: false,
      allow: ['2002::/16', '2001::/32', '::ffff:0:0:0/96'],
      deny: [],
    });
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const v = safe.check(v4);
        for (const f of forms(v4)) {
          if (!v.allowed) {
            expect(safe.check(f).allowed, f).toBe(false);
            expect(open.check(f).allowed, f).toBe(false);
          }
        }
        expect(safe.check(`::ffff:${v4}`)).toEqual(v);
        expect(safe.check(`64:ff9b::${v4}`)).toEqual(v);
        if (v.allowed) for (const f of forms(v4).slice(2)) expect(open.check(f).allowed, f).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('CIDR matching', () => {
  it('an IPv4 /n matches exactly the addresses sharing the first n bits (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (a, b, n) => {
        const c = parseCidr(`${a}/${n}`)!;
        const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
        const expected = (toInt(a) & mask) >>> 0 === (toInt(b) & mask) >>> 0;
        expect(cidrContains(c, normalizeIp(b)!)).toBe(expected);
      }),
    );
  });
});
