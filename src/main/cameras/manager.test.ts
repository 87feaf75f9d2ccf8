// The camera manager against a real GStreamer RTSP server (playing, figures, a server that
// goes away and comes back, bad credentials, disabling) and a scripted live555-bug server
// (a discovered stale session the camera waits for before it reconnects).
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningRtspServer, startRtspServer } from '../../../test/peers/rtsp-server';
import { type CameraPolicies, type CameraView, DEFAULT_POLICIES } from '../../shared/cameras';
import { FakeClock } from '../rtsp/testing/fake-clock';
import { startLive555BugServer } from '../rtsp/testing/scripted-server';
import type { CameraRecord, Config } from '../store/config-schema';
import { makeTestContext, type TestContext } from '../testing/host-context';
import { passwordKey } from './camera-service';
import { CameraViews } from './camera-views';
import { CameraManager } from './manager';

let ctx: TestContext | undefined;
let manager: CameraManager | undefined;
const servers: Array<{ stop(): Promise<void> }> = [];

afterEach(async () => {
  await manager?.close();
  manager = undefined;
  for (const s of servers.splice(0)) await s.stop();
  await ctx?.dispose();
  ctx = undefined;
});

function record(id: string, url: string, over: Partial<CameraRecord> = {}): CameraRecord {
  return {
    id,
    name: id,
    url,
    username: '',
    transport: 'tcp',
    group: '',
    enabled: true,
    policies: { ...DEFAULT_POLICIES, frameTimeoutSec: 2 } as CameraPolicies,
    createdAt: 0,
    mode: 'always',
    ...over,
  };
}

/** Puts the camera in config and state as the camera service would, then syncs. */
async function addCameras(c: TestContext, m: CameraManager, records: CameraRecord[]): Promise<Config> {
  const config = await c.config.update((cfg) => ({ ...cfg, cameras: records }));
  for (const r of records) {
    new CameraViews(c.store.slice('cameras')).publish(r, false, 0);
  }
  m.sync(config);
  return config;
}

const view = (id: string) => ctx!.store.state.cameras[id] as CameraView;

