// The API through the real headless server: token checks answered in JSON (never the login
// page), a foreign page refused, no CORS for other sites, and the routes behind it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HeadlessServer, startHeadlessServer } from '../headless/server';
import { createHost, type Host } from '../host';
import { FileKeySecretBox } from '../store/secret-box';
import { createApi } from './index';

let dir: string;
let host: Host;
let server: HeadlessServer;
const TOKEN = 'T'.repeat(43);
const auth = { authorization: `Bearer ${TOKEN}` };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-api-http-'));
  const renderer = join(dir, 'renderer');
  await mkdir(renderer, { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>camrelay</title>');
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
    relayRuntime: null,
  });
  server = await startHeadlessServer({
    host,
    token: TOKEN,
    rendererDir: renderer,
    apiRoutes: createApi(host, { secure: false }),
  });
});
afterEach(async () => {
  await server.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const req = (method: string, path: string, headers: Record<string, string> = auth, body?: unknown) =>
  fetch(server.url + path.replace(/^\//, ''), {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('the HTTP API on the headless server', () => {
  it('answers a missing, wrong or foreign-page token with a JSON 401, never the HTML page', async () => {
    const origin = server.url.replace(/\/$/, '');
    const refused: Record<string, string>[] = [
      {},
      { accept: 'text/html' },
      { authorization: `Bearer ${'x'.repeat(43)}` },
      { authorization: 'Session s1.bogus.x.y' },
      { ...auth, origin: 'http://evil.example' },
    ];
    for (const headers of refused) {
      const r = await req('GET', '/api/v1/cameras', headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(r.headers.get('www-authenticate')).toContain('Bearer');
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    // A same-origin page (the console) with the token is accepted.
    expect((await req('GET', '/api/v1/cameras', { ...auth, origin })).status).toBe(200);
    // A cross-site preflight gets no CORS grant, so no other site can send JSON here.
    const pre = await req('OPTIONS', '/api/v1/cameras', {
      origin: 'http://evil.example',
      'access-control-request-method': 'POST',
    });
    expect(pre.status).toBe(401);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts the console session credential as the console does', async () => {
    const origin = server.url.replace(/\/$/, '');
    const grant = await fetch(`${server.url}session`, { method: 'POST', headers: { ...auth, origin } });
    const { session } = (await grant.json()) as { session: string };
    const r = await req('GET', '/api/v1/status', { authorization: `Session ${session}`, origin });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { version: string }).version).toBe(host.store.state.app.version);
  });

  it('creates, lists and deletes a camera; unknown /api/ paths are JSON 404s', async () => {
    const made = await req('POST', '/api/v1/cameras', auth, { name: 'Gate', url: 'rtsp://127.0.0.1:9/a' });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const list = (await (await req('GET', '/api/v1/cameras')).json()) as { id: string }[];
    expect(list.map((c) => c.id)).toEqual([id]);
    expect((await req('DELETE', `/api/v1/cameras/${id}`)).status).toBe(204);

    for (const path of ['/api/v1/nothing', '/api/v2/cameras', '/api/']) {
      const r = await req('GET', path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(await r.text()).not.toContain('<!doctype');
    }
    const plain = await fetch(`${server.url}api/v1/cameras`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: '{"name":"x","url":"rtsp://127.0.0.1:9/a"}',
    });
    expect(plain.status).toBe(415);
  });

  it('keeps the share routes and serves the OpenAPI document', async () => {
    expect(await (await req('GET', '/api/v1/shares')).json()).toEqual({ shares: [] });
    const share = await req('POST', '/api/v1/cameras/cam_nope/shares', auth, { ttlSeconds: 60 });
    expect(share.status).toBe(404);
    const bad = await req('POST', '/api/v1/cameras/cam_nope/shares', auth, { ttlSeconds: 1 });
    expect(bad.status).toBe(400);
    expect((await req('DELETE', '/api/v1/shares/nope')).status).toBe(404);
    expect((await req('PUT', '/api/v1/shares')).status).toBe(405);
    const doc = (await (await req('GET', '/api/v1/openapi.json')).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/cameras/{id}');
  });
});
