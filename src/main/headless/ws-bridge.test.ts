// A browser that never reads: resyncs and command results must not make the host buffer
// without bound (issue 9, item 9: 3,000 resyncs of a 522 KB snapshot took the host to 1.65 GB).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HEARTBEAT_MS } from '../../shared/wire';
import { createHost, type Host } from '../host';
import { FileKeySecretBox } from '../store/secret-box';
import { type HeadlessServer, startHeadlessServer } from './server';
import { HARD_LIMIT, HIGH_WATER } from './ws-bridge';

let dir: string;
let host: Host;
let server: HeadlessServer;
const TOKEN = 'T'.repeat(43);
const CAMERAS = 1500;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-bridge-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  const cameras = Array.from({ length: CAMERAS }, (_, i) => ({
    id: `cam_${String(i).padStart(5, '0')}`,
    name: `Camera ${i} on the loading dock, north side`,
    url: `rtsp://127.0.0.1:9/stream/${i}/main?channel=1&subtype=0`,
    enabled: false,
    policies: {},
  }));
  await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, settings: {}, cameras }));
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
    relayRuntime: null,
  });
  server = await startHeadlessServer({ host, token: TOKEN, rendererDir: join(dir, 'renderer') });
});
afterEach(async () => {
  await server.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

/** A client that stops reading as soon as it is connected (its socket is paused). */
async function deafClient(): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  ws.on('upgrade', (res) => (res.socket as Socket).pause());
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  (ws as unknown as { _socket: Socket })._socket.pause();
  return ws;
}

async function waitFor(ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${JSON.stringify(server.stats)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the WebSocket bridge bounds what a slow browser costs', () => {
  it('coalesces resyncs on a socket that never reads: bounded buffer, every resync answered or merged', async () => {
    const snapshotBytes = JSON.stringify(host.snapshot()).length;
    expect(snapshotBytes).toBeGreaterThan(500_000);
    const ws = await deafClient();
    const RESYNCS = 300; // ~150 MB if each were queued
    for (let i = 0; i < RESYNCS; i++) ws.send(JSON.stringify({ type: 'resync' }));
    const { stats } = server;
    await waitFor(() => stats.snapshotsSent + stats.coalescedSnapshots >= RESYNCS - 1);
    // (The last one is still wanted: it goes out when the socket drains.)
    expect(stats.coalescedSnapshots).toBeGreaterThan(RESYNCS / 2);
    expect(stats.peakBufferedBytes).toBeLessThanOrEqual(HIGH_WATER / 2 + snapshotBytes);
    ws.terminate();
  });

  it('closes a socket that does not read its command results, before HARD_LIMIT is passed by more than one', async () => {
    const ws = await deafClient();
    // Each answer is the whole config (~0.4 MB): 120 of them would be ~50 MB.
    for (let i = 0; i < 120; i++) {
      ws.send(JSON.stringify({ type: 'call', id: i, name: 'exportConfig', args: { includeSecrets: false } }));
    }
    const { stats } = server;
    await waitFor(() => stats.closedSlowClients === 1);
    const answer = JSON.stringify((await host.call('exportConfig', { includeSecrets: false })) as object);
    expect(stats.peakBufferedBytes).toBeLessThanOrEqual(HARD_LIMIT + answer.length + 1024);
    ws.terminate();
  });
});

describe('the WebSocket bridge beats', () => {
  it('sends a reading client heartbeats between the state events, at about HEARTBEAT_MS', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const beatsAt: number[] = [];
    ws.on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'heartbeat') beatsAt.push(Date.now());
    });
    await waitFor(() => beatsAt.length >= 4, 10_000);
    ws.terminate();
    // Never more often than the beat (a timer may run late on a busy machine, never early).
    for (let i = 1; i < beatsAt.length; i++) {
      expect(beatsAt[i]! - beatsAt[i - 1]!).toBeGreaterThanOrEqual(HEARTBEAT_MS - 50);
    }
  });
});
