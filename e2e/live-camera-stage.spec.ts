// The camera page (issue 14, item 7): zoom in steps with buttons and keys, drag to pan, and
// full screen, on live video from the GStreamer RTSP server.
import { expect, test } from '@playwright/test';
import { type RunningRtspServer, startRtspServer } from '../test/peers/rtsp-server';
import { cameraRecord, hostPerTest, start, writeConfig } from './console-helpers';

const ctx = hostPerTest();
let srv: RunningRtspServer | undefined;
test.afterEach(async () => {
  await srv?.stop();
  srv = undefined;
});

test('the camera page zooms, pans and goes full screen', async ({ page }) => {
  srv = await startRtspServer({ mounts: { '/cam': 'h264' }, width: 640, height: 360, fps: 25 });
  const camera = cameraRecord(1, { name: 'Front gate', url: srv.url('/cam'), enabled: true });
  await writeConfig(ctx.dataDir, { version: 1, settings: {}, cameras: [camera] });
  await start(ctx, page, `#/camera/${camera.id}`);
  const stage = page.getByTestId('camera-stage');
  await expect(stage.getByTestId('video-tile')).toHaveAttribute('data-view-state', 'playing', {
    timeout: 20_000,
  });
  const host = stage.locator('.lv-canvas-host');
  const scale = () => host.evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
  expect(await scale()).toBe(1);

  const tools = stage.getByRole('toolbar', { name: 'View of Front gate' });
  await expect(tools.getByRole('button', { name: 'Zoom out' })).toBeDisabled();
  await tools.getByRole('button', { name: 'Zoom in' }).click();
  await tools.getByRole('button', { name: 'Zoom in' }).click();
  await expect(stage).toHaveAttribute('data-zoom', '2');
  expect(await scale()).toBe(2);
  await expect(tools).toContainText('2×');

  // Dragging pans the zoomed picture, never past its edge.
  const box = (await stage.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const moved = await host.evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).e);
  expect(moved).toBeGreaterThan(0);
  expect(moved).toBeLessThanOrEqual(box.width / 2 + 1);

  // Keys: 0 fits again.
  await tools.getByRole('button', { name: 'Zoom in' }).focus();
  await page.keyboard.press('0');
  await expect(stage).toHaveAttribute('data-zoom', '1');
  expect(await scale()).toBe(1);

  await page.getByTestId('camera-fullscreen').click();
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid')))
    .toBe('camera-stage');
  await expect(page.getByTestId('camera-fullscreen')).toHaveText('Exit full screen');
  await page.getByTestId('camera-fullscreen').click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
  await expect(stage.getByTestId('video-tile')).toHaveAttribute('data-view-state', 'playing');
});

test('a small video fills a single large tile instead of sitting at its own size in the middle', async ({
  page,
}) => {
  srv = await startRtspServer({ mounts: { '/cam': 'h264' }, width: 320, height: 180, fps: 25 });
  const camera = cameraRecord(1, { name: 'Front gate', url: srv.url('/cam'), enabled: true });
  await writeConfig(ctx.dataDir, { version: 1, settings: {}, cameras: [camera] });
  await page.setViewportSize({ width: 1440, height: 900 });
  await start(ctx, page, '#/live');
  await page.getByTestId('grid-layout').getByRole('radio', { name: '1', exact: true }).check();
  const tile = page.getByTestId('video-tile');
  await expect(tile).toHaveCount(1);
  await expect(tile).toHaveAttribute('data-view-state', 'playing', { timeout: 20_000 });
  const box = (await tile.boundingBox())!;
  expect(box.width).toBeGreaterThan(640);
  // The picture is pure black (with a small ball); the tile around it is #05070b. The widest
  // run of picture pixels across the middle row is about the tile's width, not 320 px.
  await expect
    .poll(
      async () => {
        const png = (await tile.screenshot()).toString('base64');
        return page.evaluate(async (b64) => {
          const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' });
          const bmp = await createImageBitmap(blob);
          const c = new OffscreenCanvas(bmp.width, bmp.height);
          const ctx = c.getContext('2d')!;
          ctx.drawImage(bmp, 0, 0);
          const row = ctx.getImageData(0, bmp.height >> 1, bmp.width, 1).data;
          let picture = 0;
          for (let x = 0; x < bmp.width; x++) {
            const [r, g, b] = [row[4 * x]!, row[4 * x + 1]!, row[4 * x + 2]!];
            // Not the tile's own background (5, 7, 11).
            if (!(Math.abs(r - 5) <= 1 && Math.abs(g - 7) <= 1 && Math.abs(b - 11) <= 1)) picture++;
          }
          return picture / bmp.width;
        }, png);
      },
      { timeout: 10_000 },
    )
    .toBeGreaterThan(0.9);
});
