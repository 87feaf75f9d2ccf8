// `camrelay relay --restream-tls-cert/--restream-tls-key` as the host sees it: with a
// certificate the host's restream listener is rtsps:// only, announces an rtsps:// URL, and
// ffmpeg reads a camera added through the host's command over it; plain rtsp:// gets nothing.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../src/main/headless/tls-cert';
import { createHost, type Host } from '../src/main/host';
import { FileKeySecretBox } from '../src/main/store/secret-box';
import { DEFAULT_POLICIES } from '../src/shared/cameras';
import type { CommandResponse } from '../src/shared/errors';
import { decodedFrames, ffmpegArgs, run, until } from './helpers/restream';
import { freeTcpPort } from './peers/field-servers';
import { type RunningRtspServer, startRtspServer } from './peers/rtsp-server';

let dir: string;
let host: Host;
let camera: RunningRtspServer;
let pems: { cert: string; private: string };

beforeAll(async () => {
  const now = new Date(Date.now() - 60_000);
  pems = await generate([{ name: 'commonName', value: 'camrelay host rtsps test' }], {
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
    restreamTls: {
      cert: pems.cert,
      key: pems.private,
      fingerprint: fingerprintOf(pems.cert),
      source: 'operator',
    },
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
      tls: { fingerprint: fingerprintOf(pems.cert), source: 'operator' },
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

describe('host restream RTSPS setting (Restream page)', () => {
  it('switches the listener to rtsps:// with the console certificate, and back', async () => {
    const d = await mkdtemp(join(tmpdir(), 'camrelay-restream-tls-setting-'));
    const h = await createHost({
      dataDir: d,
      platform: 'headless',
      secretBox: await FileKeySecretBox.open(d),
      relayRuntime: null,
      webrtc: { bindAddress: '127.0.0.1' },
    });
    try {
      const added = (await h.call('addCamera', {
        name: 'Yard',
        url: camera.url('/cam'),
        username: '',
        transport: 'tcp',
        group: '',
        enabled: true,
        policies: DEFAULT_POLICIES,
      })) as CommandResponse<{ id: string }>;
      if (!added.ok) throw new Error(added.error.message);
      const port = await freeTcpPort();
      const on = (await h.call('updateRestream', { port, tls: true })) as CommandResponse<unknown>;
      if (!on.ok) throw new Error(on.error.message);
      // The self-signed console certificate, made into the data dir on first use.
      const cert = await readFile(join(d, 'console-cert.pem'), 'utf8');
      expect(h.store.get(['restream', 'status'])).toMatchObject({
        state: 'running',
        url: `rtsps://127.0.0.1:${port}`,
        tls: { fingerprint: fingerprintOf(cert), source: 'self-signed' },
      });
      await until(
        () => h.store.get(['cameras', added.result.id, 'status', 'state']) === 'playing',
        20_000,
        'the camera to play',
      );
      const secure = await run('ffmpeg', ffmpegArgs(`rtsps://127.0.0.1:${port}/yard`, 'tcp', 10));
      expect(decodedFrames(secure.stdout)).toBe(10);
      const off = (await h.call('updateRestream', { tls: false })) as CommandResponse<unknown>;
      if (!off.ok) throw new Error(off.error.message);
      const status = h.store.get(['restream', 'status']) as { url: string; tls?: unknown };
      expect(status.url).toBe(`rtsp://127.0.0.1:${port}`);
      expect(status.tls).toBeUndefined();
      const plain = await run('ffmpeg', ffmpegArgs(`rtsp://127.0.0.1:${port}/yard`, 'tcp', 10));
      expect(decodedFrames(plain.stdout)).toBe(10);
    } finally {
      await h.close();
      await rm(d, { recursive: true, force: true });
    }
  }, 120_000);
});
