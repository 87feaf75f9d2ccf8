// Interop with coturn's own clients (Debian `coturn`): turnutils_uclient relaying through our
// server to a turnutils_peer echo, over UDP and TCP, with channels and Send indications,
// client-to-client, REST credentials and 50 clients; exact message counts, zero loss. A wrong
// password must fail. DONT-FRAGMENT and IPv6 relays (::1) too. The tools are required here
// (CI installs coturn): no silent skip.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeRestCredentials, type TurnObserver, TurnServer } from '../src/main/turn/index';
import {
  coturnToolsInstalled,
  ipv6LoopbackAvailable,
  killAll,
  type RunningPeer,
  runStunclient,
  runUclient,
  startEchoPeer,
} from './peers/coturn';

// real peers on a shared 2-core machine: generous, bounded time per test
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const USER = 'ninefingers';
const PASS = 'youhavetoberealistic';
const MANY = 'many';
const VICTIM = 'victim';
const SECRET = 'north-secret';

let server: TurnServer;
let ipv6 = false;
let peer6: RunningPeer | undefined;
let peer: RunningPeer;
let udpPort = 0;
let tcpPort = 0;
const events: { type: string; user: string }[] = [];

beforeAll(async () => {
  expect(coturnToolsInstalled(), 'coturn tools (apt-get install coturn) are required').toBe(true);
  ipv6 = await ipv6LoopbackAvailable();
  const observer: TurnObserver = {
    allocated: (_a, user) => events.push({ type: 'allocated', user }),
    closed: (_a, user) => events.push({ type: 'closed', user }),
    channelBind: (_a, user) => events.push({ type: 'channelBind', user }),
    createPermission: (_a, user) => events.push({ type: 'createPermission', user }),
  };
  server = new TurnServer(
    {
      listeners: [
        { transport: 'udp', host: '127.0.0.1', port: 0 },
        { transport: 'tcp', host: '127.0.0.1', port: 0 },
      ],
      realm: 'north.gov',
      users: { [USER]: PASS, [MANY]: PASS, [VICTIM]: PASS },
      authSecrets: ['old-secret', SECRET],
      relay: { addresses: ipv6 ? ['127.0.0.1', '::1'] : ['127.0.0.1'] },
      peers: { allowLoopback: true },
      quotas: { perUser: 0, total: 0 },
    },
    { observer },
  );
  await server.start();
  udpPort = server.addresses.find((a) => a.transport === 'udp')!.port;
  tcpPort = server.addresses.find((a) => a.transport === 'tcp')!.port;
  peer = await startEchoPeer();
  if (ipv6) peer6 = await startEchoPeer(undefined, '::1');
});

afterAll(async () => {
  await server?.stop();
  await peer?.stop();
  await peer6?.stop();
  killAll();
});

/** uclient rounds clients up to pairs (RTP + RTCP), and to fours for client-to-client. */
function sessions(m: number, c2c: boolean): number {
  return c2c ? m + ((4 - (m & 3)) & 3) : m + (m & 1);
}

async function relay(
  opts: string[],
  m: number,
  n: number,
  c2c = false,
  creds = ['-u', USER, '-w', PASS],
  target: { host: string; port: number } = { host: '127.0.0.1', port: peer.port },
) {
  const port = opts.includes('-t') ? tcpPort : udpPort;
  const run = () =>
    runUclient([
      ...opts,
      '-m',
      String(m),
      '-n',
      String(n),
      '-l',
      '170',
      ...creds,
      '-e',
      target.host,
      '-r',
      String(target.port),
      '-p',
      String(port),
    ]);
  let r = await run();
  // uclient's plain-TCP reader (recv_buffer in coturn's uclient.c) consumes a frame that has
  // only partly arrived and loses its framing for good: on a loaded machine a run can then
  // stall without printing its totals (seen once in CI; not reproduced in 24 loaded runs).
  // That is the tool failing, not a result: one more run, and the figures of a run that did
  // finish are held to the exact counts below.
  if (!r.completed && opts.includes('-t')) {
    console.warn(`uclient ${opts.join(' ')} did not finish; running it once more:`, r.output.slice(-600));
    r = await run();
  }
  const expected = sessions(m, c2c) * n;
  expect(r.completed, r.output.slice(-2000)).toBe(true);
  expect(r.sent).toBe(expected);
  expect(r.received).toBe(expected);
  expect(r.lost).toBe(0);
  expect(r.sendDropped).toBe(0);
  return r;
}

const count = (type: string, user?: string) =>
  events.filter((e) => e.type === type && (user === undefined || e.user === user)).length;

