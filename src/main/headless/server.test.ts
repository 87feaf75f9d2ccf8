import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/wire';
import { createHost, type Host } from '../host';
import { FileKeySecretBox } from '../store/secret-box';
import { type HeadlessServer, startHeadlessServer } from './server';

let dir: string;
let host: Host;
let server: HeadlessServer;
const TOKEN = 'T'.repeat(43);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-headless-'));
  const renderer = join(dir, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>camrelay</title>');
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
    relayRuntime: null,
  });
  server = await startHeadlessServer({ host, token: TOKEN, rendererDir: renderer });
});
afterEach(async () => {
  await server.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { headers, redirect: 'manual' });
const auth = { authorization: `Bearer ${TOKEN}` };

function openSocket(
  headers: Record<string, string> = auth,
): Promise<{ ws: WebSocket; messages: ServerMessage[] }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws`, { headers });
  const messages: ServerMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

async function waitFor<T>(fn: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('headless server', () => {
  it('binds loopback by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the page and its assets to anyone (they hold no secret), and nothing else', async () => {
    expect((await get('')).status).toBe(200);
    expect((await get('assets/app.js')).status).toBe(200);
    // The page ignores ?token= on the server: no redirect, no cookie.
    const page = await get(`relay?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const path of ['ws', 'media', 'media/stats', 'session']) {
      expect((await get(path)).status).toBe(401);
      expect((await get(`${path}?token=${TOKEN}`)).status).toBe(401);
    }
    expect((await get('media/stats', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get('media/stats', auth)).status).toBe(200);
  });

  it('answers 401 with a page that says where the token is, and no secret', async () => {
    const res = await get('media/stats', { accept: 'text/html,application/xhtml+xml' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<h1>Access token needed</h1>');
    expect(html).toContain('ui-token');
    expect(html).toContain('camrelay console:');
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain(dir);
    const plain = await get('session');
    expect(await plain.text()).toMatch(/^401 Unauthorized\. .*ui-token/);
  });

  it('serves only files inside the renderer directory', async () => {
    expect((await get('assets/app.js', auth)).status).toBe(200);
    expect((await get('..%2Fsecret.txt', auth)).status).toBe(404);
    expect((await get('assets/../../secret.txt', auth)).status).not.toBe(200);
    expect((await get('assets/missing.js', auth)).status).toBe(404);
  });

  it('bridges the contract over a WebSocket: snapshot, command, patch, result', async () => {
    const { ws, messages } = await openSocket();
    const snapshot = await waitFor(() => messages.find((m) => m.type === 'snapshot'));
    expect(snapshot.type === 'snapshot' && snapshot.state.settings.startHidden).toBe(false);

    ws.send(JSON.stringify({ type: 'call', id: 7, name: 'updateSettings', args: { startHidden: true } }));
    const result = await waitFor(() => messages.find((m) => m.type === 'result'));
    expect(result).toMatchObject({ id: 7, response: { ok: true } });
    // The patch carrying the change arrived before the result.
    const patchIndex = messages.findIndex((m) => m.type === 'patch');
    expect(patchIndex).toBeGreaterThan(-1);
    expect(patchIndex).toBeLessThan(messages.indexOf(result));

    ws.send(JSON.stringify({ type: 'call', id: 8, name: 'updateSettings', args: { startHidden: 7 } }));
    const bad = await waitFor(() => messages.find((m) => m.type === 'result' && m.id === 8));
    expect(bad).toMatchObject({
      response: { ok: false, error: { code: 'invalid-argument', field: 'startHidden' } },
    });
    ws.close();
  });

  it('drops malformed client messages and counts them, and answers resync with a snapshot', async () => {
    const { ws, messages } = await openSocket();
    await waitFor(() => messages.find((m) => m.type === 'snapshot'));
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'call', id: 'x' }));
    ws.send(Buffer.from([1, 2, 3]));
    ws.send(JSON.stringify({ type: 'resync' }));
    await waitFor(() => (messages.filter((m) => m.type === 'snapshot').length === 2 ? true : undefined));
    expect(server.stats.droppedMessages).toBe(3);
    ws.close();
  });

  it('refuses a WebSocket from another origin even with the token', async () => {
    await expect(openSocket({ ...auth, origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });
});
