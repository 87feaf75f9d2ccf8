// On-demand cameras through the restream: a camera in `on-demand` mode has no session to the
// GStreamer server until ffmpeg asks for its restream, one while ffmpeg reads, and none again
// once the grace period after the last consumer passed. A DESCRIBE that cannot get a first
// frame in time is answered 503 with the reason, and a reconnect still waits for a stale
// session of the camera's SessionGroup. Real ffmpeg, real GStreamer server, the camera's
// connection counted on the server side (clients()); a scripted camera for the stale session.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/main/host';
import { ScriptedServer, camera as scriptedCamera } from '../src/main/rtsp/testing/scripted-server';
import { FileKeySecretBox } from '../src/main/store/secret-box';
import { DEFAULT_POLICIES } from '../src/shared/cameras';
import type { CommandResponse } from '../src/shared/errors';
import { encodeClientMessage } from '../src/shared/media';
import { type RunningRtspServer, startRtspServer } from './peers/rtsp-server';

let dir: string;
let host: Host;
let camera: RunningRtspServer;

function ok<T>(r: CommandResponse<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** ffmpeg decodes `frames` video frames over TCP; killed after 30 s. */
function ffmpeg(
  url: string,
  frames: number,
): Promise<{ code: number | null; decoded: number; stderr: string }> {
  return new Promise((resolve) => {
    const args = ['-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url];
    args.push('-map', '0:v', '-frames:v', String(frames), '-f', 'framemd5', '-');
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, decoded: out.split('\n').filter((l) => /^0,/.test(l)).length, stderr });
    });
  });
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  camera = await startRtspServer({ mounts: { '/cam': 'h264-aac' }, fps: 30, keyInt: 30 });
  dir = await mkdtemp(join(tmpdir(), 'camrelay-on-demand-'));
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    relayRuntime: null,
    webrtc: { bindAddress: '127.0.0.1' },
  });
  // The config's listener, on a port of this test's own.
  ok(await host.call('updateRestream', { port: await freePort(), graceSec: 2, firstFrameTimeoutSec: 10 }));
}, 40_000);

