import { describe, expect, it } from 'vitest';
import {
  createLogger,
  debugFilter,
  formatLogRecord,
  type LogRecord,
  redactFields,
  silentLogger,
} from './engine-log';

describe('engine logger', () => {
  const collect = () => {
    const records: LogRecord[] = [];
    return { records, sink: (r: LogRecord) => records.push(r) };
  };

  it('keeps records at or above the level, with component and fields', () => {
    const { records, sink } = collect();
    const log = createLogger('rtsp', { level: 'info', sink, now: () => 0 });
    log.debug('hidden');
    log.info('connected', { url: 'rtsp://cam/1' });
    log.child('session', { camera: 'c1' }).warn('slow', { ms: 30 });
    expect(records.map((r) => [r.level, r.component, r.message])).toEqual([
      ['info', 'rtsp', 'connected'],
      ['warn', 'rtsp:session', 'slow'],
    ]);
    expect(records[1]?.fields).toEqual({ camera: 'c1', ms: 30 });
    expect(log.debugEnabled).toBe(false);
  });

  it('the debug filter turns on debug for a component and its children only', () => {
    const f = debugFilter('turn:auth, rtsp');
    expect([f('rtsp'), f('rtsp:session'), f('turn'), f('turn:auth'), f('turnx')]).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(debugFilter('*')('anything')).toBe(true);
    expect(debugFilter(undefined)('rtsp')).toBe(false);
    const { records, sink } = collect();
    const log = createLogger('turn', { level: 'warn', debug: f, sink });
    log.child('auth').debug('nonce issued');
    log.debug('dropped');
    expect(records.map((r) => r.component)).toEqual(['turn:auth']);
  });

  it('never passes a secret to the sink', () => {
    expect(redactFields({ user: 'bob', password: 'x', credential: 'y', realm: 'r' })).toEqual({
      user: 'bob',
      password: '***',
      credential: '***',
      realm: 'r',
    });
    const { records, sink } = collect();
    createLogger('turn', { sink }).info('login', { user: 'bob', secret: 's3' });
    expect(formatLogRecord(records[0]!)).not.toContain('s3');
  });

  it('the silent logger does nothing and is its own child', () => {
    expect(silentLogger.child('x')).toBe(silentLogger);
    expect(silentLogger.debugEnabled).toBe(false);
  });
});
