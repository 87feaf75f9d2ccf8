// Chromium's WebRTC stack as a real TURN client: two relay-only RTCPeerConnections in one page
// (served from http://127.0.0.1) with camrelay as the only ICE server open a data channel and
// exchange a message; getStats() shows a succeeded pair whose local candidate is a relay; the
// Observer sees allocated, createPermission, channelBind, then closed once the page is gone.
import { createServer, type Server } from 'node:http';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TurnObserver, TurnServer } from '../src/main/turn/index';

// real peers on a shared 2-core machine: generous, bounded time per test
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--allow-loopback-in-peer-connection',
];

const PAGE = `<!doctype html><meta charset="utf-8"><title>camrelay TURN</title><script>
async function run(iceServer) {
  const config = { iceServers: [iceServer], iceTransportPolicy: 'relay' };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  const dc = a.createDataChannel('chat');
  const received = new Promise((resolve) => {
    b.ondatachannel = (e) => { e.channel.onmessage = (m) => resolve(m.data); };
  });
  const opened = new Promise((resolve) => { dc.onopen = resolve; });
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  await opened;
  dc.send('hello through camrelay');
  const message = await received;
  // The selected pair, as the transport names it. Chromium fills these stats in asynchronously
  // (they can lag the first message on a loaded machine): poll, bounded, rather than read once.
  let stats = null;
  let pair = null;
  for (let i = 0; i < 100 && !pair; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 100));
    stats = await a.getStats();
    stats.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        const p = stats.get(s.selectedCandidatePairId);
        if (p && p.state === 'succeeded') pair = p;
      }
    });
  }
  const local = pair && stats.get(pair.localCandidateId);
  const remote = pair && stats.get(pair.remoteCandidateId);
  window.pcs = [a, b];
  return {
    message,
    pairState: pair && pair.state,
    localType: local && local.candidateType,
    remoteType: remote && remote.candidateType,
    relayProtocol: local && local.relayProtocol,
    bytesSent: pair && pair.bytesSent,
  };
}
</script>`;

let turn: TurnServer;
let http: Server;
let browser: Browser | undefined;
let pageUrl = '';
const events: { type: string; user: string; id: string; detail?: unknown }[] = [];

beforeAll(async () => {
  const observer: TurnObserver = {
    allocated: (_a, user, port, id) => events.push({ type: 'allocated', user, id, detail: port }),
    createPermission: (_a, user, peers, id) =>
      events.push({ type: 'createPermission', user, id, detail: peers }),
    channelBind: (_a, user, channel, id) => events.push({ type: 'channelBind', user, id, detail: channel }),
    refresh: (_a, user, lifetime, id) => events.push({ type: 'refresh', user, id, detail: lifetime }),
    closed: (_a, user, id) => events.push({ type: 'closed', user, id }),
  };
  turn = new TurnServer(
    {
      listeners: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
      realm: 'camrelay.test',
      users: { viewer: 'secret-pass' },
      peers: { allowLoopback: true },
    },
    { observer },
  );
  await turn.start();
  http = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const addr = http.address();
  pageUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await turn?.stop();
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
});

describe('Chromium WebRTC through camrelay', () => {
  it('two relay-only peer connections exchange a data-channel message over a relay pair', async () => {
    const page = await browser!.newPage();
    await page.goto(pageUrl);
    const port = turn.addresses[0]!.port;
    const result = await page.evaluate(
      (server) => (globalThis as unknown as { run: (s: unknown) => Promise<unknown> }).run(server),
      { urls: `turn:127.0.0.1:${port}?transport=udp`, username: 'viewer', credential: 'secret-pass' },
    );
    expect(result).toMatchObject({
      message: 'hello through camrelay',
      pairState: 'succeeded',
      localType: 'relay',
      remoteType: 'relay',
      relayProtocol: 'udp',
    });
    const allocations = turn.listAllocations();
    expect(allocations.length).toBeGreaterThanOrEqual(2);
    const busy = allocations.filter((a) => a.packetsToPeer > 0 && a.packetsFromPeer > 0);
    expect(busy.length).toBeGreaterThanOrEqual(2);
    expect(busy.every((a) => a.permissions.some((p) => p.peer === '127.0.0.1'))).toBe(true);
    expect(busy.some((a) => a.channels.length > 0)).toBe(true);

    const kinds = new Set(events.map((e) => e.type));
    expect(kinds.has('allocated')).toBe(true);
    expect(kinds.has('createPermission')).toBe(true);
    expect(kinds.has('channelBind')).toBe(true);
    expect(events.every((e) => e.user === 'viewer')).toBe(true);

    // Closing the peer connections makes Chromium delete its allocations (Refresh, LIFETIME 0).
    // Bounded wait; anything left would be closed by stop(), which must fire closed too.
    await page.evaluate(() => {
      for (const pc of (globalThis as unknown as { pcs: { close(): void }[] }).pcs) pc.close();
    });
    await page.close();
    const allocatedIds = events.filter((e) => e.type === 'allocated').map((e) => e.id);
    const closedIds = () => events.filter((e) => e.type === 'closed').map((e) => e.id);
    const deadline = Date.now() + 5000;
    while (closedIds().length < allocatedIds.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const closedByBrowser = closedIds().length;
    await turn.stop();
    expect(closedIds().sort()).toEqual([...allocatedIds].sort());
    expect(new Set(closedIds()).size).toBe(closedIds().length);
    // Chromium released every allocation itself, before stop()
    expect(closedByBrowser).toBe(allocatedIds.length);
  });
});
