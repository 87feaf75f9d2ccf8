// The default allocation quotas against coturn's own client (Debian `coturn`): with the defaults
// (no per-user limit, like coturn; a bounded total) `turnutils_uclient -m 10` on one credential
// completes — its RTCP companion allocations and probes count too, which the old per-user default
// of 10 refused with 486. The total stays bounded: a server whose total is below what uclient
// needs refuses the rest with 486.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { turnConfigOf } from '../src/main/relay/turn-runtime';
import { parseTurnConfig, TurnServer } from '../src/main/turn/index';
import { DEFAULT_RELAY } from '../src/shared/relay';
import { coturnToolsInstalled, killAll, type RunningPeer, runUclient, startEchoPeer } from './peers/coturn';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const USER = 'viewer';
const PASS = 'one-credential-for-all-tiles';

let peer: RunningPeer;
const servers: TurnServer[] = [];

async function serve(quotas?: { perUser?: number; total?: number }): Promise<number> {
  const s = new TurnServer({
    listeners: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
    users: { [USER]: PASS },
    peers: { allowLoopback: true },
    ...(quotas ? { quotas } : {}),
  });
  await s.start();
  servers.push(s);
  return s.addresses[0]!.port;
}

beforeAll(async () => {
  expect(coturnToolsInstalled(), 'coturn tools (apt-get install coturn) are required').toBe(true);
  peer = await startEchoPeer();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await peer?.stop();
  killAll();
});

const uclient = (port: number) =>
  runUclient([
    '-m',
    '10',
    '-n',
    '20',
    '-l',
    '170',
    '-u',
    USER,
    '-w',
    PASS,
    '-e',
    '127.0.0.1',
    '-r',
    String(peer.port),
    '-p',
    String(port),
  ]);

describe('default TURN quotas', () => {
  it('are no per-user limit and a bounded total, in the library and in the host settings', () => {
    const lib = parseTurnConfig({ listeners: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] });
    expect(lib.quotas).toEqual({ perUser: 0, total: 1000 });
    const host = parseTurnConfig(turnConfigOf(DEFAULT_RELAY, { users: new Map(), secrets: [] }));
    expect(host.quotas).toEqual({ perUser: 0, total: 1000 });
  });

  it('turnutils_uclient -m 10 with one user completes with no loss', async () => {
    const r = await uclient(await serve());
    expect(r.completed, r.output.slice(-2000)).toBe(true);
    expect(r.output).not.toMatch(/486/);
    expect(r.sent).toBe(10 * 20);
    expect(r.received).toBe(10 * 20);
    expect(r.lost).toBe(0);
  });

  it('the total quota still bounds allocations (486 past it)', async () => {
    const port = await serve({ total: 4 });
    const r = await uclient(port);
    expect(r.output).toMatch(/486/);
    expect(servers.at(-1)!.counters().answers['486']).toBeGreaterThan(0);
    expect(servers.at(-1)!.counters().allocationsCreated).toBeLessThanOrEqual(4);
  });
});