// uclient spends most of its run waiting on its own timers: the runs go side by side.
describe.concurrent('coturn turnutils_uclient against camrelay', () => {
  it('turnutils_stunclient gets a Binding answer with its reflexive address', async () => {
    const r = await runStunclient(udpPort);
    expect(r.output).toMatch(/UDP reflexive addr: 127\.0\.0\.1:\d+/);
  });

  it('UDP, channels (ChannelData), 4 clients x 100 messages', async () => {
    await relay([], 4, 100);
  });

  it('UDP, Send/Data indications (-s)', async () => {
    await relay(['-s'], 4, 100);
  });

  it('TCP to the server (-t), channels', async () => {
    await relay(['-t'], 4, 100);
  });

  it('TCP to the server (-t), Send indications', async () => {
    await relay(['-t', '-s'], 2, 100);
  });

  it('DONT-FRAGMENT in every Allocate and Send (-g -s)', async () => {
    await relay(['-g', '-s'], 2, 100);
  });

  it('IPv6 relay (-x, REQUESTED-ADDRESS-FAMILY) to an IPv6 peer on ::1; 440 where there is no IPv6', async () => {
    if (ipv6) {
      await relay(['-x'], 2, 100, false, ['-u', USER, '-w', PASS], { host: '::1', port: peer6!.port });
      return;
    }
    // no IPv6 loopback on this machine: no IPv6 relay address, so the Allocate must get 440
    const r = await runUclient(
      [
        '-x',
        '-m',
        '1',
        '-n',
        '5',
        '-u',
        USER,
        '-w',
        PASS,
        '-e',
        '127.0.0.1',
        '-r',
        String(peer.port),
        '-p',
        String(udpPort),
      ],
      20_000,
    );
    expect(r.output).toMatch(/440/);
  });

  it('client to client (-y), no peer in between', async () => {
    await relay(['-y'], 4, 100, true);
  });

  it('REST shared-secret credentials (-W), with the second of two secrets', async () => {
    await relay([], 2, 50, false, ['-u', 'viewer', '-W', SECRET]);
    // the REST username is "<expiry>:viewer", and the expiry is in the future
    const rest = events.filter((e) => e.type === 'allocated' && /^\d+:viewer$/.test(e.user));
    expect(rest.length).toBeGreaterThanOrEqual(2);
    expect(Number(rest[0]!.user.split(':')[0]) * 1000).toBeGreaterThan(Date.now());
  });

  it('50 clients at once (25 RTP/RTCP pairs), zero loss', async () => {
    await relay([], 50, 40, false, ['-u', MANY, '-w', PASS]);
    // per pair: an RTP allocation (EVEN-PORT, R bit), an RTCP one (RESERVATION-TOKEN), and uclient's probe
    expect(count('allocated', MANY)).toBe(75);
  });

  it('a wrong password fails with 401 and creates nothing', async () => {
    const before = server.counters().authFailures['bad-integrity'];
    const r = await runUclient(
      [
        '-m',
        '1',
        '-n',
        '5',
        '-u',
        VICTIM,
        '-w',
        'wrong',
        '-e',
        '127.0.0.1',
        '-r',
        String(peer.port),
        '-p',
        String(udpPort),
      ],
      20_000,
    );
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/Cannot complete Allocation/);
    expect(count('allocated', VICTIM)).toBe(0);
    expect(server.counters().authFailures['bad-integrity']).toBeGreaterThan(before);
  });

  it('REST credentials from a secret we do not hold fail', async () => {
    const r = await runUclient(
      [
        '-m',
        '1',
        '-n',
        '5',
        '-u',
        'intruder',
        '-W',
        'not-our-secret',
        '-e',
        '127.0.0.1',
        '-r',
        String(peer.port),
        '-p',
        String(udpPort),
      ],
      20_000,
    );
    expect(r.code).not.toBe(0);
    expect(events.filter((e) => e.user.endsWith(':intruder'))).toEqual([]);
  });
});

describe('after the runs', () => {
  it('every allocation ends with exactly one closed (uclient leaves its probes; stop closes them)', async () => {
    expect(count('createPermission')).toBeGreaterThan(0);
    expect(count('channelBind')).toBeGreaterThan(0);
    expect(count('allocated')).toBeGreaterThan(100);
    await server.stop();
    expect(server.listAllocations()).toEqual([]);
    expect(count('closed')).toBe(count('allocated'));
    expect(server.counters().allocations).toBe(0);
    expect(makeRestCredentials(SECRET, 'x', 60, Date.now()).username).toMatch(/^\d+:x$/);
  });
});
