// The restream server's diagnostics: each request at debug, a refused login once per address
// and user every 10 s at info (with a count of the repeats), never a password.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../shared/engine-log';
import { FrameFanOut } from './fan-out';
import { RestreamServer } from './server';

const records: LogRecord[] = [];
let server: RestreamServer;

beforeAll(async () => {
  server = new RestreamServer({
    port: 0,
    users: [{ name: 'nvr', password: 'right-password' }],
    logger: createLogger('restream', { level: 'debug', sink: (r) => records.push(r) }),
  });
  server.setPath('cam', new FrameFanOut());
  await server.listen();
});

afterAll(async () => {
  await server.close();
});

/** Sends one request and resolves with the response head. */
function ask(lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1');
    let text = '';
    s.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        s.destroy();
        resolve(text);
      }
    });
    s.on('error', reject);
    s.on('connect', () => s.write(`${lines.join('\r\n')}\r\n\r\n`));
  });
}

const basic = (user: string, password: string) =>
  `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('restream server log', () => {
  it('logs requests at debug and a refused login once, with the user and not the password', async () => {
    const url = `rtsp://127.0.0.1:${server.port}/cam`;
    expect(await ask([`OPTIONS ${url} RTSP/1.0`, 'CSeq: 1'])).toMatch(/^RTSP\/1.0 200/);
    const inUrl = `rtsp://nvr:url-password@127.0.0.1:${server.port}/cam`;
    expect(await ask([`OPTIONS ${inUrl} RTSP/1.0`, 'CSeq: 1'])).toMatch(/^RTSP\/1.0 200/);
    for (let i = 0; i < 5; i++) {
      expect(await ask([`DESCRIBE ${url} RTSP/1.0`, 'CSeq: 2', basic('nvr', 'wrong-password')])).toMatch(
        /^RTSP\/1.0 401/,
      );
    }
    const requests = records.filter((r) => r.level === 'debug' && r.message === 'DESCRIBE');
    expect(requests).toHaveLength(5);
    expect(requests[0]?.fields).toMatchObject({ status: 401, cseq: 2 });
    expect(records.some((r) => r.message === 'OPTIONS' && r.fields.status === 200)).toBe(true);
    const refused = records.filter((r) => r.message === 'login refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ level: 'info', component: 'restream' });
    expect(refused[0]?.fields).toMatchObject({ user: 'nvr', from: '127.0.0.1', path: 'cam' });
    expect(JSON.stringify(records)).not.toContain('wrong-password');
    expect(JSON.stringify(records)).not.toContain('url-password');
    expect(JSON.stringify(records)).not.toContain(Buffer.from('nvr:wrong-password').toString('base64'));
  });
});
