// The session's diagnostics: requests and responses, transports, the teardown decision at
// debug, with no credential anywhere in the records.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../shared/engine-log';
import { describe as rtspDescribe } from './session';
import { FakeClock } from './testing/fake-clock';
import { camera, ScriptedServer, until } from './testing/scripted-server';

let srv: ScriptedServer | undefined;
afterEach(async () => {
  await srv?.stop();
  srv = undefined;
});

describe('session logging', () => {
  it('logs requests, responses, the transport and the teardown at debug, never the password', async () => {
    const records: LogRecord[] = [];
    const logger = createLogger('rtsp', { level: 'debug', sink: (r) => records.push(r) });
    srv = await ScriptedServer.start(
      camera({
        session: 's1;timeout=10',
        override: (req) =>
          req.method === 'DESCRIBE' && !req.headers.get('authorization')
            ? {
                status: 401,
                reason: 'Unauthorized',
                headers: { 'WWW-Authenticate': 'Digest realm="cam", nonce="n1"' },
              }
            : undefined,
      }),
    );
    const clock = new FakeClock();
    const d = await rtspDescribe(srv.url().replace('rtsp://', 'rtsp://admin:hunter2@'), {
      clock,
      logger,
      receiverReportIntervalMs: 0,
    });
    await d.setup(0);
    const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9 });
    p.close();
    await until(() => records.some((r) => r.message === 'TEARDOWN succeeded'));

    const responses = records.filter((r) => r.message === 'response');
    expect(responses.map((r) => [r.fields.method, r.fields.status])).toEqual([
      ['DESCRIBE', 401],
      ['DESCRIBE', 200],
      ['SETUP', 200],
      ['PLAY', 200],
      ['TEARDOWN', 200],
    ]);
    expect(responses.every((r) => typeof r.fields.cseq === 'string' && typeof r.fields.ms === 'number')).toBe(
      true,
    );
    expect(records.find((r) => r.message === 'stream set up')?.fields).toMatchObject({
      streamIndex: 0,
      transport: 'tcp',
    });
    expect(records.some((r) => r.message.startsWith('session dropped: TEARDOWN started'))).toBe(true);
    expect(records.every((r) => r.component === 'rtsp:session' && r.level === 'debug')).toBe(true);
    const text = JSON.stringify(records);
    expect(text).not.toContain('hunter2');
    expect(text).not.toMatch(/authorization|response="/i);
  });
});