afterAll(async () => {
  await host?.close();
  await camera?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('on-demand cameras', () => {
  it('connect for the first consumer and close a grace period after the last', async () => {
    const { id } = ok<{ id: string }>(
      await host.call('addCamera', {
        name: 'Porch',
        url: camera.url('/cam'),
        username: '',
        transport: 'tcp',
        group: '',
        enabled: true,
        policies: DEFAULT_POLICIES,
        mode: 'on-demand',
      }),
    );
    expect(host.store.state.cameras[id]?.status.state).toBe('idle');
    const status = host.store.state.restream.status;
    expect(status.state).toBe('running');
    const url = `${status.state === 'running' ? status.url : ''}/porch`;
    // Nobody watches: the camera never sees camrelay.
    await new Promise((r) => setTimeout(r, 1500));
    expect(camera.clients()).toBe(0);

    const run = ffmpeg(url, 90);
    await until(() => camera.clients() === 1, 20_000, 'the camera session');
    await until(
      () => (host.store.state.restream.consumers[id]?.length ?? 0) === 1,
      10_000,
      'the consumer listed',
    );
    const consumer = host.store.state.restream.consumers[id]![0]!;
    expect(consumer).toMatchObject({ kind: 'restream', transport: 'rtsp/tcp', address: '127.0.0.1' });
    const result = await run;
    expect(result.stderr).toBe('');
    expect(result.decoded).toBe(90);
    expect(camera.clients()).toBe(1);

    // The last consumer left: the session stays for the grace (2 s), then is closed.
    const left = Date.now();
    await until(() => host.store.state.cameras[id]?.status.state === 'idle', 15_000, 'the camera idle again');
    expect(Date.now() - left).toBeGreaterThanOrEqual(1500);
    await until(() => camera.clients() === 0, 15_000, 'the camera connection closed');

    // A second consumer later connects it again (through the supervisor, after any stale wait).
    const again = await ffmpeg(url, 30);
    expect(again.decoded).toBe(30);
  }, 90_000);

  it('a console live view and a waiting WebRTC offer are consumers too', async () => {
    const { id } = ok<{ id: string }>(
      await host.call('addCamera', {
        name: 'Side',
        url: camera.url('/cam'),
        username: '',
        transport: 'tcp',
        group: '',
        enabled: true,
        policies: DEFAULT_POLICIES,
        mode: 'on-demand',
      }),
    );
    await until(() => camera.clients() === 0, 15_000, 'no camera session yet');
    // The console's live view (an in-process media channel) subscribes: the camera connects.
    let frames = 0;
    const conn = host.live.connect({
      send: () => {},
      sendFrame: () => {
        frames += 1;
      },
      bufferedAmount: 0,
      close: () => {},
    });
    conn.receive(
      encodeClientMessage({ type: 'subscribe', sub: 1, mode: 'live', intervalMs: 0, cameraId: id }),
    );
    await until(() => frames > 10, 20_000, 'frames in the live view');
    expect(camera.clients()).toBe(1);
    await until(
      () => host.store.state.restream.consumers[id]?.some((c) => c.kind === 'console') === true,
      10_000,
      'the live view listed',
    );
    conn.close();
    await until(() => host.store.state.cameras[id]?.status.state === 'idle', 15_000, 'idle after the grace');
    await until(() => camera.clients() === 0, 15_000, 'the camera connection closed');

    // A WebRTC offer to the idle camera waits for its first key frame (share links do this).
    expect(await host.awaitCamera(id)).toBeUndefined();
    expect(host.store.state.cameras[id]?.status.state).toBe('playing');
    await until(() => host.store.state.cameras[id]?.status.state === 'idle', 15_000, 'idle again');
  }, 90_000);

  it('answers 503 with the reason when the camera sends nothing in time', async () => {
    ok(await host.call('updateRestream', { firstFrameTimeoutSec: 2 }));
    const { id } = ok<{ id: string }>(
      await host.call('addCamera', {
        name: 'Gone',
        url: 'rtsp://127.0.0.1:9/nothing',
        username: '',
        transport: 'tcp',
        group: '',
        enabled: true,
        policies: DEFAULT_POLICIES,
        mode: 'on-demand',
      }),
    );
    const status = host.store.state.restream.status;
    const url = `${status.state === 'running' ? status.url : ''}/gone`;
    const result = await ffmpeg(url, 1);
    expect(result.decoded).toBe(0);
    expect(result.stderr).toMatch(/503 No Video From Camera Within 2 s/);
    await until(() => host.store.state.cameras[id]?.status.state === 'idle', 15_000, 'the camera idle');
  }, 60_000);

  it('an on-demand reconnect waits for the stale session its last stop left (its SessionGroup)', async () => {
    // A camera that never answers TEARDOWN: the session camrelay closes stays "maybe playing"
    // in its group until the camera's session timeout.
    const srv = await ScriptedServer.start(
      scriptedCamera({
        transport: (requested) => `${requested};server_port=9-10`,
        override: (req) => (req.method === 'TEARDOWN' ? 'ignore' : undefined),
      }),
    );
    try {
      ok(await host.call('updateRestream', { firstFrameTimeoutSec: 2 }));
      const { id } = ok<{ id: string }>(
        await host.call('addCamera', {
          name: 'Silent teardown',
          url: `rtsp://127.0.0.1:${srv.port}/cam`,
          username: '',
          transport: 'udp',
          group: '',
          enabled: true,
          policies: { ...DEFAULT_POLICIES, frameTimeoutSec: 60 },
          mode: 'on-demand',
        }),
      );
      // A consumer arrives: the camera connects (it sends no frames, so the wait ends in 2 s).
      const first = host.awaitCamera(id);
      await until(() => host.store.state.cameras[id]?.status.state === 'playing', 15_000, 'playing');
      expect(await first).toMatch(/No Video From Camera Within 2 s/);
      // The grace passes: the session is closed; its TEARDOWN goes unanswered.
      await until(() => host.store.state.cameras[id]?.status.state === 'idle', 15_000, 'idle');
      const groupId = host.store.state.cameras[id]!.groupId || `server:127.0.0.1:${srv.port}`;
      await until(() => (host.store.state.groups[groupId]?.staleCount ?? 0) > 0, 15_000, 'a stale session');
      const describes = srv.requests.filter((r) => r.method === 'DESCRIBE').length;

      // The next consumer makes the camera wait for that session, not reconnect at once.
      const second = host.awaitCamera(id);
      await until(
        () => host.store.state.cameras[id]?.status.state === 'waiting-stale',
        15_000,
        'waiting-stale',
      );
      expect(srv.requests.filter((r) => r.method === 'DESCRIBE').length).toBe(describes);
      ok(await host.call('forgetStaleSessions', { groupId }));
      await until(() => host.store.state.cameras[id]?.status.state === 'playing', 15_000, 'playing again');
      expect(srv.requests.filter((r) => r.method === 'DESCRIBE').length).toBe(describes + 1);
      await second;
      ok(await host.call('deleteCamera', { id }));
    } finally {
      await srv.stop();
    }
  }, 90_000);
});
