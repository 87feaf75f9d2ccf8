// The host serves its cameras again: a camera added through the host's command (a GStreamer
// server behind it) is readable by ffmpeg at rtsp://…/<slug of its name>, and the path stays
// the same after the camera is renamed (the supervisor restarts; the fan-out stays).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/main/host';
import { FileKeySecretBox } from '../src/main/store/secret-box';
import { DEFAULT_POLICIES } from '../src/shared/cameras';
import type { CommandResponse } from '../src/shared/errors';
import { type RunningRtspServer, startRtspServer } from './peers/rtsp-server';

let dir: string;
let host: Host;
let camera: RunningRtspServer;

function ok<T>(r: CommandResponse<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

/** ffmpeg reads `frames` video frames (decoded, framemd5); killed after 25 s. */
function ffmpegFrames(
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
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, decoded: out.split('\n').filter((l) => /^0,/.test(l)).length, stderr });
    });
  });
}

/** Polls `check` (bounded) until it is true. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  camera = await startRtspServer({ mounts: { '/cam': 'h264-aac' }, fps: 30, keyInt: 30 });
  dir = await mkdtemp(join(tmpdir(), 'camrelay-restream-host-'));
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    relayRuntime: null,
    webrtc: { bindAddress: '127.0.0.1' },
    restream: { host: '127.0.0.1', port: 0 },
  });
}, 40_000);

afterAll(async () => {
  await host?.close();
  await camera?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('host restream', () => {
  it('serves an added camera at the slug of its name, and keeps the path after a rename', async () => {
    const { id } = ok<{ id: string }>(
      await host.call('addCamera', {
        name: 'Front Door (east)',
        url: camera.url('/cam'),
        username: '',
        transport: 'tcp',
        group: '',
        enabled: true,
        policies: DEFAULT_POLICIES,
      }),
    );
    expect(host.config.cameras.find((c) => c.id === id)?.restreamPath).toBe('front-door-east');
    const url = `rtsp://127.0.0.1:${host.restream!.port}/front-door-east`;
    await until(
      () => host.store.get(['cameras', id, 'status', 'state']) === 'playing',
      20_000,
      'the camera to play',
    );
    const first = await ffmpegFrames(url, 20);
    expect(first.stderr).toBe('');
    expect(first.decoded).toBe(20);

    ok(
      await host.call('updateCamera', {
        id,
        name: 'Porch',
        url: camera.url('/cam'),
        username: '',
        transport: 'tcp',
        group: '',
        enabled: true,
        policies: DEFAULT_POLICIES,
      }),
    );
    expect(host.config.cameras.find((c) => c.id === id)?.restreamPath).toBe('front-door-east');
    const again = await ffmpegFrames(url, 20);
    expect(again.decoded).toBe(20);
  }, 90_000);
});
