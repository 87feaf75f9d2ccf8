// Prometheus series for cameras, scraped from the host's real /metrics route while a camera
// plays from the GStreamer RTSP server (issue 14, item 3).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RunningRtspServer, startRtspServer } from '../../../test/peers/rtsp-server';
import { type HeadlessServer, startHeadlessServer } from '../headless/server';
import { createHost, type Host } from '../host';
import { FileKeySecretBox } from '../store/secret-box';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const TOKEN = 'M'.repeat(43);
const NAME = 'Gate "north" \\ side';
let dir: string;
let host: Host;
let server: HeadlessServer;
let rtsp: RunningRtspServer;

beforeEach(async () => {
  rtsp = await startRtspServer({ mounts: { '/cam': 'h264' }, width: 320, height: 240, fps: 15 });
  dir = await mkdtemp(join(tmpdir(), 'camrelay-metrics-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  const cameras = [{ id: 'cam_gate', name: NAME, url: rtsp.url('/cam'), enabled: true, policies: {} }];
  await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, settings: {}, cameras }));
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    relayRuntime: null,
  });
  // The same route the relay command serves.
  server = await startHeadlessServer({
    host,
    token: TOKEN,
    rendererDir: join(dir, 'renderer'),
    routes: {
      '/metrics': async (_req, res) => {
        res.writeHead(200, { 'content-type': host.metrics.contentType });
        res.end(await host.metrics.metrics());
      },
    },
  });
});
afterEach(async () => {
  await server.close();
  await host.close();
  await rtsp.stop();
  await rm(dir, { recursive: true, force: true });
});

async function scrape(): Promise<string> {
  const res = await fetch(`${server.url}metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one series, or undefined when it is absent. */
function value(text: string, series: string): number | undefined {
  for (const line of text.split('\n'))
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  return undefined;
}

async function until(ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('camera metrics at /metrics', () => {
  it('reports a playing camera by escaped name and id, and drops its series when it is deleted', async () => {
    const labels = '{camera="Gate \\"north\\" \\\\ side",id="cam_gate"}';
    let text = '';
    await until(async () => {
      text = await scrape();
      return (value(text, `camrelay_camera_fps${labels}`) ?? 0) > 5;
    });
    expect(value(text, `camrelay_camera_up${labels}`)).toBe(1);
    expect(value(text, `camrelay_camera_bitrate_bits_per_second${labels}`)).toBeGreaterThan(1000);
    expect(value(text, `camrelay_camera_reconnects_total${labels}`)).toBe(0);
    expect(value(text, `camrelay_camera_frames_lost_total${labels}`)).toBe(0);
    expect(text).toContain('# TYPE camrelay_camera_reconnects_total counter');

    // The server goes away: the camera is down, and its reconnect attempt is counted.
    await rtsp.stop();
    await until(async () => {
      text = await scrape();
      return (value(text, `camrelay_camera_reconnects_total${labels}`) ?? 0) >= 1;
    });
    expect(value(text, `camrelay_camera_up${labels}`)).toBe(0);
    expect(value(text, `camrelay_camera_fps${labels}`)).toBe(0);

    expect((await host.call('deleteCamera', { id: 'cam_gate' })).ok).toBe(true);
    text = await scrape();
    expect(text).not.toContain('cam_gate');
  });
});
