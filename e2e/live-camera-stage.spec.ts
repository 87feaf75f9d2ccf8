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
