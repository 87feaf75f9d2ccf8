// The console's session credential: minted from the token by a page of the console's own
// origin, refused everywhere else (another port, another origin, after expiry, as a Bearer).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  SESSION_PROTOCOL_PREFIX,
  type ServerMessage,
  type SessionGrant,
  WS_PROTOCOL,
} from '../../shared/wire';
import { createHost, type Host } from '../host';
import { FileKeySecretBox } from '../store/secret-box';
import { SESSION_TTL_MS } from './auth';
import { type HeadlessServer, startHeadlessServer } from './server';

let dir: string;
let host: Host;
let server: HeadlessServer;
let other: HeadlessServer;
let clock = Date.UTC(2026, 11, 2);
const TOKEN = 'T'.repeat(43);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-auth-'));
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
  const now = () => clock;
  server = await startHeadlessServer({ host, token: TOKEN, rendererDir: renderer, now });
  // A second console on another loopback port, even with the same token.
  other = await startHeadlessServer({ host, token: TOKEN, rendererDir: renderer, now });
});
afterEach(async () => {
  await server.close();
  await other.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const originOf = (s: HeadlessServer) => s.url.replace(/\/$/, '');

async function mint(s = server, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}session`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, origin: originOf(s), ...headers },
  });
}

async function grant(): Promise<SessionGrant> {
  const res = await mint();
  expect(res.status).toBe(200);
  return (await res.json()) as SessionGrant;
}

function openWs(
  s: HeadlessServer,
  options: { protocols?: string[]; headers?: Record<string, string> },
): Promise<{ ws: WebSocket; first: Promise<ServerMessage> }> {
  const ws = new WebSocket(`${s.url.replace('http', 'ws')}ws`, options.protocols ?? [], {
    headers: options.headers ?? {},
  });
  const first = new Promise<ServerMessage>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, first }));
    ws.once('error', reject);
  });
}

const sessionProtocols = (g: SessionGrant) => [WS_PROTOCOL, `${SESSION_PROTOCOL_PREFIX}${g.session}`];

describe('console sessions', () => {
  it('a page of the console trades the token for a session that opens the WebSocket', async () => {
    const g = await grant();
    expect(g.expiresAt).toBe(clock + SESSION_TTL_MS);
    expect(g.session).not.toContain(TOKEN);
    const { ws, first } = await openWs(server, {
      protocols: sessionProtocols(g),
      headers: { origin: originOf(server) },
    });
    // The server answers with the plain protocol and never echoes the credential.
    expect(ws.protocol).toBe(WS_PROTOCOL);
    expect((await first).type).toBe('snapshot');
    ws.close();
    // Renewal: the session itself buys a fresh one.
    const renewed = await fetch(`${server.url}session`, {
      method: 'POST',
      headers: { authorization: `Session ${g.session}`, origin: originOf(server) },
    });
    expect(renewed.status).toBe(200);
    expect(((await renewed.json()) as SessionGrant).session).not.toBe(g.session);
  });

  it('grants sessions only to a page of its own origin, and never sets a cookie', async () => {
    const noOrigin = await fetch(`${server.url}session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(noOrigin.status).toBe(403);
    expect((await mint(server, { origin: originOf(other) })).status).toBe(401);
    expect((await mint(server, { origin: 'http://evil.example' })).status).toBe(401);
    const ok = await mint();
    expect(ok.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${server.url}session`, { method: 'PUT' })).status).toBe(401);
  });

  it('a session is refused by another port, another origin, as a Bearer token, and when tampered', async () => {
    const g = await grant();
    const refused = (s: HeadlessServer, protocols: string[], headers: Record<string, string>) =>
      expect(openWs(s, { protocols, headers })).rejects.toThrow(/401/);
    // The other loopback server (same token!) does not take a session of this origin.
    await refused(other, sessionProtocols(g), { origin: originOf(other) });
    await refused(other, sessionProtocols(g), {});
    // A page of another origin replaying it here.
    await refused(server, sessionProtocols(g), { origin: originOf(other) });
    await refused(server, sessionProtocols(g), { origin: 'http://evil.example' });
    // Not a Bearer token, and not valid once changed.
    await refused(server, [], { authorization: `Bearer ${g.session}` });
    const tampered = `${g.session.slice(0, -2)}${g.session.endsWith('A') ? 'BB' : 'AA'}`;
    await refused(server, [WS_PROTOCOL, `${SESSION_PROTOCOL_PREFIX}${tampered}`], {
      origin: originOf(server),
    });
    // HTTP with the session header on the other port.
    const stats = await fetch(`${other.url}media/stats`, {
      headers: { authorization: `Session ${g.session}` },
    });
    expect(stats.status).toBe(401);
  });

  it('a session expires', async () => {
    const g = await grant();
    const statsWith = () =>
      fetch(`${server.url}media/stats`, { headers: { authorization: `Session ${g.session}` } });
    expect((await statsWith()).status).toBe(200);
    clock += SESSION_TTL_MS + 1;
    expect((await statsWith()).status).toBe(401);
    await expect(
      openWs(server, { protocols: sessionProtocols(g), headers: { origin: originOf(server) } }),
    ).rejects.toThrow(/401/);
  });

  it('takes any bytes as a credential without throwing', async () => {
    for (const junk of ['', '.', 's1....', 's1.zzzzzzzzzzzzzzzzzz.a.b', 's1.1.a.b', 'x'.repeat(5000)]) {
      const res = await fetch(`${server.url}media/stats`, { headers: { authorization: `Session ${junk}` } });
      expect(res.status).toBe(401);
    }
  });
});
