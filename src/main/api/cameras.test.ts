// The camera and status routes in process: a real host (no camera runtime) behind the router
// on a loopback port, so bodies, statuses and what the host saved are all checked.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../host';
import { FileKeySecretBox } from '../store/secret-box';
import { createApiRouter } from './index';

let dir: string;
let host: Host;
let server: Server;
let base: string;
const PASSWORD = 'S3cret-camera-pw';

interface Camera {
  id: string;
  name: string;
  url: string;
  username: string;
  hasPassword: boolean;
  transport: string;
  enabled: boolean;
  group: string;
  status: { state: string };
  fps: number | null;
}
interface ErrorBody {
  error: { code: string; field?: string; message: string };
  issues: { field: string; message: string }[];
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-api-'));
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
    relayRuntime: null,
  });
  const router = createApiRouter(host, { secure: false });
  server = createServer((req, res) => {
    void router.handle(req, res, new URL(req.url ?? '/', 'http://x').pathname);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(base + path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
const savedConfig = async () => JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));

describe('/api/v1/cameras', () => {
  it('creates a camera with defaults, 201 + Location, credentials out of the URL, no password back', async () => {
    const r = await call('POST', '/api/v1/cameras', {
      name: 'Front gate',
      url: `rtsp://admin:${PASSWORD}@127.0.0.1:9/stream1`,
    });
    expect(r.status).toBe(201);
    const text = await r.text();
    expect(text).not.toContain(PASSWORD);
    const cam = JSON.parse(text) as Camera;
    expect(r.headers.get('location')).toBe(`/api/v1/cameras/${cam.id}`);
    expect(cam).toMatchObject({
      name: 'Front gate',
      url: 'rtsp://127.0.0.1:9/stream1',
      username: 'admin',
      hasPassword: true,
      transport: 'tcp',
      enabled: true,
      group: '',
      fps: null,
    });
    expect((await savedConfig()).cameras).toHaveLength(1);

    const list = await call('GET', '/api/v1/cameras');
    const listText = await list.text();
    expect(listText).not.toContain(PASSWORD);
    expect((JSON.parse(listText) as Camera[]).map((c) => c.id)).toEqual([cam.id]);
    const one = (await (await call('GET', `/api/v1/cameras/${cam.id}`)).json()) as Camera;
    expect(one.name).toBe('Front gate');
  });

  it('refuses a bad field with 400 naming it, and saves nothing', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', url: 'http://not-rtsp/' }, 'url'],
      [{ name: '', url: 'rtsp://127.0.0.1:9/a' }, 'name'],
      [{ name: 'x', url: 'rtsp://127.0.0.1:9/a', transport: 'carrier-pigeon' }, 'transport'],
      [{ name: 'x', url: 'rtsp://127.0.0.1:9/a', colour: 'red' }, 'colour'],
      [{ url: 'rtsp://127.0.0.1:9/a' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const r = await call('POST', '/api/v1/cameras', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const e = (await r.json()) as ErrorBody;
      expect(e.error.code).toBe('invalid-argument');
      expect(e.issues.map((i) => i.field)).toContain(field);
    }
    // A rule of the service (not of the schema): the named group must exist.
    const r = await call('POST', '/api/v1/cameras', {
      name: 'x',
      url: 'rtsp://127.0.0.1:9/a',
      group: 'Nowhere',
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as ErrorBody).error.field).toBe('group');
    expect(Object.keys(host.store.state.cameras)).toEqual([]);
  });

  it('a duplicate name is a 409', async () => {
    expect(
      (await call('POST', '/api/v1/cameras', { name: 'Gate', url: 'rtsp://127.0.0.1:9/a' })).status,
    ).toBe(201);
    const r = await call('POST', '/api/v1/cameras', { name: 'gate', url: 'rtsp://127.0.0.1:9/b' });
    expect(r.status).toBe(409);
    expect(((await r.json()) as ErrorBody).error).toMatchObject({ code: 'already-exists', field: 'name' });
  });

  it('PATCH changes some fields and keeps the password; PUT replaces; DELETE is 204', async () => {
    const made = (await (
      await call('POST', '/api/v1/cameras', {
        name: 'Yard',
        url: 'rtsp://127.0.0.1:9/a',
        username: 'u',
        password: PASSWORD,
        transport: 'udp',
      })
    ).json()) as Camera;
    const patched = await call('PATCH', `/api/v1/cameras/${made.id}`, { name: 'Back yard', enabled: false });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      name: 'Back yard',
      enabled: false,
      transport: 'udp',
      username: 'u',
      hasPassword: true,
    });
    expect((await call('PATCH', `/api/v1/cameras/${made.id}`, { transport: 'x' })).status).toBe(400);

    const put = await call('PUT', `/api/v1/cameras/${made.id}`, {
      name: 'Yard 2',
      url: 'rtsp://127.0.0.1:9/b',
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      name: 'Yard 2',
      url: 'rtsp://127.0.0.1:9/b',
      username: '',
      transport: 'tcp',
      enabled: true,
      hasPassword: true,
    });
    expect((await call('PATCH', `/api/v1/cameras/${made.id}`, { password: '' })).status).toBe(200);
    expect(host.store.state.cameras[made.id]?.hasPassword).toBe(false);

    const del = await call('DELETE', `/api/v1/cameras/${made.id}`);
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    expect((await savedConfig()).cameras).toEqual([]);
    for (const method of ['GET', 'DELETE'])
      expect((await call(method, `/api/v1/cameras/${made.id}`)).status).toBe(404);
    expect((await call('PATCH', `/api/v1/cameras/${made.id}`, { name: 'z' })).status).toBe(404);
    expect(
      (await call('PUT', '/api/v1/cameras/cam_nope', { name: 'z', url: 'rtsp://127.0.0.1:9/a' })).status,
    ).toBe(404);
  });
});

