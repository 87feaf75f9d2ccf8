// The restream listener from config.json through the host: defaults, the refusal of a
// network address without a restream user (also when the last user would go), a taken port
// reported in the state (the host still starts), user passwords encrypted at rest, and a
// user limited to one camera refused the others (404) over a real RTSP connection.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../shared/cameras';
import type { CommandResponse } from '../../shared/errors';
import { DEFAULT_RESTREAM } from '../../shared/restream';
import { createHost, type Host } from '../host';
import { FileKeySecretBox } from '../store/secret-box';

let dir: string;
let host: Host | undefined;
let blocker: Server | undefined;

function listenAny(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}
const portOf = (s: Server) => (s.address() as { port: number }).port;
async function freePort(): Promise<number> {
  const s = await listenAny();
  const port = portOf(s);
  await new Promise((r) => s.close(r));
  return port;
}

async function start(restream: Record<string, unknown>) {
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({ version: 1, settings: {}, restream: { settings: restream } }),
  );
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
    relayRuntime: null,
    webrtc: { bindAddress: '127.0.0.1' },
  });
  return host;
}
function ok<T>(r: CommandResponse<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}
function err(r: CommandResponse<unknown>) {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}
const camera = (name: string) => ({
  name,
  url: 'rtsp://192.0.2.10:554/stream1',
  username: '',
  transport: 'tcp',
  group: '',
  enabled: false,
  policies: DEFAULT_POLICIES,
});

