// Session behaviour against a scripted server, time injected: keepalive method choice and
// failure, frame timeout, Digest stale nonce, redirects, credentials kept out of the URL.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { RtspError } from './error';
import { describe as rtspDescribe } from './session';
import { FakeClock } from './testing/fake-clock';
import { rtpPacket } from './testing/packets';
import { camera, ScriptedServer, until } from './testing/scripted-server';

let srv: ScriptedServer | undefined;
afterEach(async () => {
  await srv?.stop();
  srv = undefined;
});

const interleaved = (ch: number, b: Buffer) =>
  Buffer.concat([Buffer.from([0x24, ch, b.length >> 8, b.length & 0xff]), b]);

describe('keepalive', () => {
  it('OPTIONS first, then GET_PARAMETER as Public allows; every timeout/2', async () => {
    const clock = new FakeClock();
    srv = await ScriptedServer.start(
      camera({ session: 's1;timeout=10', public: 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER' }),
    );
    const d = await rtspDescribe(srv.url(), { clock, receiverReportIntervalMs: 0 });
    await d.setup(0);
    const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9 });
    await clock.advance(4999);
    expect(srv.methods()).toEqual(['DESCRIBE', 'SETUP', 'PLAY']);
    await clock.advance(1);
    await until(() => srv!.methods().length === 4);
    await clock.advance(5000);
    await until(() => srv!.methods().length === 5);
    expect(srv.methods().slice(3)).toEqual(['OPTIONS', 'GET_PARAMETER']);
    expect(srv.requests[4]!.headers.get('session')).toBe('s1');
    expect(p.keepalives).toBe(2);
    expect(p.closed).toBe(false);
    p.close();
  });

  it('gw-security-get-parameter-fails: a refused GET_PARAMETER keepalive falls back to OPTIONS', async () => {
    const clock = new FakeClock();
    srv = await ScriptedServer.start(
      camera({
        session: 's1;timeout=10',
        override: (req) =>
          req.method === 'GET_PARAMETER' ? { status: 405, reason: 'Method Not Allowed' } : undefined,
      }),
    );
    const d = await rtspDescribe(srv.url(), { clock, receiverReportIntervalMs: 0 });
    await d.setup(0);
    const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9 });
    for (let i = 1; i <= 3; i++) {
      await clock.advance(5000);
      await until(() => srv!.methods().length === 3 + i);
    }
    expect(srv.methods().slice(3)).toEqual(['OPTIONS', 'GET_PARAMETER', 'OPTIONS']);
    expect(p.closed).toBe(false);
    p.close();
  });

  it('a keepalive never answered fails the session with kind timeout when the next is due', async () => {
    const clock = new FakeClock();
    srv = await ScriptedServer.start(
      camera({
        session: 's1;timeout=10',
        override: (req) => (req.method === 'OPTIONS' ? 'ignore' : undefined),
      }),
    );
    const d = await rtspDescribe(srv.url(), { clock, receiverReportIntervalMs: 0 });
    await d.setup(0);
    const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9 });
    await clock.advance(5000);
    await until(() => srv!.methods().includes('OPTIONS'));
    await clock.advance(4999);
    expect(p.closed).toBe(false);
    await clock.advance(1);
    const err = await p
      .packets()
      .next()
      .catch((e) => e);
    expect(err).toBeInstanceOf(RtspError);
    expect((err as RtspError).kind).toBe('timeout');
    expect((err as RtspError).message).toMatch(/keepalive/);
  });
});

it('no frame for frameTimeoutMs fails the session (time injected)', async () => {
  const clock = new FakeClock();
  srv = await ScriptedServer.start(camera({ playAfter: [interleaved(0, rtpPacket(1, 0))] }));
  const d = await rtspDescribe(srv.url(), { clock });
  await d.setup(0);
  const p = await d.play({ mode: 'packets', frameTimeoutMs: 3000 });
  const it = p.packets();
  expect((await it.next()).value).toMatchObject({ kind: 'rtp', sequence: 1 });
  await clock.advance(2999);
  expect(p.closed).toBe(false);
  await clock.advance(1);
  const err = await it.next().catch((e) => e);
  expect((err as RtspError).kind).toBe('timeout');
  expect((err as RtspError).message).toMatch(/no packet for 3000 ms/);
});

it('a refused connection is kind network', async () => {
  const refused = await rtspDescribe('rtsp://127.0.0.1:1/x', { connectTimeoutMs: 2000 }).catch((e) => e);
  expect((refused as RtspError).kind).toBe('network');
});

