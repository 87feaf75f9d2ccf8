// Live video end to end: `camrelay relay` playing cameras of a GStreamer RTSP server (a
// moving ball), shown in Debian's Chromium (headless, --disable-gpu: WebCodecs' software
// H.264 decoder). Cameras are written to the config before the host starts.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, expect, type Page, test } from '@playwright/test';
import type { LiveStats } from '../src/shared/media';
import {
  holdStream,
  type RunningRtspServer,
  rtspServerAvailable,
  startRtspServer,
} from '../test/peers/rtsp-server';
import { makeDataDir, type RelayHost, removeDataDir, startRelayHost } from './support/relay-host';

// Page globals used inside page.evaluate (this file is type-checked for Node, without DOM).
interface PageContext2D {
  drawImage(image: unknown, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
declare const window: {
  __camrelayLive?: {
    stats(): Promise<{
      worker: boolean;
      views: { cameraId: string; state: string; droppedByMain: number }[];
    }>;
  };
};
declare const document: { dispatchEvent(e: Event): boolean };
declare function createImageBitmap(blob: Blob): Promise<{ width: number; height: number }>;
declare class OffscreenCanvas {
  constructor(width: number, height: number);
  getContext(kind: '2d'): PageContext2D | null;
}

let rtsp: RunningRtspServer | undefined;
let keeper: { stop(): void } | undefined;
let dataDir: string;
let host: RelayHost | undefined;

test.skip(!rtspServerAvailable(), 'GStreamer RTSP server (Debian python3-gi) not installed');

test.beforeAll(async () => {
  rtsp = await startRtspServer({
    mounts: { '/h264': 'h264', '/h265': 'h265', '/mjpeg': 'mjpeg' },
    shared: true,
    keyInt: 30,
  });
  // Several cameras join /h264 at once: have it playing first (see holdStream).
  keeper = await holdStream(rtsp.url('/h264'));
});
test.afterAll(async () => {
  keeper?.stop();
  await rtsp?.stop();
});
test.beforeEach(async () => {
  dataDir = await makeDataDir();
});
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  await removeDataDir(dataDir);
});

async function startWith(cameras: { id: string; name: string; mount: string; url?: string }[]) {
  await writeFile(
    join(dataDir, 'config.json'),
    JSON.stringify({
      version: 1,
      settings: {},
      cameras: cameras.map((c) => ({
        id: c.id,
        name: c.name,
        url: c.url ?? rtsp!.url(c.mount),
        policies: {},
      })),
    }),
  );
  host = await startRelayHost(dataDir);
  return host;
}

