// The /media WebSocket against a real host and headless server: the same token and origin
// checks as /ws, binary channels to the live service, and the subscriber count in state.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_POLICIES } from '../../shared/cameras';
import {
  type ClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  type LiveStats,
  type ServerMessage,
} from '../../shared/media';
import { createHost, type Host } from '../host';
import { frame, streams } from '../live/testing';
import { FileKeySecretBox } from '../store/secret-box';
import { type HeadlessServer, startHeadlessServer } from './server';

let dir: string;
let host: Host;
let server: HeadlessServer;
let cameraId: string;
const TOKEN = 'M'.repeat(43);
const auth = { authorization: `Bearer ${TOKEN}` };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-media-'));
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
  const added = await host.call('addCamera', {
    name: 'Gate',
    url: 'rtsp://192.0.2.10/live',
    username: '',
    transport: 'tcp',
    group: '',
    enabled: true,
    policies: DEFAULT_POLICIES,
  });
  if (!added.ok) throw new Error(JSON.stringify(added));
  cameraId = (added.result as { id: string }).id;
  server = await startHeadlessServer({ host, token: TOKEN, rendererDir: renderer });
});
afterEach(async () => {
  await server.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

function open(headers: Record<string, string> = auth): Promise<{ ws: WebSocket; got: ServerMessage[] }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}media`, { headers });
  const got: ServerMessage[] = [];
  ws.on('message', (d: Buffer, binary) => {
    if (binary) got.push(decodeServerMessage(new Uint8Array(d)) as ServerMessage);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, got }));
    ws.once('error', reject);
  });
}

const send = (ws: WebSocket, m: ClientMessage) => ws.send(encodeClientMessage(m));

async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('/media', () => {
  it('refuses a socket without the token or from another origin', async () => {
    await expect(open({})).rejects.toThrow(/401/);
    await expect(open({ ...auth, origin: 'http://evil.example' })).rejects.toThrow(/401/);
    const stats = await fetch(`${server.url}media/stats`);
    expect(stats.status).toBe(401);
  });

  it('streams a subscribed camera, counts the viewer in state, and stops when the socket closes', async () => {
    const tap = host.live.frameTap(cameraId);
    const s = streams();
    tap(frame(true, 1000, { timestamp: 90_000, receivedAt: performance.now() }), s);
    const { ws, got } = await open();
    send(ws, { type: 'subscribe', sub: 1, mode: 'live', intervalMs: 0, cameraId });
    await until(() => got.some((m) => m.type === 'frame'));
    expect(got.map((m) => m.type)).toEqual(['status', 'config', 'frame']);
    const key = got[2] as Extract<ServerMessage, { type: 'frame' }>;
    // Arrival in main's wall clock: within a second of now.
    expect(Math.abs(key.arrival - Date.now())).toBeLessThan(1000);
    await until(() => host.store.state.live.viewers[cameraId] === 1);

    const res = await fetch(`${server.url}media/stats`, { headers: auth });
    const stats = (await res.json()) as LiveStats;
    expect(stats.cameras[cameraId]).toMatchObject({ viewers: 1, codec: 'avc1.42C01E' });

    tap(frame(false, 100, { timestamp: 93_000, receivedAt: performance.now() }), s);
    await until(() => got.length === 4);
    ws.close();
    await until(() => host.store.state.live.viewers[cameraId] === undefined);
    expect(host.live.stats()).toMatchObject({ connections: 0, subscriptions: [] });
  });

  it('answers an unknown camera with not-found, and a ping with a pong', async () => {
    const { ws, got } = await open();
    send(ws, { type: 'subscribe', sub: 9, mode: 'live', intervalMs: 0, cameraId: 'nope' });
    send(ws, { type: 'ping', pingId: 1, clientTime: 5 });
    await until(() => got.length === 2);
    expect(got[0]).toMatchObject({ type: 'status', sub: 9, code: 'not-found' });
    expect(got[1]).toMatchObject({ type: 'pong', pingId: 1, clientTime: 5 });
    ws.close();
  });

  it('one socket carries many subscriptions, acknowledged in one message', async () => {
    const { ws, got } = await open();
    for (let sub = 1; sub <= 200; sub++)
      send(ws, { type: 'subscribe', sub, mode: 'keyframes', intervalMs: 10_000, cameraId });
    await until(() => got.filter((m) => m.type === 'status').length === 200);
    expect(host.live.counts(cameraId)).toEqual({ viewers: 0, thumbnails: 200 });
    send(ws, { type: 'ack', acks: Array.from({ length: 200 }, (_, i) => ({ sub: i + 1, seq: 0 })) });
    send(ws, { type: 'ping', pingId: 2, clientTime: 1 });
    await until(() => got.some((m) => m.type === 'pong'));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
