import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_BODY_BYTES } from './http';
import { ApiRouter } from './router';

let server: Server;
let base: string;
const router = new ApiRouter()
  .add({ method: 'GET', path: '/api/v1/things', handle: () => ({ status: 200, body: ['a'] }) })
  .add({
    method: 'GET',
    path: '/api/v1/things/{id}',
    handle: ({ params }) => ({ status: 200, body: { id: params.id } }),
  })
  .add({
    method: 'POST',
    path: '/api/v1/things',
    body: z.strictObject({ name: z.string().min(1, 'required'), n: z.number().int().optional() }),
    handle: ({ body }) => ({ status: 201, body, headers: { location: '/api/v1/things/x' } }),
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void router.handle(req, res, url.pathname);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

interface ErrorBody {
  error: { code: string; message: string; field?: string };
  issues: { field: string }[];
}
const errorOf = async (r: Response) => (await r.json()) as ErrorBody;

const post = (path: string, body: string, type = 'application/json') =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': type }, body });

describe('ApiRouter', () => {
  it('routes by method and pattern, decoding path parameters', async () => {
    expect(await (await fetch(`${base}/api/v1/things`)).json()).toEqual(['a']);
    const one = await fetch(`${base}/api/v1/things/a%20b`);
    expect(await one.json()).toEqual({ id: 'a b' });
    const made = await post('/api/v1/things', '{"name":"x","n":2}');
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe('/api/v1/things/x');
    expect(await made.json()).toEqual({ name: 'x', n: 2 });
  });

  it('answers unknown paths with a JSON 404 and known paths with another method with 405 + Allow', async () => {
    for (const path of ['/api/v1/nope', '/api/v1/things/a/b', '/api/v1/things/', '/api/v1/things/%E0%A4%A']) {
      const r = await fetch(base + path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toBe('application/json');
      expect((await errorOf(r)).error.code).toBe('not-found');
    }
    const r = await fetch(`${base}/api/v1/things`, { method: 'DELETE' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, POST');
    expect((await errorOf(r)).error.code).toBe('method-not-allowed');
  });

  it('refuses bad bodies with 400 {error, issues} naming the fields, before the handler runs', async () => {
    const r = await post('/api/v1/things', '{"name":"","n":1.5,"extra":1}');
    expect(r.status).toBe(400);
    const body = await errorOf(r);
    expect(body.error.code).toBe('invalid-argument');
    expect(body.issues.map((i) => i.field).sort()).toEqual(['extra', 'n', 'name']);
    expect(body.error.field).toBe(body.issues[0]?.field);
    expect((await post('/api/v1/things', '{"name":')).status).toBe(400);
    expect((await post('/api/v1/things', '[1]')).status).toBe(400);
    expect((await post('/api/v1/things', '{"name":"x"}', 'text/plain')).status).toBe(415);
  });

  it('bounds the body size', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) });
    const r = await post('/api/v1/things', big);
    expect(r.status).toBe(413);
    expect((await errorOf(r)).error.message).toContain(String(MAX_BODY_BYTES));
  });

  it('survives any bytes as a body', async () => {
    for (const bytes of [Buffer.from([0xff, 0xfe, 0, 1]), Buffer.from('\u0000{}'), Buffer.alloc(0)]) {
      const r = await fetch(`${base}/api/v1/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bytes,
      });
      expect(r.status).toBe(400);
    }
  });

  it('refuses a route registered twice', () => {
    expect(() =>
      router.add({ method: 'GET', path: '/api/v1/things', handle: () => ({ status: 200 }) }),
    ).toThrow(/twice/);
  });
});
