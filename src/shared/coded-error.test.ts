import { describe, expect, it } from 'vitest';
import { CodedError, errorCode } from './coded-error';

type Contexts = { timeout: { phase: 'connect' | 'response' }; network: { errno?: string } };
class DemoError extends CodedError<Contexts> {}

describe('CodedError', () => {
  it('carries a stable code and typed context, and names its subclass', () => {
    const e = new DemoError('timeout', 'no answer to DESCRIBE', { phase: 'response' });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DemoError');
    expect(e.code).toBe('timeout');
    expect(e.is('timeout') && e.context.phase).toBe('response');
    expect(e.is('network')).toBe(false);
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'DemoError',
      code: 'timeout',
      message: 'no answer to DESCRIBE',
      context: { phase: 'response' },
    });
  });

  it('errorCode reads coded errors and Node system errors alike', () => {
    expect(errorCode(new DemoError('network', 'reset', { errno: 'ECONNRESET' }))).toBe('network');
    expect(errorCode(Object.assign(new Error('x'), { code: 'EADDRINUSE' }))).toBe('EADDRINUSE');
    expect(errorCode(new Error('plain'))).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
  });
});
