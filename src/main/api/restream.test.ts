// The restream routes in process: a real host behind the router on a loopback port, so the
// bodies, statuses, what the host saved and what it refused are all checked.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../host';
import { FileKeySecretBox } from '../store/secret-box';
import { freeTcpPort } from '../testing/ports';
import { createApiRouter } from './index';

let dir: string;
let host: Host;
let server: Server;
let base: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-api-rs-'));
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
    relayRuntime: null,
    webrtc: { bindAddress: '127.0.0.1' },
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

describe('/api/v1/restream', () => {
  it('reads and changes the listener; users are added and removed, passwords never returned', async () => {
    const port = await freeTcpPort();
    const moved = await call('PATCH', '/api/v1/restream', { port, graceSec: 20 });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      settings: { enabled: true, host: '127.0.0.1', port, graceSec: 20 },
      status: { state: 'running', url: `rtsp://127.0.0.1:${port}` },
      users: [],
    });

    const open = await call('PATCH', '/api/v1/restream', { host: '0.0.0.0' });
    expect(open.status).toBe(400);
    expect(((await open.json()) as { error: { field: string } }).error.field).toBe('host');
    const junk = await call('PATCH', '/api/v1/restream', { graceSec: -1 });
    expect(junk.status).toBe(400);

    const made = await call('POST', '/api/v1/restream/users', { name: 'nvr', password: 'recorder-pw-1' });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe('/api/v1/restream/users/nvr');
    const text = await made.text();
    expect(text).not.toContain('recorder-pw-1');
    expect(JSON.parse(text)).toMatchObject({ name: 'nvr' });
    expect(
      (await call('POST', '/api/v1/restream/users', { name: 'nvr', password: 'recorder-pw-1' })).status,
    ).toBe(409);
    expect((await call('POST', '/api/v1/restream/users', { name: 'x', password: 'short' })).status).toBe(400);
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('recorder-pw-1');

    const listed = (await (await call('GET', '/api/v1/restream')).json()) as { users: { name: string }[] };
    expect(listed.users.map((u) => u.name)).toEqual(['nvr']);
    const changed = await call('PATCH', '/api/v1/restream/users/nvr', { cameras: [] });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ name: 'nvr', cameras: [] });
    expect((await call('PATCH', '/api/v1/restream/users/nvr', { cameras: ['cam_none'] })).status).toBe(404);
    expect((await call('DELETE', '/api/v1/restream/users/nvr')).status).toBe(204);
    expect((await call('DELETE', '/api/v1/restream/users/nvr')).status).toBe(404);
  });
});
