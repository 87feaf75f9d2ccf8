import { describe, expect, it } from 'vitest';
import { RtspError } from '../rtsp/index';
import { classifyFailure } from './failure';

const at = 1_000;

describe('classifyFailure', () => {
  it('tells a quiet stream from an unanswered request by the timeout phase, not the message', () => {
    const frames = classifyFailure(new RtspError('timeout', 'nothing for a while', { phase: 'frames' }), at);
    expect(frames).toMatchObject({ kind: 'timeout', message: 'The camera stopped sending video.' });
    // A message that mentions frames does not make a DESCRIBE timeout a quiet stream.
    const describe = classifyFailure(
      new RtspError('timeout', 'no frame-ish answer', { phase: 'describe', method: 'DESCRIBE' }),
      at,
    );
    expect(describe).toMatchObject({ kind: 'timeout', message: 'The camera did not answer in time.' });
  });

  it('names network failures by errno', () => {
    const cases: Array<[string | undefined, string]> = [
      ['ECONNREFUSED', 'Nothing accepts connections at this address and port.'],
      ['ENOTFOUND', 'The camera host name cannot be resolved.'],
      ['EAI_AGAIN', 'The camera host name cannot be resolved.'],
      ['EHOSTUNREACH', 'The camera is unreachable from this machine.'],
      ['ENETUNREACH', 'The camera is unreachable from this machine.'],
      [undefined, 'The connection to the camera failed or was closed.'],
    ];
    for (const [errno, message] of cases) {
      const err = new RtspError('network', 'connect failed', {
        phase: 'connect',
        ...(errno ? { errno } : {}),
      });
      expect(classifyFailure(err, at)).toMatchObject({ kind: 'unreachable', message });
    }
    // The errno is read from the context: a message naming one is not evidence.
    expect(classifyFailure(new RtspError('network', 'connect ECONNREFUSED 10.0.0.1:554'), at).message).toBe(
      'The connection to the camera failed or was closed.',
    );
  });

  it('does not blame the camera when camrelay closed the session', () => {
    const f = classifyFailure(new RtspError('closed', 'the session was closed'), at);
    expect(f.kind).not.toBe('unreachable');
    expect(f.message).not.toMatch(/camera closed/i);
    expect(f.message).toMatch(/camrelay closed/);
  });

  it('keeps the error text as detail and maps status errors', () => {
    const f = classifyFailure(new RtspError('server', '503 Service Unavailable', { status: 503 }), at);
    expect(f).toEqual({
      kind: 'server-error',
      message: 'The camera answered with an error (503).',
      detail: '503 Service Unavailable (status 503)',
      at,
    });
  });

  it('reports anything else as internal', () => {
    expect(classifyFailure(new Error('boom'), at)).toMatchObject({ kind: 'internal', detail: 'boom' });
  });
});