async function liveStats(h: RelayHost): Promise<LiveStats> {
  const res = await fetch(`${h.url}media/stats`, { headers: { authorization: `Bearer ${h.token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as LiveStats;
}

/** Luma statistics of a PNG, computed in the page (no image library needed in Node). */
async function pictureStats(page: Page, png: Buffer, previous?: Buffer) {
  return page.evaluate(
    async ([a, b]) => {
      const luma = async (b64: string) => {
        // (fetch of a data: URL is refused by the console's CSP)
        const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' });
        const bmp = await createImageBitmap(blob);
        const c = new OffscreenCanvas(bmp.width, bmp.height);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(bmp, 0, 0);
        const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
        const out = new Float32Array(d.length / 4);
        for (let i = 0; i < out.length; i++)
          out[i] = 0.299 * d[4 * i]! + 0.587 * d[4 * i + 1]! + 0.114 * d[4 * i + 2]!;
        return out;
      };
      const y = await luma(a);
      let sum = 0;
      for (const v of y) sum += v;
      const mean = sum / y.length;
      let varSum = 0;
      for (const v of y) varSum += (v - mean) ** 2;
      let diff = 0;
      if (b) {
        const z = await luma(b);
        for (let i = 0; i < y.length && i < z.length; i++) diff += Math.abs(y[i]! - z[i]!);
        diff /= y.length;
      }
      return { stddev: Math.sqrt(varSum / y.length), meanAbsDiff: diff };
    },
    [png.toString('base64'), previous?.toString('base64') ?? ''] as const,
  );
}

test('the camera page shows live, moving video with its figures', async ({ page }) => {
  const h = await startWith([{ id: 'cam_gate', name: 'Gate', mount: '/h264' }]);
  await page.goto(`${h.openUrl}#/camera/cam_gate`);
  await expect(page.getByRole('heading', { level: 1, name: 'Gate' })).toBeVisible();
  const tile = page.getByTestId('video-tile');
  await expect(tile).toHaveAttribute('data-view-state', 'playing', { timeout: 20_000 });

  const canvas = tile.getByTestId('video-canvas');
  const first = await canvas.screenshot();
  await page.waitForTimeout(1000);
  const second = await canvas.screenshot();
  const stats = await pictureStats(page, second, first);
  expect(stats.stddev, 'the picture is not uniform').toBeGreaterThan(10);
  expect(stats.meanAbsDiff, 'the picture changes over a second').toBeGreaterThan(0.5);

  await expect(page.getByTestId('figure-codec')).toContainText('H.264');
  await expect(page.getByTestId('figure-resolution')).toHaveText('320×240');
  await expect(page.getByTestId('figure-latency')).toHaveText(/^\d+ ms/);
  await expect(page.getByTestId('figure-viewers')).toHaveText('1 view');
  const latency = Number((await page.getByTestId('figure-latency').textContent())?.match(/\d+/)?.[0]);
  expect(latency).toBeLessThan(500);
  // The page is worked by the engine in a worker, not the page's thread.
  const debug = await page.evaluate(() => window.__camrelayLive!.stats());
  expect(debug.worker).toBe(true);
  expect(debug.views[0]).toMatchObject({ cameraId: 'cam_gate', state: 'playing', droppedByMain: 0 });
});

test('closing the view stops the stream: the subscriber count drops to zero', async ({ page }) => {
  const h = await startWith([{ id: 'cam_gate', name: 'Gate', mount: '/h264' }]);
  await page.goto(`${h.openUrl}#/camera/cam_gate`);
  await expect(page.getByTestId('video-tile')).toHaveAttribute('data-view-state', 'playing', {
    timeout: 20_000,
  });
  await expect.poll(async () => (await liveStats(h)).cameras.cam_gate?.viewers).toBe(1);

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect.poll(async () => (await liveStats(h)).cameras.cam_gate?.viewers).toBe(0);
  const stats = await liveStats(h);
  expect(stats.subscriptions.filter((s) => s.mode === 'live')).toEqual([]);
  // The page's media socket closes a moment later (kept briefly for the next page's views).
  await expect.poll(async () => (await liveStats(h)).connections).toBe(0);
  // Nobody watches: main keeps at most the current GOP of the camera.
  expect(stats.cameras.cam_gate!.gopFrames).toBeLessThanOrEqual(31);
});

test('a hidden page unsubscribes and comes back at once when shown', async ({ page }) => {
  const h = await startWith([{ id: 'cam_gate', name: 'Gate', mount: '/h264' }]);
  await page.goto(`${h.openUrl}#/camera/cam_gate`);
  const tile = page.getByTestId('video-tile');
  await expect(tile).toHaveAttribute('data-view-state', 'playing', { timeout: 20_000 });
  const setHidden = (hidden: boolean) =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', {
        value: value ? 'hidden' : 'visible',
        configurable: true,
      });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await expect(tile).toHaveAttribute('data-view-state', 'off-screen');
  await expect.poll(async () => (await liveStats(h)).cameras.cam_gate?.viewers).toBe(0);
  await setHidden(false);
  // The GOP cache gives the new view a picture without waiting for the next key frame.
  await expect(tile).toHaveAttribute('data-view-state', 'playing', { timeout: 1500 });
  await expect.poll(async () => (await liveStats(h)).cameras.cam_gate?.viewers).toBe(1);
});

test('the grid shows four playing tiles with names', async ({ page }) => {
  const cams = ['North', 'South', 'East', 'West'].map((name) => ({
    id: `cam_${name.toLowerCase()}`,
    name,
    mount: '/h264',
  }));
  const h = await startWith(cams);
  await page.goto(`${h.openUrl}#/live`);
  await page.getByTestId('grid-layout').getByRole('radio', { name: '2×2' }).check();
  const tiles = page.getByTestId('video-tile');
  await expect(tiles).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    await expect(tiles.nth(i)).toHaveAttribute('data-view-state', 'playing', { timeout: 20_000 });
  }
  await expect(page.getByTestId('live-grid')).toContainText('East');
  await expect(page.getByTestId('live-grid')).toContainText('West');
  await expect
    .poll(async () => Object.values((await liveStats(h)).cameras).map((c) => c.viewers))
    .toEqual([1, 1, 1, 1]);
  // A tile's name opens the camera page.
  await page.getByTestId('live-grid').getByRole('link', { name: 'East', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'East' })).toBeVisible();
});

test('an H.265-only camera shows the unsupported-codec badge, not a black box', async ({ page }) => {
  const h = await startWith([{ id: 'cam_yard', name: 'Yard', mount: '/h265' }]);
  await page.goto(`${h.openUrl}#/camera/cam_yard`);
  const badge = page.getByTestId('codec-unsupported');
  await expect(badge).toBeVisible({ timeout: 20_000 });
  await expect(badge).toContainText('H.265');
  await expect(badge).toContainText('hvc1.');
  await expect(page.getByTestId('video-tile')).toHaveAttribute('data-view-state', 'unsupported');
  // It does not take the whole stream it cannot show: only a key frame now and then.
  await expect
    .poll(async () => (await liveStats(h)).cameras.cam_yard)
    .toMatchObject({ viewers: 0, thumbnails: 1 });
});

