// `camrelay relay --restream-tls-cert/--restream-tls-key` as the host sees it: with a
// certificate the host's restream listener is rtsps:// only, announces an rtsps:// URL, and
// ffmpeg reads a camera added through the host's command over it; plain rtsp:// gets nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../src/main/host';
import { FileKeySecretBox } from '../src/main/store/secret-box';
import { DEFAULT_POLICIES } from '../src/shared/cameras';
import type { CommandResponse } from '../src/shared/errors';
import { decodedFrames, ffmpegArgs, run, until } from './helpers/restream';
import { type RunningRtspServer, startRtspServer } from './peers/rtsp-server';

let dir: string;
let host: Host;
let camera: RunningRtspServer;

beforeAll(async () => {
  const now = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'camrelay host rtsps test' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 86_400_000),
  });
  camera = await startRtspServer({ mounts: { '/cam': 'h264' }, fps: 30, keyInt: 30 });
  dir = await mkdtemp(join(tmpdir(), 'camrelay-restream-rtsps-'));
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    relayRuntime: null,
    webrtc: { bindAddress: '127.0.0.1' },
    restream: { host: '127.0.0.1', port: 0 },
    restreamTls: { cert: pems.cert, key: pems.private },
  });
}, 40_000);

afterAll(async () => {
  await host?.close();
  await camera?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('host restream over TLS', () => {
  it('announces rtsps://, serves it to ffmpeg, and answers nothing to plain rtsp://', async () => {
    const added = (await host.call('addCamera', {
      name: 'Gate',
      url: camera.url('/cam'),
      username: '',
      transport: 'tcp',
      group: '',
      enabled: true,
      policies: DEFAULT_POLICIES,
    })) as CommandResponse<{ id: string }>;
    if (!added.ok) throw new Error(added.error.message);
    const id = added.result.id;
    const port = host.restream!.port;
    expect(host.store.get(['restream', 'status'])).toMatchObject({
      state: 'running',
      url: `rtsps://127.0.0.1:${port}`,
    });
    await until(
      () => host.store.get(['cameras', id, 'status', 'state']) === 'playing',
      20_000,
      'the camera to play',
    );
    const secure = await run('ffmpeg', ffmpegArgs(`rtsps://127.0.0.1:${port}/gate`, 'tcp', 20));
    expect(secure.stderr).toBe('');
    expect(decodedFrames(secure.stdout)).toBe(20);
    const plain = await run('ffmpeg', ffmpegArgs(`rtsp://127.0.0.1:${port}/gate`, 'tcp', 5), 15_000);
    expect(plain.code).not.toBe(0);
    expect(decodedFrames(plain.stdout)).toBe(0);
  }, 90_000);
});
