// Narrow windows (issue 14, item 6): at 800 px the cameras are cards that keep each camera's
// name and address in full view; at 1440 px the table shows codec names uncut.
import { expect, type Locator, test } from '@playwright/test';
import { type RunningRtspServer, startRtspServer } from '../test/peers/rtsp-server';
import { cameraRecord, hostPerTest, start, writeConfig } from './console-helpers';

const ctx = hostPerTest();
let srv: RunningRtspServer | undefined;
test.afterEach(async () => {
  await srv?.stop();
  srv = undefined;
});

/** The element is on screen and its text is not cut (no ellipsis, nothing overflowing). */
async function expectUncut(el: Locator): Promise<void> {
  await expect(el).toBeVisible();
  const box = await el.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
  expect(box.scroll, (await el.textContent()) ?? '').toBeLessThanOrEqual(box.client);
  expect((await el.boundingBox())?.width ?? 0).toBeGreaterThan(40);
}

test('at 800 px each camera is a card with its name and address; at 1440 px codecs are not cut', async ({
  page,
}) => {
  srv = await startRtspServer({ mounts: { '/cam': 'h264' }, width: 640, height: 360, fps: 25 });
  const playing = cameraRecord(1, { name: 'Front gate', url: srv.url('/cam'), enabled: true });
  const cameras = [playing, ...[2, 3, 4].map((i) => cameraRecord(i, { name: `Side door ${i}` }))];
  await writeConfig(ctx.dataDir, { version: 1, settings: {}, cameras });
  await page.setViewportSize({ width: 1440, height: 900 });
  await start(ctx, page);
  const row = page.getByTestId(`camera-row-${playing.id}`);
  await expect(row).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });
  await expect(row.locator('td.c-video')).toContainText('H.264 · 640×360');
  await expectUncut(row.locator('td.c-video > div').first());
  await expectUncut(row.locator('td.c-video > div.sub'));
  await expectUncut(row.locator('.c-name .link-btn'));

  for (const width of [800, 600]) {
    await page.setViewportSize({ width, height: 900 });
    const display = await row.evaluate((e) => getComputedStyle(e).display);
    expect(display, `cards at ${width} px`).toBe('grid');
    for (const c of cameras) {
      const card = page.getByTestId(`camera-row-${c.id}`);
      await expectUncut(card.getByRole('button', { name: c.name, exact: true }));
      await expect(card.locator('.c-name .sub')).toBeVisible();
      await expect(card.getByRole('switch')).toBeVisible();
      await expect(card.getByRole('button', { name: `Actions for ${c.name}` })).toBeVisible();
    }
    await expect(row.locator('td.c-fps')).toBeVisible();
    await expect(row.locator('.status-cell')).toContainText('Playing');
  }
  await page.screenshot({ path: 'test-results/narrow/cameras-600.png' });
  await page.setViewportSize({ width: 800, height: 900 });
  await page.screenshot({ path: 'test-results/narrow/cameras-800.png' });
  // Sorting still works from the header bar.
  await page.getByRole('button', { name: /^Camera/ }).click();
  await expect(page.getByTestId('camera-table').locator('tbody tr.camera-row').first()).toContainText(
    'Side door 4',
  );
});
