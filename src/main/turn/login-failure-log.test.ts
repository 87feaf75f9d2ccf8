// Failed logins are logged at most once per user and client IP per 10 s, the next line
// counting the ones left out; the password never appears.
import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../shared/engine-log';
import type { SessionAddress } from './core/types';
import { LoginFailureLog } from './login-failure-log';

const session = (address: string, port = 5000): SessionAddress => ({
  transport: 'udp',
  address,
  port,
  family: 4,
  localAddress: '0.0.0.0',
  localPort: 3478,
});

describe('LoginFailureLog', () => {
  it('rate limits per user and source, and says how many it left out', () => {
    let now = 1_000_000;
    const records: LogRecord[] = [];
    const log = new LoginFailureLog(
      createLogger('turn:auth', { level: 'info', sink: (r) => records.push(r) }),
      () => now,
    );
    for (let i = 0; i < 5; i++) log.failed(session('198.51.100.7', 5000 + i), 'alice', 'bad-integrity');
    log.failed(session('198.51.100.8'), 'alice', 'bad-integrity'); // another source: its own line
    log.failed(session('198.51.100.7'), 'mallory', 'unknown-user'); // another user: its own line
    expect(records.map((r) => r.fields)).toEqual([
      { user: 'alice', source: 'udp 198.51.100.7:5000', reason: 'bad-integrity' },
      { user: 'alice', source: 'udp 198.51.100.8:5000', reason: 'bad-integrity' },
      { user: 'mallory', source: 'udp 198.51.100.7:5000', reason: 'unknown-user' },
    ]);
    expect(records[0]!.level).toBe('warn');
    now += 9_999;
    log.failed(session('198.51.100.7'), 'alice', 'bad-integrity');
    expect(records).toHaveLength(3);
    now += 1;
    log.failed(session('198.51.100.7'), 'alice', 'bad-integrity');
    expect(records.at(-1)!.fields).toEqual({
      user: 'alice',
      source: 'udp 198.51.100.7:5000',
      reason: 'bad-integrity',
      suppressed: 5,
    });
  });

  it('keeps a bounded number of windows under a spray of names', () => {
    const records: LogRecord[] = [];
    const log = new LoginFailureLog(
      createLogger('turn:auth', { level: 'info', sink: (r) => records.push(r) }),
      () => 0,
    );
    for (let i = 0; i < 10_000; i++) log.failed(session('198.51.100.7'), `u${i}`, 'unknown-user');
    expect(records).toHaveLength(10_000);
    expect((log as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(4096);
  });
});
