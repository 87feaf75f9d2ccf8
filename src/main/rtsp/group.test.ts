// SessionGroup and TeardownPolicy against a scripted server, with time injected.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionGroup } from './group';
import type { TeardownPolicy } from './options';
import { describe as rtspDescribe } from './session';
import { FakeClock } from './testing/fake-clock';
import { camera, type Handler, ScriptedServer, until } from './testing/scripted-server';

let srv: ScriptedServer | undefined;
afterEach(async () => {
  await srv?.stop();
  srv = undefined;
});

async function playing(handler: Handler, policy: TeardownPolicy, session = '12345678;timeout=30') {
  const clock = new FakeClock();
  const group = new SessionGroup({ clock, name: 'cam' });
  srv = await ScriptedServer.start(handler);
  void session;
  const d = await rtspDescribe(srv.url(), { clock, group, teardownPolicy: policy });
  await d.setup(0);
  const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9 });
  return { clock, group, p, srv };
}

/** Moves fake time in steps, letting real I/O settle between them. */
async function step(clock: FakeClock, total: number, by = 250) {
  for (let t = 0; t < total; t += by) {
    await clock.advance(by);
    await new Promise((r) => setTimeout(r, 3));
  }
}

describe('TeardownPolicy', () => {
  it('auto over TCP: one TEARDOWN on the open connection; the group empties', async () => {
    const { group, p, srv } = await playing(camera({ session: 'abc;timeout=30' }), 'auto');
    expect(group.staleSessions().count).toBe(0);
    p.close();
    expect(group.staleSessions()).toMatchObject({ count: 1, maxExpires: 30_000 });
    expect(group.detail()[0]).toMatchObject({
      reason: 'dropped',
      sessionId: 'abc',
      teardown: { state: 'pending' },
    });
    expect(await group.awaitTeardown()).toEqual([]);
    expect(group.staleSessions()).toEqual({ count: 0, maxExpires: undefined });
    const td = srv.requests.filter((r) => r.method === 'TEARDOWN');
    expect(td).toHaveLength(1);
    expect(td[0]!.conn).toBe(0);
    expect(td[0]!.headers.get('session')).toBe('abc');
    expect(group.detail()[0]).toMatchObject({ active: false, teardown: { state: 'succeeded', attempts: 1 } });
  });

  it('never: no TEARDOWN, nothing tracked', async () => {
    const { group, p, srv } = await playing(camera(), 'never');
    p.close();
    expect(group.staleSessions().count).toBe(0);
    await until(() => srv.conns[0]!.closed);
    expect(srv.methods()).not.toContain('TEARDOWN');
  });

  it('hikvision-teardown-500: always; unanswered on the old connection, 500 on a fresh one counts as success', async () => {
    const handler = camera({
      session: 'hik;timeout=60',
      override: (req, conn) => {
        if (req.method !== 'TEARDOWN') return undefined;
        return conn.id === 0 ? 'ignore' : { status: 500, reason: 'Internal Server Error' };
      },
    });
    const { clock, group, p, srv } = await playing(handler, 'always');
    p.close();
    await until(() => srv.methods().includes('TEARDOWN'));
    await step(clock, 1500);
    expect(await group.awaitTeardown()).toEqual([]);
    expect(srv.requests.filter((r) => r.method === 'TEARDOWN').map((r) => r.conn)).toEqual([0, 1]);
    expect(group.staleSessions().count).toBe(0);
    expect(group.detail()[0]!.teardown).toEqual({ state: 'succeeded', attempts: 2 });
  });

  it('always: TEARDOWN never answered -> retries with doubling timeouts until expiry, then reports failure', async () => {
    const times: number[] = [];
    let clockRef: FakeClock | undefined;
    const handler = camera({
      session: 'lost;timeout=30',
      override: (req) => {
        if (req.method !== 'TEARDOWN') return undefined;
        times.push(clockRef!.now());
        return 'ignore';
      },
    });
    const { clock, group, p } = await playing(handler, 'always');
    clockRef = clock;
    p.close();
    const inflight = group.awaitTeardown();
    let resolvedStale = false;
    void group.awaitStaleSessions().then(() => {
      resolvedStale = true;
    });
    await step(clock, 20_000);
    expect(group.staleSessions()).toEqual({ count: 1, maxExpires: 30_000 });
    expect(group.detail()[0]!.teardown.state).toBe('pending');
    expect(resolvedStale).toBe(false);
    await step(clock, 12_000);
    const failures = await inflight;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ sessionId: 'lost' });
    expect(failures[0]!.error.kind).toBe('timeout');
    expect(times).toHaveLength(5);
    // existing connection at 0, then fresh ones after waits of 1, 2, 4, 8 s (timeouts 1, 1, 2, 4, 8 s)
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.map((g) => Math.round(g / 1000))).toEqual([1, 2, 4, 8]);
    expect(group.staleSessions().count).toBe(0);
    expect(resolvedStale).toBe(true);
    expect(group.detail()[0]!.teardown.state).toBe('failed');
  });

  it('awaitTeardown starts nothing and returns at once when none is in flight', async () => {
    const group = new SessionGroup({ clock: new FakeClock() });
    expect(await group.awaitTeardown()).toEqual([]);
    expect(group.staleSessions()).toEqual({ count: 0, maxExpires: undefined });
  });
});
