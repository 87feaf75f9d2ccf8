// TCP slowloris against the TURN server, on loopback, bounded: many connections from one
// address, frames dripped a byte at a time, connections kept alive with Binding requests but
// never allocating, oversized and many partial frames. Each is closed by its limit or deadline
// (scaled down here through the config), and a legitimate TCP client still allocates meanwhile.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type TurnConfigInput, TurnServer } from '../src/main/turn/index';
import { messageType, StunClass, StunMethod } from '../src/main/turn/stun/constants';
import { StunWriter } from '../src/main/turn/stun/writer';
import { allocateOverStream, closesWithin } from './helpers/turn-client';

vi.setConfig({ testTimeout: 30_000 });

const CREDS = { user: 'viewer', pass: 'right-password' };
const servers: TurnServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await s.stop();
});

async function serve(
  streams: NonNullable<TurnConfigInput['streams']>,
): Promise<{ server: TurnServer; port: number }> {
  const server = new TurnServer({
    listeners: [{ transport: 'tcp', host: '127.0.0.1', port: 0 }],
    users: { [CREDS.user]: CREDS.pass },
    tickMs: 100,
    streams,
  });
  await server.start();
  servers.push(server);
  return { server, port: server.addresses[0]!.port };
}

/** A connection from `from` (any 127.0.0.0/8 address), resolved once connected. */
function open(port: number, from: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, localAddress: from }, () => resolve(s));
    s.on('error', () => undefined);
    s.once('close', () => reject(new Error('closed before connecting')));
    sockets.push(s);
  });
}

/** The first `n` bytes of a STUN request whose header declares `length` bytes of attributes. */
function partialStun(length: number, n: number): Buffer {
  const b = Buffer.alloc(20 + length);
  b.writeUInt16BE(messageType(StunMethod.binding, StunClass.request), 0);
  b.writeUInt16BE(length, 2);
  b.writeUInt32BE(0x2112a442, 4);
  return b.subarray(0, n);
}

const binding = () =>
  Buffer.from(
    new StunWriter().begin(messageType(StunMethod.binding, StunClass.request), Buffer.alloc(12, 7)).finish(),
  );

async function legitimateClientAllocates(port: number): Promise<void> {
  const s = await open(port, '127.0.0.1');
  expect(await allocateOverStream(s, CREDS)).toBe(0);
}

describe('TCP slowloris', () => {
  it('a source past its connection cap is refused; other sources still allocate', async () => {
    const { server, port } = await serve({ maxConnectionsPerSource: 10 });
    const attempts = await Promise.allSettled(Array.from({ length: 30 }, () => open(port, '127.0.0.2')));
    const conns = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    // the kernel accepts them all; the server closes everything past the cap
    const closed = await Promise.all(conns.map((s) => closesWithin(s, 3000)));
    expect(closed.filter((c) => !c).length).toBe(10);
    expect(server.counters().streamCloses['per-source-limit']).toBeGreaterThanOrEqual(20);
    await legitimateClientAllocates(port);
  });

  it('a frame dripped one byte at a time is closed at the frame deadline, however alive it looks', async () => {
    const { server, port } = await serve({ frameTimeoutMs: 1000 });
    const drippers = await Promise.all(Array.from({ length: 5 }, () => open(port, '127.0.0.3')));
    const frame = partialStun(1000, 1020);
    let at = 0;
    const drip = setInterval(() => {
      for (const s of drippers) if (!s.destroyed) s.write(frame.subarray(at, at + 1));
      at++;
    }, 100);
    try {
      const closed = await Promise.all(drippers.map((s) => closesWithin(s, 8000)));
      expect(closed).toEqual([true, true, true, true, true]);
      expect(at).toBeLessThan(1020); // closed long before the frame could have been finished
      expect(server.counters().streamCloses['frame-timeout']).toBe(5);
      await legitimateClientAllocates(port);
    } finally {
      clearInterval(drip);
    }
  });

  it('a connection that answers Bindings but never allocates is closed at the allocation deadline', async () => {
    const { server, port } = await serve({ allocateTimeoutMs: 1500 });
    const idlers = await Promise.all(Array.from({ length: 5 }, () => open(port, '127.0.0.4')));
    const keepAlive = setInterval(() => {
      for (const s of idlers) if (!s.destroyed) s.write(binding());
    }, 200);
    try {
      const closed = await Promise.all(idlers.map((s) => closesWithin(s, 8000)));
      expect(closed).toEqual([true, true, true, true, true]);
      expect(server.counters().streamCloses['allocate-timeout']).toBe(5);
      // an allocated connection stays past the deadline
      const ok = await open(port, '127.0.0.1');
      expect(await allocateOverStream(ok, CREDS)).toBe(0);
      expect(await closesWithin(ok, 2500)).toBe(false);
    } finally {
      clearInterval(keepAlive);
    }
  });

  it('a frame larger than allowed before an allocation is refused at its header', async () => {
    const { server, port } = await serve({ maxFrameBeforeAllocation: 4096 });
    const s = await open(port, '127.0.0.5');
    s.write(partialStun(60_000, 100));
    expect(await closesWithin(s, 3000)).toBe(true);
    expect(server.counters().streamCloses['frame-too-large']).toBe(1);
    expect(server.counters().streamPendingBytes).toBe(0);
    await legitimateClientAllocates(port);
  });

  it('bytes held in partial frames are bounded over all connections', async () => {
    const max = 20 + 0xffff;
    const { server, port } = await serve({ maxFrameBeforeAllocation: 8192, maxPendingBytes: max });
    const holders = await Promise.all(Array.from({ length: 12 }, () => open(port, '127.0.0.6')));
    for (const s of holders) s.write(partialStun(8000, 7000));
    // 12 x 7,000 bytes would be 84,000: the ones past the bound are closed
    await vi.waitFor(
      () => expect(server.counters().streamCloses['pending-bytes']).toBeGreaterThanOrEqual(3),
      {
        timeout: 5000,
      },
    );
    expect(server.counters().streamPendingBytes).toBeLessThanOrEqual(max);
    expect(server.counters().streamPendingBytes).toBeGreaterThan(0);
    await legitimateClientAllocates(port);
  });
});
