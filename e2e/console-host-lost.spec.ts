// A dead host must not look healthy (issue 14, item 1): with a camera playing from the
// GStreamer RTSP server, the host is frozen (SIGSTOP: its socket stays open, only the missing
// heartbeat tells) and then killed (SIGKILL: the socket closes). Each time the banner is up
// within 2 s and the camera's figures are greyed and read as last known; SIGCONT clears it.
import { expect, type Page, test } from '@playwright/test';
import { type RunningRtspServer, startRtspServer } from '../test/peers/rtsp-server';
import { cameraRecord, hostPerTest, start, writeConfig } from './console-helpers';

const ctx = hostPerTest();
let srv: RunningRtspServer | undefined;
let frozenPid = 0;
test.afterEach(async () => {
  if (frozenPid) process.kill(frozenPid, 'SIGCONT');
  frozenPid = 0;
  await srv?.stop();
  srv = undefined;
});

const SHOTS = 'test-results/host-lost';

async function expectLastKnown(page: Page, id: string, lostAt: number): Promise<void> {
  await expect(page.getByTestId('host-lost')).toBeVisible({
    timeout: Math.max(1, 2_000 - (Date.now() - lostAt)),
  });
  expect(Date.now() - lostAt).toBeLessThan(2_000);
  await expect(page.getByTestId('host-link-region')).toHaveAttribute('aria-live', 'assertive');
  const row = page.getByTestId(`camera-row-${id}`);
  await expect(row.locator('td.c-fps')).toContainText('(last known)');
  await expect(row.locator('td.c-kbps')).toContainText('(last known)');
  await expect(row.locator('.status-cell')).toContainText(/Playing .*\(last known\)/);
  const dotFilter = await row.locator('.status-cell .dot').evaluate((el) => getComputedStyle(el).filter);
  expect(dotFilter).toContain('grayscale');
  // The sidebar's link status keeps its red.
  const connDot = await page
    .getByTestId('connection')
    .locator('.dot')
    .evaluate((el) => getComputedStyle(el).filter);
  expect(connDot).toBe('none');
}

test('a frozen or killed host is shown within 2 s, its figures greyed as last known', async ({ page }) => {
  test.setTimeout(90_000);
  srv = await startRtspServer({ mounts: { '/cam': 'h264' }, width: 640, height: 360, fps: 25 });
  const camera = cameraRecord(1, { name: 'Front gate', url: srv.url('/cam'), enabled: true });
  await writeConfig(ctx.dataDir, { version: 1, settings: {}, cameras: [camera] });
  const host = await start(ctx, page);
  const row = page.getByTestId(`camera-row-${camera.id}`);
  await expect(row).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });
  await expect
    .poll(async () => Number((await row.locator('td.c-fps').textContent())?.trim()), { timeout: 10_000 })
    .toBeGreaterThan(20);
  await expect(page.getByTestId('host-lost')).toHaveCount(0);

  // Frozen: the socket stays open, the heartbeat stops.
  process.kill(host.pid, 'SIGSTOP');
  frozenPid = host.pid;
  await expectLastKnown(page, camera.id, Date.now());
  const frozenText = await row.locator('.status-cell').textContent();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SHOTS}/cameras-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/cameras-dark.png` });
  // The playing time does not count on while the host is lost.
  expect(await row.locator('.status-cell').textContent()).toBe(frozenText);

  // The camera detail and the Relay page read as last known too.
  await row.getByRole('button', { name: 'Front gate' }).first().click();
  const detail = page.getByTestId('camera-detail');
  await expect(detail.locator('.tile dd').first()).toContainText('(last known)');
  await expect(detail.locator('.detail-status')).toContainText('(last known)');
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Relay' }).click();
  await expect(page.getByTestId('total-allocations')).toContainText('(last known)');
  await expect(page.getByTestId('relay-status')).toContainText('Paused (last known)');
  await page.getByRole('link', { name: 'Cameras' }).click();

  // The host comes back: the banner goes, the figures are live again.
  process.kill(host.pid, 'SIGCONT');
  frozenPid = 0;
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected', {
    timeout: 15_000,
  });
  await expect(page.getByTestId('host-lost')).toHaveCount(0);
  await expect(row.locator('td.c-fps')).not.toContainText('last known');

  // Live tiles grey out too.
  await page.getByRole('link', { name: 'Live' }).click();
  await expect(page.getByTestId('video-tile').first()).toBeVisible();

  // Killed: the socket closes.
  process.kill(host.pid, 'SIGKILL');
  const killedAt = Date.now();
  // Nothing left to stop (its stop() waits for an exit that has already happened).
  ctx.host = undefined;
  await expect(page.getByTestId('host-lost')).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - killedAt).toBeLessThan(2_000);
  await expect(page.getByTestId('video-tile').first().locator('.lv-name')).toContainText('(last known)');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SHOTS}/live-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/live-dark.png` });
});
