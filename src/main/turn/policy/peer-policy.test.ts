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
  ])('%s is refused (%s)', (ip, rule) => {
    expect(safe.check(ip)).toEqual({ allowed: false, rule });
  });

  it.each(['8.8.8.8', '172.32.0.1', '192.0.2.1', '2001:db8::1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is allowed',
    (ip) => {
      expect(safe.check(ip)).toEqual({ allowed: true, rule: 'public' });
    },
  );
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
      deny: ['10.1.2.0/24', '203.0.113.7', '2001:db8:dead::/48'],
    });
    expect(p.check('10.1.9.9')).toEqual({ allowed: true, rule: 'allow-list' });
    expect(p.check('10.1.2.9')).toEqual({ allowed: false, rule: 'deny-list' });
    expect(p.check('::ffff:10.1.2.9')).toEqual({ allowed: false, rule: 'deny-list' });
    expect(p.check('203.0.113.7')).toEqual({ allowed: false, rule: 'deny-list' });
    expect(p.check('203.0.113.8').allowed).toBe(true);
    expect(p.check('2001:db8:dead::1').allowed).toBe(false);
    expect(p.check('10.2.0.1').allowed).toBe(false);
  });

  it('invalid CIDRs are refused at construction, naming the rule', () => {
    expect(
      () => new PeerPolicy({ allowLoopback: false, allowPrivate: false, allow: ['10.0.0.0/33'], deny: [] }),
    ).toThrow(PeerPolicyError);
    expect(
      () => new PeerPolicy({ allowLoopback: false, allowPrivate: false, allow: [], deny: ['nope'] }),
    ).toThrow(/deny CIDR: nope/);
  });
});

describe('CIDR matching', () => {
  it('an IPv4 /n matches exactly the addresses sharing the first n bits (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (a, b, n) => {
        const c = parseCidr(`${a}/${n}`)!;
        const toInt = (s: string) => s.split('.').reduce((x, o) => x * 256 + Number(o), 0);
        const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
        const expected = (toInt(a) & mask) >>> 0 === (toInt(b) & mask) >>> 0;
        expect(cidrContains(c, normalizeIp(b)!)).toBe(expected);
      }),
    );
  });
});
