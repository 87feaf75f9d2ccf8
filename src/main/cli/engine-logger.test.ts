import { describe, expect, it } from 'vitest';
import { UsageError } from './command';
import { engineLogger, parseLogLevel } from './engine-logger';

describe('--log-level and CAMRELAY_DEBUG', () => {
  it('parses the level, defaulting to warn, and refuses others in words', () => {
    expect(parseLogLevel(undefined)).toBe('warn');
    expect(parseLogLevel('debug')).toBe('debug');
    expect(() => parseLogLevel('loud')).toThrow(UsageError);
    expect(() => parseLogLevel('loud')).toThrow(/one of debug, info, warn, error, silent/);
  });

  it('writes lines at the level, and debug for the engines CAMRELAY_DEBUG names', () => {
    const lines: string[] = [];
    const log = engineLogger('warn', { CAMRELAY_DEBUG: 'rtsp' }, (l) => lines.push(l));
    log.child('turn').info('hidden at warn');
    log.child('turn').warn('shown', { user: 'bob', password: 'hunter2' });
    log.child('rtsp').child('session').debug('PLAY sent', { cseq: 4 });
    expect(log.child('rtsp').debugEnabled).toBe(true);
    expect(log.child('turn').debugEnabled).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/WARN +turn shown user=bob password=\*\*\*/);
    expect(lines[1]).toMatch(/DEBUG rtsp:session PLAY sent cseq=4/);
    expect(lines[0]).not.toContain('hunter2');
  });
});
