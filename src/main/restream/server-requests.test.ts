// The restream server facing any bytes: every input gets RTSP responses or a closed connection
// (never a crash, never a hang), an oversized header block is refused with 400 and closed, and
// the server keeps answering afterwards. Plus the request-level answers (OPTIONS, 404, 454,
// 461, keepalive) checked over a real socket.

import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetOf } from './connection';
import { FrameFanOut } from './fan-out';
import { RestreamServer } from './server';

let server: RestreamServer;

beforeAll(async () => {
  server = new RestreamServer({ port: 0 });
  server.setPath('cam', new FrameFanOut());
  await server.listen();
});

afterAll(async () => {
  await server.close();
});

/**
 * Sends `bytes` (then half-closes when `end`) and resolves with what the server wrote: once it
 * closed, or (unless `waitClose`) once a whole response head arrived. Bounded: 5 s.
 */
function exchange(bytes: Buffer, end = true, waitClose = false): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1');
    let text = '';
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(() => reject(new Error(`no answer in 5 s, got ${JSON.stringify(text)}`)), 5000);
    s.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (!waitClose && !end && text.includes('\r\n\r\n')) finish(false);
    });
    s.on('close', () => finish(true));
    s.on('error', reject);
    s.on('connect', () => {
      s.write(bytes);
      if (end) s.end();
    });
  });
}

const request = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');

describe('request parser', () => {
  it('any bytes: responses or a closed connection, and the server still answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.string({ maxLength: 300 }).map((s) => `OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n${s}\r\n\r\n`),
          fc.string({ maxLength: 300 }).map((s) => `DESCRIBE ${s} RTSP/1.0\r\nCSeq: 2\r\n\r\n`),
        ),
        async (input) => {
          const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input);
          const { text } = await exchange(bytes);
          if (text !== '') expect(text.startsWith('RTSP/1.0 ')).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
    const after = await exchange(request(['OPTIONS * RTSP/1.0', 'CSeq: 7']), false);
    expect(after.text).toMatch(/^RTSP\/1\.0 200 OK\r\n/);
  }, 60_000);

  it('garbage is answered 400 and the connection closed', async () => {
    const r = await exchange(Buffer.from('\x00\x01hello', 'latin1'), false, true);
    expect(r.text).toMatch(/^RTSP\/1\.0 400 /);
    expect(r.closed).toBe(true);
  });

  it('a header block over 8 KiB is refused with 400 and closed', async () => {
    const long = Buffer.from(`OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX: ${'a'.repeat(9000)}`, 'latin1');
    const r = await exchange(long, false, true);
    expect(r.text).toMatch(/^RTSP\/1\.0 400 /);
    expect(r.closed).toBe(true);
  });
});

describe('answers', () => {
  it('OPTIONS lists the methods, with the CSeq', async () => {
    const r = await exchange(request(['OPTIONS rtsp://127.0.0.1/cam RTSP/1.0', 'CSeq: 3']), false);
    expect(r.text).toMatch(/CSeq: 3\r\n/);
    expect(r.text).toMatch(/Public: OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER/);
  });

  it('an unknown path is 404; a camera without a session yet is 503', async () => {
    const a = await exchange(request(['DESCRIBE rtsp://127.0.0.1/nope RTSP/1.0', 'CSeq: 1']), false);
    expect(a.text).toMatch(/^RTSP\/1\.0 404 /);
    const b = await exchange(request(['DESCRIBE rtsp://127.0.0.1/cam RTSP/1.0', 'CSeq: 1']), false);
    expect(b.text).toMatch(/^RTSP\/1\.0 503 /);
  });

  it('PLAY of an unknown session is 454; a keepalive without a session is 200', async () => {
    const a = await exchange(
      request(['PLAY rtsp://127.0.0.1/cam RTSP/1.0', 'CSeq: 1', 'Session: 1234']),
      false,
    );
    expect(a.text).toMatch(/^RTSP\/1\.0 454 /);
    const b = await exchange(request(['GET_PARAMETER rtsp://127.0.0.1/cam RTSP/1.0', 'CSeq: 2']), false);
    expect(b.text).toMatch(/^RTSP\/1\.0 200 /);
  });

  it('a request without CSeq is 400; RECORD is 501', async () => {
    const a = await exchange(request(['OPTIONS * RTSP/1.0']), false);
    expect(a.text).toMatch(/^RTSP\/1\.0 400 /);
    const b = await exchange(request(['RECORD rtsp://127.0.0.1/cam RTSP/1.0', 'CSeq: 1']), false);
    expect(b.text).toMatch(/^RTSP\/1\.0 501 /);
  });

  it('refuses a non-loopback bind without a restream user', async () => {
    const s = new RestreamServer({ host: '0.0.0.0', port: 0 });
    await expect(s.listen()).rejects.toThrow(/without a restream user/);
  });

  it('a connection that says nothing is closed after the session timeout', async () => {
    const quick = new RestreamServer({ port: 0, sessionTimeoutSec: 1 });
    await quick.listen();
    try {
      const closed = await new Promise<boolean>((resolve) => {
        const s = connect(quick.port, '127.0.0.1');
        const timer = setTimeout(() => resolve(false), 15_000);
        s.on('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
        s.on('error', () => {});
      });
      expect(closed).toBe(true);
    } finally {
      await quick.close();
    }
  });

  it('reads paths and tracks from request URLs', () => {
    expect(targetOf('rtsp://u:p@h:8554/front-door/trackID=1')).toEqual({ path: 'front-door', track: 1 });
    expect(targetOf('rtsp://h/front-door/*')).toEqual({ path: 'front-door', track: undefined });
    expect(targetOf('rtsp://h/a%20b/?x=1')).toEqual({ path: 'a b', track: undefined });
    expect(targetOf('rtsp://h/%E0%A4%A')).toBeUndefined();
    expect(targetOf('http:/x')).toBeUndefined();
  });
});