describe('authentication', () => {
  it('Digest stale=true: retried with the new nonce; the password never appears', async () => {
    let n = 0;
    srv = await ScriptedServer.start(
      camera({
        override: (req) => {
          if (req.method !== 'DESCRIBE') return undefined;
          n++;
          const auth = req.headers.get('authorization');
          if (!auth)
            return {
              status: 401,
              reason: 'Unauthorized',
              headers: { 'WWW-Authenticate': 'Digest realm="cam", nonce="n1"' },
            };
          if (auth.includes('nonce="n1"'))
            return {
              status: 401,
              reason: 'Unauthorized',
              headers: { 'WWW-Authenticate': 'Digest realm="cam", nonce="n2", stale=true' },
            };
          return undefined;
        },
      }),
    );
    const d = await rtspDescribe(srv.url().replace('rtsp://', 'rtsp://admin:s3cret@'), {});
    expect(n).toBe(3);
    expect(srv.requests[2]!.headers.get('authorization')).toMatch(/nonce="n2"/);
    expect(srv.requests.every((r) => !r.url.includes('s3cret'))).toBe(true);
    await d.setup(0);
    expect(srv.requests[3]!.headers.get('authorization')).toMatch(/^Digest username="admin"/);
    d.close();
  });

  it('401 after the retry is kind auth; no credentials at all is kind auth', async () => {
    srv = await ScriptedServer.start(
      camera({ override: () => ({ status: 401, headers: { 'WWW-Authenticate': 'Basic realm="x"' } }) }),
    );
    const e1 = await rtspDescribe(srv.url(), {
      credentials: { username: 'a', password: 'hunter2' },
      allowBasicAuth: true,
    }).catch((e) => e);
    expect((e1 as RtspError).kind).toBe('auth');
    expect(JSON.stringify((e1 as RtspError).toJSON())).not.toContain('hunter2');
    expect(srv.methods()).toEqual(['DESCRIBE', 'DESCRIBE']);
  });

  it('over plain RTSP, Basic is not answered unless allowed: one DESCRIBE, no Authorization, a clear error', async () => {
    srv = await ScriptedServer.start(
      camera({ override: () => ({ status: 401, headers: { 'WWW-Authenticate': 'Basic realm="x"' } }) }),
    );
    const e = await rtspDescribe(srv.url(), { credentials: { username: 'a', password: 'hunter2' } }).catch(
      (x) => x,
    );
    expect((e as RtspError).kind).toBe('auth');
    expect((e as RtspError).description).toMatch(/only Basic/);
    expect(srv.methods()).toEqual(['DESCRIBE']);
    expect(srv.requests.every((r) => !r.headers.has('authorization'))).toBe(true);
  });
});

it('follows a 3xx redirect to another URL', async () => {
  const target = await ScriptedServer.start(camera());
  try {
    srv = await ScriptedServer.start(
      camera({
        override: (req) =>
          req.method === 'DESCRIBE'
            ? { status: 302, reason: 'Found', headers: { Location: target.url('/moved') } }
            : undefined,
      }),
    );
    const d = await rtspDescribe(srv.url());
    expect(d.url).toBe(`${target.url('/moved')}/`);
    expect(target.methods()).toEqual(['DESCRIBE']);
    d.close();
  } finally {
    await target.stop();
  }
});

it('a server that sends garbage fails with kind framing naming the byte offset', async () => {
  srv = await ScriptedServer.start(camera({ playAfter: [Buffer.from('\x00\x01garbage')] }));
  const d = await rtspDescribe(srv.url());
  await d.setup(0);
  const p = await d.play({ mode: 'packets' });
  const err = await p
    .packets()
    .next()
    .catch((e) => e);
  expect((err as RtspError).kind).toBe('framing');
  expect((err as RtspError).context.offset).toBeGreaterThan(100);
});

describe('lifetimes', () => {
  it('300 failed DESCRIBEs sharing one signal leave no listener on it', async () => {
    srv = await ScriptedServer.start(
      camera({
        override: (req) => (req.method === 'DESCRIBE' ? { status: 404, reason: 'Not Found' } : undefined),
      }),
    );
    const signal = new AbortController().signal;
    for (let i = 0; i < 300; i++) {
      await expect(rtspDescribe(srv.url(), { signal })).rejects.toBeInstanceOf(RtspError);
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('frames(signal) lets go of the signal when the session ends; leaving the loop closes the session', async () => {
    srv = await ScriptedServer.start(
      camera({
        playAfter: [interleaved(0, rtpPacket(1, 0, { marker: true, payload: Buffer.from([0x65, 0x88]) }))],
      }),
    );
    const signal = new AbortController().signal;
    const d = await rtspDescribe(srv.url(), { signal });
    await d.setup(0);
    const p = await d.play();
    for await (const _frame of p.frames(signal)) break;
    // return() of the iterator closed the session and every listener went with it.
    expect(p.closed).toBe(true);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    await until(() => srv!.methods().includes('TEARDOWN'));
  });
});