test('save snapshot downloads a PNG of the picture at the video resolution', async ({ page }) => {
  const h = await startWith([{ id: 'cam_gate', name: 'Gate', mount: '/h264' }]);
  await page.goto(`${h.openUrl}#/camera/cam_gate`);
  await expect(page.getByTestId('video-tile')).toHaveAttribute('data-view-state', 'playing', {
    timeout: 20_000,
  });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('save-snapshot').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Gate \d{4}-\d\d-\d\d \d\d-\d\d-\d\d\.png$/);
  const png = await readFile((await download.path())!);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.readUInt32BE(16)).toBe(320); // IHDR width
  expect(png.readUInt32BE(20)).toBe(240); // IHDR height
  expect((await pictureStats(page, png)).stddev).toBeGreaterThan(10);
});

test('thumbnails in the grid picker come from key frames', async ({ page }) => {
  const h = await startWith([
    { id: 'cam_gate', name: 'Gate', mount: '/h264' },
    { id: 'cam_yard', name: 'Yard', mount: '/h265' },
  ]);
  await page.goto(`${h.openUrl}#/live`);
  await page.getByTestId('grid-choose').click();
  const picker = page.getByTestId('grid-picker');
  const thumb = picker.locator('[data-testid="camera-thumbnail"][data-camera-id="cam_gate"]');
  await expect(thumb).toHaveAttribute('data-has-picture', 'true', { timeout: 20_000 });
  await expect(picker.locator('[data-testid="camera-thumbnail"][data-camera-id="cam_yard"]')).toContainText(
    'H.265',
  );
  // Unticking a camera takes its tile out of the grid.
  await page.getByTestId('grid-pick-cam_yard').uncheck();
  await expect(page.getByTestId('video-tile')).toHaveCount(1);
});

test('an MJPEG camera plays through createImageBitmap', async ({ page }) => {
  const h = await startWith([{ id: 'cam_dock', name: 'Dock', mount: '/mjpeg' }]);
  await page.goto(`${h.openUrl}#/camera/cam_dock`);
  const tile = page.getByTestId('video-tile');
  await expect(tile).toHaveAttribute('data-view-state', 'playing', { timeout: 20_000 });
  await expect(page.getByTestId('figure-codec')).toContainText('MJPEG');
  const canvas = tile.getByTestId('video-canvas');
  const first = await canvas.screenshot();
  await page.waitForTimeout(1000);
  const stats = await pictureStats(page, await canvas.screenshot(), first);
  expect(stats.stddev).toBeGreaterThan(5);
  expect(stats.meanAbsDiff).toBeGreaterThan(0.2);
});

test('thumbnails scrolled out of view unsubscribe (IntersectionObserver)', async ({ page }) => {
  // Thirty cameras nobody can reach: thumbnails subscribe whatever the camera's state.
  const cams = Array.from({ length: 30 }, (_, i) => ({
    id: `cam_${String(i).padStart(2, '0')}`,
    name: `Camera ${String(i).padStart(2, '0')}`,
    mount: '',
    url: 'rtsp://127.0.0.1:9/none',
  }));
  const h = await startWith(cams);
  await page.setViewportSize({ width: 1360, height: 560 });
  await page.goto(`${h.openUrl}#/live`);
  await page.getByTestId('grid-choose').click();
  const thumbs = async () => {
    const cameras = (await liveStats(h)).cameras;
    return Object.keys(cameras).filter((id) => (cameras[id]?.thumbnails ?? 0) > 0);
  };
  await expect.poll(async () => (await thumbs()).length).toBeGreaterThan(0);
  const before = await thumbs();
  expect(before).toContain('cam_00');
  expect(before).not.toContain('cam_29');
  await page.getByTestId('grid-pick-cam_29').scrollIntoViewIfNeeded();
  await expect.poll(thumbs, { timeout: 10_000 }).toContain('cam_29');
  await expect.poll(thumbs, { timeout: 10_000 }).not.toContain('cam_00');
});

test('over plain HTTP to a non-loopback name the tile says video needs a secure context, not a black box', async () => {
  // The console stays on loopback; Chromium reaches it as http://camrelay.test (mapped to
  // 127.0.0.1), an origin that is not potentially trustworthy: no secure context, no WebCodecs.
  const h = await startWith([{ id: 'cam_gate', name: 'Gate', mount: '/h264' }]);
  const open = new URL(h.openUrl);
  open.hostname = 'camrelay.test';
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--host-resolver-rules=MAP camrelay.test 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${open.href}#/camera/cam_gate`);
    expect(await page.evaluate(() => globalThis.isSecureContext)).toBe(false);
    const tile = page.getByTestId('video-tile');
    await expect(tile).toHaveAttribute('data-view-state', 'unsupported', { timeout: 20_000 });
    await expect(page.getByTestId('codec-unsupported')).toContainText('Video needs a secure context');
    await page.screenshot({ path: test.info().outputPath('insecure-context.png') });
  } finally {
    await browser.close();
  }
});
