import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthLedger, authRetryDelay, DEFAULT_AUTH_RETRY } from './auth-schedule';

describe('refused-login schedule', () => {
  it('whatever the jitter: at most 4 logins in the first 150 s, the 5th after minutes, capped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (r) => {
          let t = 0;
          const at = [0];
          for (let i = 1; i <= 12; i++) {
            t += authRetryDelay(DEFAULT_AUTH_RETRY, i, () => r[i - 1]!);
            at.push(t);
          }
          expect(at.filter((x) => x < 150_000).length).toBeLessThanOrEqual(4);
          expect(at[4]! - at[3]!).toBeGreaterThanOrEqual(120_000);
          for (let i = 1; i < at.length; i++)
            expect(at[i]! - at[i - 1]!).toBeLessThanOrEqual(15 * 60_000 * 1.1);
        },
      ),
    );
  });

  it('a credentials change clears the record; the same credentials keep it', () => {
    const ledger = new AuthLedger({ random: () => 0 });
    const gate = ledger.gate('cam', 'k1');
    expect(gate.refused(1000)).toBe(11_000);
    expect(ledger.gate('cam', 'k1').notBefore()).toBe(11_000);
    expect(ledger.gate('cam', 'k2').notBefore()).toBeUndefined();
  });

  it('a record from the last run holds whatever credentials come first', () => {
    const ledger = new AuthLedger({ initial: { cam: { failures: 3, lastAt: 0, notBefore: 90_000 } } });
    expect(ledger.gate('cam', 'k').notBefore()).toBe(90_000);
  });
});
