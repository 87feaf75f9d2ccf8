import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipFamily } from './ip';

describe('ipFamily', () => {
  it('agrees with node:net isIP on addresses and near-misses', () => {
    const cases = [
      '127.0.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '256.1.1.1',
      '1.2.3',
      '01.2.3.4',
      '1.2.3.4.5',
      '',
      '::',
      '::1',
      'fe80::1',
      '2001:db8::8a2e:370:7334',
      '::ffff:192.0.2.1',
      '1::2::3',
      'gggg::1',
      '[::1]',
      ':::',
      '2001:db8:0:0:0:0:2:1',
      '2001:db8::1/64',
      ' 1.2.3.4',
    ];
    for (const c of cases) expect(ipFamily(c), c).toBe(isIP(c));
  });

  it('is stricter than isIP on zone ids, which no listener or peer rule needs', () => {
    expect(isIP('fe80::1%eth0')).toBe(6);
    expect(ipFamily('fe80::1%eth0')).toBe(0);
  });

  it('agrees with isIP on generated addresses', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 12 })), (v) => {
        expect(ipFamily(v)).toBe(isIP(v));
      }),
    );
  });
});
