import { describe, expect, it } from 'vitest';
import type { EventLog } from '../state/event-log';
import type { SessionAddress } from '../turn/core/types';
import { AuthFailureLog } from './auth-failure-log';

function setup(o: ConstructorParameters<typeof AuthFailureLog>[2] = {}) {
  const clock = { t: 1_000_000 };
  const lines: string[] = [];
  const log = { warn: (_source: string, message: string) => lines.push(message) } as unknown as EventLog;
  return { clock, lines, failures: new AuthFailureLog(log, () => clock.t, o) };
}

const from = (address: string): SessionAddress => ({
  transport: 'udp',
  address,
  port: 5000,
  family: address.includes(':') ? 6 : 4,
  localAddress: '0.0.0.0',
  localPort: 3478,
});

describe('failed TURN logins in the log', () => {
  it('logs the first failure of a user and source at once, then sums up the repeats per window', () => {
    const { clock, lines, failures } = setup();
    for (let i = 0; i < 500; i++) failures.record(from('198.51.100.7'), 'alice', 'bad-integrity');
    failures.record(from('2001:db8::5'), 'bob', 'unknown-user');
    expect(lines).toEqual([
      'failed TURN login: "alice" from udp 198.51.100.7 (wrong password)',
      'failed TURN login: "bob" from udp [2001:db8::5] (unknown user)',
    ]);
    clock.t += 30_000;
    failures.flush();
    expect(lines).toHaveLength(2);
    clock.t += 30_000;
    failures.flush();
    expect(lines.at(-1)).toBe('499 more failed TURN logins in the last 60 s: "alice" from 198.51.100.7 x499');
    clock.t += 60_000;
    failures.flush();
    expect(lines).toHaveLength(3); // nothing new, nothing said
  });

  it('gives a bounded number of lines a window however many users and sources fail', () => {
    const { clock, lines, failures } = setup({ maxLines: 5, maxTracked: 100 });
    for (let i = 0; i < 10_000; i++)
      failures.record(from(`203.0.113.${i % 250}`), `user${i}`, 'bad-integrity');
    expect(lines).toHaveLength(5);
    clock.t += 60_000;
    failures.flush();
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toMatch(/^9995 more failed TURN logins in the last 60 s: .*, \.\.\.$/);
  });
});