describe('/api/v1/cameras restream and mode', () => {
  it('items carry mode and restream {url, path, consumers}; POST and PATCH take mode', async () => {
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const moved = await host.call('updateRestream', { port });
    expect(moved.ok).toBe(true);

    const r = await call('POST', '/api/v1/cameras', {
      name: 'Back Yard (east)',
      url: 'rtsp://127.0.0.1:9/s',
      mode: 'on-demand',
      enabled: false,
    });
    expect(r.status).toBe(201);
    const cam = (await r.json()) as Camera & { mode: string; restream: unknown };
    expect(cam.mode).toBe('on-demand');
    expect(cam.restream).toEqual({
      url: `rtsp://127.0.0.1:${port}/back-yard-east`,
      path: 'back-yard-east',
      consumers: [],
    });
    const list = (await (await call('GET', '/api/v1/cameras')).json()) as { restream: { path: string } }[];
    expect(list.map((c) => c.restream.path)).toEqual(['back-yard-east']);

    const patched = await call('PATCH', `/api/v1/cameras/${cam.id}`, { mode: 'always' });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { mode: string }).mode).toBe('always');
    expect((await savedConfig()).cameras[0].mode).toBe('always');
    // A PATCH of another field keeps the mode.
    await call('PATCH', `/api/v1/cameras/${cam.id}`, { mode: 'on-demand' });
    const renamed = await call('PATCH', `/api/v1/cameras/${cam.id}`, { name: 'Back' });
    expect(((await renamed.json()) as { mode: string }).mode).toBe('on-demand');

    const bad = await call('PATCH', `/api/v1/cameras/${cam.id}`, { mode: 'sometimes' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.field).toBe('mode');

    // No listener: the URL is null, the path stays.
    await host.call('updateRestream', { enabled: false });
    const off = (await (await call('GET', `/api/v1/cameras/${cam.id}`)).json()) as {
      restream: { url: string | null; path: string };
    };
    expect(off.restream).toMatchObject({ url: null, path: 'back-yard-east' });
  });
});

describe('/api/v1/status', () => {
  it('reports version, uptime and camera counts', async () => {
    await call('POST', '/api/v1/cameras', { name: 'A', url: 'rtsp://127.0.0.1:9/a' });
    await call('POST', '/api/v1/cameras', { name: 'B', url: 'rtsp://127.0.0.1:9/b', enabled: false });
    const s = (await (await call('GET', '/api/v1/status')).json()) as {
      version: string;
      uptimeSeconds: number;
      cameras: { total: number; enabled: number; byState: Record<string, number> };
      relay: { status: { state: string } };
    };
    expect(s.version).toBe(host.store.state.app.version);
    expect(s.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(s.cameras).toMatchObject({ total: 2, enabled: 1, byState: { connecting: 1, disabled: 1 } });
    expect(typeof s.relay.status.state).toBe('string');
  });
});