/** One RTSP DESCRIBE over a fresh connection; the status line of the answer. */
function describeStatus(port: number, path: string, auth?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let text = '';
    s.on('data', (d) => {
      text += d.toString();
      if (text.includes('\r\n\r\n')) {
        s.destroy();
        resolve(text.split('\r\n')[0]!);
      }
    });
    s.on('error', reject);
    const lines = [`DESCRIBE rtsp://127.0.0.1:${port}/${path} RTSP/1.0`, 'CSeq: 1'];
    if (auth) lines.push(`Authorization: Basic ${Buffer.from(auth).toString('base64')}`);
    s.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-rscfg-'));
});
afterEach(async () => {
  await host?.close();
  host = undefined;
  if (blocker) await new Promise((r) => blocker!.close(r));
  blocker = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('restream config', () => {
  it('is on by default at 127.0.0.1:8554 and listens where config.json says', async () => {
    expect(DEFAULT_RESTREAM).toMatchObject({ enabled: true, host: '127.0.0.1', port: 8554, graceSec: 10 });
    const port = await freePort();
    const h = await start({ port });
    expect(h.config.restream.settings).toMatchObject({ enabled: true, host: '127.0.0.1', port });
    expect(h.store.state.restream.status).toEqual({ state: 'running', url: `rtsp://127.0.0.1:${port}` });
    expect(h.restream?.port).toBe(port);
    ok(await h.call('updateRestream', { enabled: false }));
    expect(h.store.state.restream.status).toEqual({ state: 'stopped' });
    expect(h.restream).toBeUndefined();
  });

  it('refuses a network address without a restream user, and keeps the last user while it listens there', async () => {
    const h = await start({ port: await freePort() });
    const refused = err(await h.call('updateRestream', { host: '0.0.0.0' }));
    expect(refused).toMatchObject({ code: 'invalid-argument', field: 'host' });
    expect(refused.message).toMatch(/without a restream user/);
    expect(h.config.restream.settings.host).toBe('127.0.0.1');
    ok(await h.call('addRestreamUser', { name: 'nvr', password: 'recorder-pw-1' }));
    ok(await h.call('updateRestream', { host: '0.0.0.0' }));
    expect(h.store.state.restream.status.state).toBe('running');
    const last = err(await h.call('removeRestreamUser', { name: 'nvr' }));
    expect(last).toMatchObject({ code: 'invalid-argument', field: 'name' });
    expect(h.config.restream.users.map((u) => u.name)).toEqual(['nvr']);
  });

  it('a taken port is shown in the state and the log, and the host still starts', async () => {
    blocker = await listenAny();
    const h = await start({ port: portOf(blocker) });
    const status = h.store.state.restream.status;
    expect(status.state).toBe('error');
    expect(status.state === 'error' && status.message).toMatch(/already in use/);
    expect(h.store.state.log.some((e) => e.source === 'restream' && e.level === 'error')).toBe(true);
    // Changing to another taken port is refused on the field; a free one starts it.
    const again = err(await h.call('updateRestream', { port: portOf(blocker) }));
    expect(again).toMatchObject({ code: 'port-in-use', field: 'port' });
    const port = await freePort();
    ok(await h.call('updateRestream', { port }));
    expect(h.store.state.restream.status).toEqual({ state: 'running', url: `rtsp://127.0.0.1:${port}` });
  });

  it('keeps user passwords encrypted, and a user limited to one camera gets 404 for the others', async () => {
    const port = await freePort();
    const h = await start({ port });
    const a = ok<{ id: string }>(await h.call('addCamera', camera('Yard')));
    ok(await h.call('addCamera', camera('Garage')));
    ok(await h.call('addRestreamUser', { name: 'yard-only', password: 'secret-PW-123', cameras: [a.id] }));
    const bad = err(await h.call('addRestreamUser', { name: 'x', password: 'short' }));
    expect(bad).toMatchObject({ code: 'invalid-argument', field: 'password' });
    const unknown = err(
      await h.call('addRestreamUser', { name: 'y', password: 'long-enough', cameras: ['cam_nope'] }),
    );
    expect(unknown).toMatchObject({ code: 'not-found', field: 'cameras' });

    for (const file of ['config.json', 'secrets.json']) {
      expect(await readFile(join(dir, file), 'utf8')).not.toContain('secret-PW-123');
    }
    expect(JSON.stringify(h.store.state)).not.toContain('secret-PW-123');
    expect(h.store.state.restream.users).toEqual([
      { name: 'yard-only', cameras: [a.id], createdAt: expect.any(Number) },
    ]);
    expect(h.store.state.restream.paths).toEqual({
      [a.id]: 'yard',
      [Object.keys(h.store.state.cameras)[1]!]: 'garage',
    });

    expect(await describeStatus(port, 'yard')).toMatch(/^RTSP\/1.0 401/);
    expect(await describeStatus(port, 'yard', 'yard-only:wrong-password')).toMatch(/^RTSP\/1.0 401/);
    // Allowed, but the camera is disabled: a 503 that says so.
    expect(await describeStatus(port, 'yard', 'yard-only:secret-PW-123')).toBe(
      'RTSP/1.0 503 Camera Disabled',
    );
    expect(await describeStatus(port, 'garage', 'yard-only:secret-PW-123')).toMatch(/^RTSP\/1.0 404/);

    // After a restart the password is read back from the encrypted store.
    await h.close();
    host = undefined;
    host = await createHost({
      dataDir: dir,
      platform: 'headless',
      secretBox: await FileKeySecretBox.open(dir),
      cameraRuntime: null,
      relayRuntime: null,
      webrtc: { bindAddress: '127.0.0.1' },
    });
    expect(await describeStatus(port, 'yard', 'yard-only:secret-PW-123')).toBe(
      'RTSP/1.0 503 Camera Disabled',
    );
    // A new password and every camera: the old password is refused, the garage allowed.
    ok(
      await host.call('updateRestreamUser', {
        name: 'yard-only',
        password: 'new-secret-PW-4',
        cameras: null,
      }),
    );
    expect(await describeStatus(port, 'yard', 'yard-only:secret-PW-123')).toMatch(/^RTSP\/1.0 401/);
    expect(await describeStatus(port, 'garage', 'yard-only:new-secret-PW-4')).toBe(
      'RTSP/1.0 503 Camera Disabled',
    );
    expect(host.store.state.restream.users[0]).not.toHaveProperty('cameras');
    ok(await host.call('removeRestreamUser', { name: 'yard-only' }));
    expect(await describeStatus(port, 'garage')).toBe('RTSP/1.0 503 Camera Disabled');
  });
});
