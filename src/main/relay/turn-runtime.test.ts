// The relay as the host runs it, against coturn's real clients: a TURN user added through a
// command authenticates turnutils_uclient, allocations appear in the state with the user and
// their counts and disappear when the client ends; a listener port already in use is a
// field error and the relay keeps serving on its previous settings.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killAll, runUclient, startEchoPeer } from '../../../test/peers/coturn';
import type { CommandResponse } from '../../shared/errors';
import type { AllocationView } from '../../shared/relay';
import { createHost, type Host } from '../host';
import { FileKeySecretBox } from '../store/secret-box';
import { freeUdpPort } from '../testing/ports';

let dir: string;
let host: Host;
const sockets: Socket[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-relay-'));
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
  });
});
afterEach(async () => {
  killAll();
  for (const s of sockets.splice(0)) s.close();
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

function ok<T>(r: CommandResponse<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} (${r.error.field})`);
  return r.result as T;
}

/** coturn's client through the relay to an echo peer; -c: no RTCP companion allocation, so
 * the message counts are exact. */
function uclient(o: {
  turnPort: number;
  peerPort: number;
  clients: number;
  messages: number;
  password: string;
}) {
  return runUclient([
    '-c',
    '-m',
    String(o.clients),
    '-n',
    String(o.messages),
    '-l',
    '120',
    '-e',
    '127.0.0.1',
    '-r',
    String(o.peerPort),
    '-u',
    'viewer',
    '-w',
    o.password,
    '-p',
    String(o.turnPort),
  ]);
}

async function until<T>(
  what: string | (() => string),
  fn: () => T | undefined | false,
  ms = 10_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end)
      throw new Error(
        `timed out waiting for ${typeof what === 'string' ? what : what()}: ${JSON.stringify(host.store.state.allocations)} ${JSON.stringify(host.store.state.log.slice(-5))}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function enableRelay(port: number) {
  return host.call('updateRelay', {
    enabled: true,
    listeners: [{ transport: 'udp', host: '127.0.0.1', port }],
    allowLoopbackPeers: true,
    minPort: 40000,
    maxPort: 40999,
  });
}

describe('the relay in the host, with coturn clients', () => {
  it('authenticates a console-added user; allocations show up with user, peers and counts, then close', async () => {
    const turnPort = await freeUdpPort();
    ok(await host.call('addTurnUser', { name: 'viewer', password: 'viewer-pass-1' }));
    ok(await enableRelay(turnPort));
    expect(host.store.state.relay.status).toMatchObject({
      state: 'running',
      listening: [`udp 127.0.0.1:${turnPort}`],
    });

    const peer = await startEchoPeer();
    // Every allocation row the console would have shown while the client ran.
    const seen = new Map<string, AllocationView>();
    let peakKbps = 0;
    const off = host.subscribe(() => {
      for (const a of Object.values(host.store.state.allocations) as AllocationView[]) seen.set(a.id, a);
      peakKbps = Math.max(peakKbps, host.store.state.relay.totals.kbpsIn);
    });
    const result = await uclient({
      turnPort,
      peerPort: peer.port,
      clients: 2,
      messages: 60,
      password: 'viewer-pass-1',
    });
    off();
    expect(result.code, result.output).toBe(0);
    expect(result).toMatchObject({ completed: true, sent: 120, received: 120, lost: 0 });
    const rows = [...seen.values()];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const a of rows) {
      expect(a.username).toBe('viewer');
      expect(a.client).toMatch(/^udp 127\.0\.0\.1:\d+$/);
      expect(a.relay).toMatch(/^127\.0\.0\.1:40\d\d\d$/);
    }
    // Rows carried the peer and the relayed traffic at some point.
    expect(rows.some((a) => a.peers.includes('127.0.0.1') && a.channels.length > 0)).toBe(true);
    // When the client ends, the allocations it used close (refresh 0) and leave the table.
    const used = rows.filter((a) => a.channels.length > 0).map((a) => a.id);
    await until('used allocations closed', () => used.every((id) => !host.store.state.allocations[id]));
    // One it reserved and never used (EVEN-PORT R bit) stays until its lifetime ends, or the
    // operator deletes it.
    for (const id of Object.keys(host.store.state.allocations))
      ok(await host.call('deleteAllocation', { id }));
    await until('table empty', () => Object.keys(host.store.state.allocations).length === 0);
    const events = host.store.state.log.filter((e) => e.source === 'allocation').map((e) => e.message);
    expect(events.filter((m) => m.startsWith('allocated for "viewer"')).length).toBe(rows.length);
    expect(events.filter((m) => m.startsWith('closed: "viewer"')).length).toBe(rows.length);
    expect(host.store.state.relay.totals.bytesIn).toBeGreaterThan(0);
    // The 1 Hz sample turned bytes into a rate while the client sent.
    expect(peakKbps).toBeGreaterThan(0);
    expect(host.store.state.relay.history.kbpsIn.length).toBeGreaterThan(0);
  });

  it('a wrong password fails the client', async () => {
    const turnPort = await freeUdpPort();
    ok(await host.call('addTurnUser', { name: 'viewer', password: 'viewer-pass-1' }));
    ok(await enableRelay(turnPort));
    const peer = await startEchoPeer();
    const { code } = await uclient({
      turnPort,
      peerPort: peer.port,
      clients: 1,
      messages: 5,
      password: 'wrong-pass',
    });
    expect(code).not.toBe(0);
    expect(Object.keys(host.store.state.allocations)).toHaveLength(0);
    // the failure is in the log, with the user and where it came from (once, not per retry)
    const failed = host.store.state.log.filter((e) => e.message.startsWith('failed TURN login'));
    expect(failed.map((e) => [e.level, e.message])).toEqual([
      ['warn', 'failed TURN login: "viewer" from udp 127.0.0.1 (wrong password)'],
    ]);
  });

  it('a port in use is an error on that listener field; the relay keeps its previous listener', async () => {
    const turnPort = await freeUdpPort();
    ok(await enableRelay(turnPort));
    const taken = createSocket('udp4');
    sockets.push(taken);
    const takenPort = await new Promise<number>((resolve) =>
      taken.bind(0, '127.0.0.1', () => resolve(taken.address().port)),
    );
    const before = host.config.relay.settings;
    const res = await host.call('updateRelay', {
      listeners: [
        { transport: 'udp', host: '127.0.0.1', port: turnPort },
        { transport: 'udp', host: '127.0.0.1', port: takenPort },
      ],
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('port-in-use');
    expect(res.error.field).toBe('listeners.1.port');
    expect(res.error.message).toMatch(/in use/);
    expect(host.config.relay.settings).toEqual(before);
    expect(host.store.state.relay.status).toMatchObject({
      state: 'running',
      listening: [`udp 127.0.0.1:${turnPort}`],
    });

    // Pausing stops the listeners; resuming brings them back.
    ok(await host.call('setRelayPaused', { paused: true }));
    expect(host.store.state.relay.status).toEqual({ state: 'stopped' });
    ok(await host.call('setRelayPaused', { paused: false }));
    expect(host.store.state.relay.status).toMatchObject({ state: 'running' });
  });

  it('serves Prometheus metrics of the relay', async () => {
    ok(await enableRelay(await freeUdpPort()));
    const text = await host.metrics.metrics();
    expect(text).toMatch(/camrelay_turn_allocations/);
  });
});