async function until<T>(what: string, fn: () => T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; camera: ${JSON.stringify(view('cam'))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('camera manager with a real GStreamer RTSP server', () => {
  it('plays with live figures, survives the server going away, and returns to playing', async () => {
    ctx = await makeTestContext();
    const srv: RunningRtspServer = await startRtspServer({ mounts: { '/cam': 'h264' }, fps: 30, keyInt: 30 });
    servers.push(srv);
    manager = new CameraManager(ctx, {
      tickMs: 500,
      backoff: { initialMs: 200, maxMs: 1000, jitter: 0, resetAfterMs: 30_000 },
    });
    await addCameras(ctx, manager, [record('cam', srv.url('/cam'))]);

    await until('playing', () => view('cam').status.state === 'playing');
    const figures = await until('fps figures', () => {
      const f = view('cam').figures;
      return f && f.frames > 30 && f.fps > 0 ? f : undefined;
    });
    expect(figures.fps).toBeGreaterThan(15);
    expect(figures.fps).toBeLessThan(45);
    expect(figures.kbps).toBeGreaterThan(0);
    const video = view('cam').streams[0]!;
    expect(video).toMatchObject({ media: 'video', encoding: 'H264', width: 320, height: 240 });
    expect(video.codec).toMatch(/^avc1\./);
    await until('key frame interval', () => view('cam').figures?.keyFrameIntervalSec);
    expect(view('cam').figures!.keyFrameIntervalSec).toBeCloseTo(1, 0);
    expect(view('cam').history.kbps.length).toBeGreaterThan(1);
    expect(view('cam').groupId).toBe(`server:127.0.0.1:${srv.port}`);

    // The server goes away: the camera leaves Playing, backs off with a reason, keeps trying.
    const port = srv.port;
    await srv.stop();
    const off = await until('backing off', () => {
      const s = view('cam').status;
      return s.state === 'backing-off' ? s : undefined;
    });
    expect(['unreachable', 'timeout']).toContain(off.failure.kind);

    // It comes back on the same port: the camera returns to Playing by itself.
    const again = await startRtspServer({ mounts: { '/cam': 'h264' }, port });
    servers.push(again);
    await until('playing again', () => view('cam').status.state === 'playing', 20_000);
  });

  it('bad credentials: an auth failure the operator can read, then back-off', async () => {
    ctx = await makeTestContext();
    const srv = await startRtspServer({
      mounts: { '/cam': 'h264' },
      users: [{ name: 'admin', password: 'right' }],
    });
    servers.push(srv);
    manager = new CameraManager(ctx, {
      backoff: { initialMs: 5000, maxMs: 5000, jitter: 0, resetAfterMs: 30_000 },
    });
    await ctx.secrets.set(passwordKey('cam'), 'wrong');
    await addCameras(ctx, manager, [record('cam', srv.url('/cam'), { username: 'admin' })]);
    const s = await until('backing off', () => {
      const st = view('cam').status;
      return st.state === 'backing-off' ? st : undefined;
    });
    expect(s.failure.kind).toBe('auth');
    expect(s.failure.message).toMatch(/user name or password/);
    // Refused logins follow their own, slower schedule (auth-schedule.ts), not the back-off.
    expect(s.retryAt - s.since).toBeGreaterThanOrEqual(10_000);
    expect(s.retryAt - s.since).toBeLessThanOrEqual(11_000);
    expect(ctx.store.state.log.some((e) => e.level === 'warn' && /password/.test(e.message))).toBe(true);
  });

  it('disabling a playing camera tears its session down and leaves nothing stale', async () => {
    ctx = await makeTestContext();
    const srv = await startRtspServer({ mounts: { '/cam': 'h264' } });
    servers.push(srv);
    manager = new CameraManager(ctx);
    const config = await addCameras(ctx, manager, [record('cam', srv.url('/cam'))]);
    await until('playing', () => view('cam').status.state === 'playing');
    const groupId = view('cam').groupId;
    const group = manager.groups.get(groupId)!.group;
    manager.sync({ ...config, cameras: config.cameras.map((c) => ({ ...c, enabled: false })) });
    await until('disabled', () => view('cam').status.state === 'disabled');
    expect(await group.awaitTeardown()).toEqual([]);
    expect(group.staleSessions().count).toBe(0);
    expect(group.detail()[0]).toMatchObject({ reason: 'dropped', teardown: { state: 'succeeded' } });
  });
});

describe('camera manager and the live555 stale-TCP bug (scripted server, fake clock)', () => {
  it('a discovered stale session makes the camera wait for its expiry before reconnecting', async () => {
    const clock = new FakeClock();
    ctx = await makeTestContext(() => clock.wallNow());
    const { srv, describes: describeCount } = await startLive555BugServer(1);
    servers.push(srv);
    manager = new CameraManager(ctx, {
      clock,
      random: () => 0.5,
      backoff: { initialMs: 1000, maxMs: 1000, jitter: 0, resetAfterMs: 30_000 },
    });
    await addCameras(ctx, manager, [record('cam', srv.url())]);

    const tick = async (ms: number) => clock.advance(ms);
    for (let i = 0; i < 40 && view('cam').status.state !== 'backing-off'; i++) await tick(0);
    expect(view('cam').status.state).toBe('backing-off');
    expect(view('cam').live555Bug).toBe(true);
    const groupId = view('cam').groupId;
    expect(groupId).toBe(`server:127.0.0.1:${srv.port}`);

    // After the back-off delay it does not connect: it waits for the stale session.
    await tick(1000);
    const waiting = view('cam').status;
    expect(waiting).toMatchObject({ state: 'waiting-stale', count: 1, groupId });
    if (waiting.state !== 'waiting-stale') throw new Error('unreachable');
    expect(waiting.until).toBe(clock.wallNow() - 1000 + 65_000);
    manager.sample();
    expect(ctx.store.state.groups[groupId]).toMatchObject({
      staleCount: 1,
      live555Bug: true,
      sessions: [{ reason: 'live555-stale-tcp', teardown: { state: 'impossible' }, active: true }],
    });
    const describesWhileWaiting = describeCount();
    await tick(60_000);
    expect(view('cam').status.state).toBe('waiting-stale');
    expect(describeCount()).toBe(describesWhileWaiting);

    // The stale session expires: the camera connects again.
    await tick(5_000);
    for (let i = 0; i < 40 && describeCount() === describesWhileWaiting; i++) await tick(0);
    expect(describeCount()).toBe(describesWhileWaiting + 1);
  });

  it('in per-URL mode a buggy server moves its camera to the server group, stale session included', async () => {
    const clock = new FakeClock();
    ctx = await makeTestContext(() => clock.wallNow());
    const { srv, describes: describeCount } = await startLive555BugServer(1_000_000);
    servers.push(srv);
    manager = new CameraManager(ctx, {
      clock,
      backoff: { initialMs: 1000, maxMs: 1000, jitter: 0, resetAfterMs: 30_000 },
    });
    await ctx.config.update((c) => ({ ...c, grouping: { mode: 'url', named: [] } }));
    await addCameras(ctx, manager, [record('cam', srv.url('/live'))]);
    expect(view('cam').groupId).toBe(`url:${srv.url('/live')}`);
    for (let i = 0; i < 40 && view('cam').status.state !== 'waiting-stale'; i++) await clock.advance(0);
    expect(view('cam').groupId).toBe(`server:127.0.0.1:${srv.port}`);
    expect(view('cam').status).toMatchObject({ state: 'waiting-stale', count: 1 });
    expect(describeCount()).toBe(1);
    expect(ctx.store.state.log.some((e) => /grouped per server/.test(e.message))).toBe(true);
  });

  it('forgetting stale sessions lets a waiting camera connect at once', async () => {
    const clock = new FakeClock();
    ctx = await makeTestContext(() => clock.wallNow());
    const { srv, describes: describeCount } = await startLive555BugServer(1);
    servers.push(srv);
    manager = new CameraManager(ctx, {
      clock,
      backoff: { initialMs: 1000, maxMs: 1000, jitter: 0, resetAfterMs: 30_000 },
    });
    await addCameras(ctx, manager, [record('cam', srv.url())]);
    for (let i = 0; i < 40 && view('cam').status.state !== 'backing-off'; i++) await clock.advance(0);
    await clock.advance(1000);
    expect(view('cam').status.state).toBe('waiting-stale');
    expect(manager.forgetStaleSessions(view('cam').groupId)).toBe(1);
    for (let i = 0; i < 40 && view('cam').status.state !== 'playing'; i++) await clock.advance(0);
    expect(view('cam').status.state).toBe('playing');
    expect(describeCount()).toBe(2);
  });
});
