// Events reach the Observer and the log: allocation life at debug, failed logins as warnings
// (rate limited); an Observer that throws is counted, never raised.
import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../shared/engine-log';
import type { SessionAddress } from './core/types';
import { ObserverDispatch } from './observer-dispatch';
import { CounterBook } from './server-counters';

const session: SessionAddress = {
  transport: 'tcp',
  address: '198.51.100.7',
  port: 5000,
  family: 4,
  localAddress: '0.0.0.0',
  localPort: 3478,
};

function setup(level: 'debug' | 'info', observer = {}) {
  const records: LogRecord[] = [];
  const book = new CounterBook();
  const d = new ObserverDispatch(
    observer,
    createLogger('turn', { level, sink: (r) => records.push(r) }),
    () => 0,
    book,
    1000,
  );
  return { d, records, book };
}

describe('ObserverDispatch', () => {
  it('logs allocation, permission and channel events at debug under turn:allocation', () => {
    const { d, records } = setup('debug');
    d.dispatch({ type: 'allocated', id: 'a1', session, username: 'alice', port: 50000 });
    d.dispatch({ type: 'refresh', id: 'a1', session, username: 'alice', lifetime: 600 });
    d.dispatch({ type: 'createPermission', id: 'a1', session, username: 'alice', peers: ['198.51.100.9'] });
    d.dispatch({
      type: 'channelBind',
      id: 'a1',
      session,
      username: 'alice',
      channel: 0x4000,
      peer: '198.51.100.9:7000',
    });
    d.dispatch({ type: 'closed', id: 'a1', session, username: 'alice', reason: 'expired' });
    expect(records.map((r) => [r.level, r.component, r.message])).toEqual([
      ['debug', 'turn:allocation', 'allocation created'],
      ['debug', 'turn:allocation', 'allocation refreshed'],
      ['debug', 'turn:allocation', 'permission'],
      ['debug', 'turn:allocation', 'channel bound'],
      ['debug', 'turn:allocation', 'allocation closed'],
    ]);
    expect(records[0]!.fields).toEqual({
      id: 'a1',
      user: 'alice',
      client: 'tcp 198.51.100.7:5000',
      relayPort: 50000,
    });
    expect(records[4]!.fields).toMatchObject({ reason: 'expired' });
  });

  it('logs a failed login as a warning at info level, once per window; a throwing Observer is counted', () => {
    const { d, records, book } = setup('info', {
      authFailed: () => {
        throw new Error('observer bug');
      },
    });
    d.dispatch({ type: 'allocated', id: 'a1', session, username: 'alice', port: 50000 });
    d.dispatch({ type: 'authFailed', session, username: 'alice', reason: 'bad-integrity' });
    d.dispatch({ type: 'authFailed', session, username: 'alice', reason: 'bad-integrity' });
    expect(records.map((r) => [r.level, r.component, r.message])).toEqual([
      ['warn', 'turn:auth', 'login failed'],
    ]);
    expect(book.observerErrors).toBe(2);
  });
});
