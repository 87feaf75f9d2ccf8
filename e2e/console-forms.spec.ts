// What a new operator tripped over in the forms (issue 14, item 10): stale messages after a
// fix, import confirming before reading the file, unsaved relay settings lost on navigation,
// toasts over the buttons.
import { expect, test } from '@playwright/test';
import { type RunningRtspServer, startRtspServer } from '../test/peers/rtsp-server';
import { fillCamera, hostPerTest, readConfig, start } from './console-helpers';

const ctx = hostPerTest();
const servers: RunningRtspServer[] = [];
test.afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

test('the add camera summary goes once the marked fields are fixed', async ({ page }) => {
  await start(ctx, page);
  await page.getByTestId('camera-add').click();
  const dialog = page.getByTestId('camera-dialog');
  await page.getByTestId('camera-save').click();
  const alert = dialog.locator('.form-alert');
  await expect(alert).toContainText(/Check the (2 fields|field) marked below/);
  await fillCamera(page, { name: 'Gate' });
  await fillCamera(page, { url: 'rtsp://127.0.0.1:9/x' });
  await expect(dialog.locator('[aria-invalid="true"]')).toHaveCount(0);
  await expect(alert).toHaveCount(0);
});

test('unsaved relay settings ask before another page; the toast after saving leaves Save and Discard free', async ({
  page,
}) => {
  await start(ctx, page, '#/relay/settings');
  const form = page.getByTestId('relay-settings');
  await form.getByLabel('Realm').fill('site-b.example');
  await expect(page.getByText('Unsaved changes.')).toBeVisible();

  // Another page asks; staying keeps the page and what was typed.
  await page.getByRole('link', { name: 'Cameras' }).click();
  const ask = page.getByTestId('leave-confirm');
  await expect(ask).toContainText('Relay settings has changes that are not saved');
  await expect(page).toHaveURL(/#\/relay\/settings$/);
  expect(new URL(page.url()).searchParams.has('token'), 'the token stays out of the address').toBe(false);
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await expect(form.getByLabel('Realm')).toHaveValue('site-b.example');
  // Another tab of the same page asks too (it drops the form).
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Cancel' }).click();

  // Saved: the toast sits clear of the buttons, and leaving asks nothing.
  await page.getByTestId('relay-save').click();
  const toast = page.locator('.toast').filter({ hasText: 'Relay settings saved' });
  await expect(toast).toBeVisible();
  const t = (await toast.boundingBox())!;
  for (const name of ['Save settings', 'Discard']) {
    const b = (await form.getByRole('button', { name }).boundingBox())!;
    const overlaps =
      t.x < b.x + b.width && b.x < t.x + t.width && t.y < b.y + b.height && b.y < t.y + t.height;
    expect(overlaps, `toast over ${name}`).toBe(false);
  }
  expect((await readConfig(ctx.dataDir)).relay.settings.realm).toBe('site-b.example');
  await page.getByRole('link', { name: 'Cameras' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cameras' })).toBeVisible();

  // Changed again, then discarded on the way out: the other page opens, nothing saved.
  await page.getByRole('link', { name: 'Relay' }).click();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await form.getByLabel('Realm').fill('site-c.example');
  await page.getByRole('link', { name: 'Log' }).click();
  await page.getByTestId('leave-confirm').getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Log' })).toBeVisible();
  expect((await readConfig(ctx.dataDir)).relay.settings.realm).toBe('site-b.example');
});

test('test connection: missing credentials and sound-only streams in plain words; save anyway after a failed test', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const locked = await startRtspServer({
    mounts: { '/cam': 'h264' },
    users: [{ name: 'op', password: 'secret-1' }],
  });
  servers.push(locked);
  const sound = await startRtspServer({ mounts: { '/mic': 'opus' } });
  servers.push(sound);
  await start(ctx, page);
  await page.getByTestId('camera-add').click();
  const dialog = page.getByTestId('camera-dialog');
  const result = dialog.getByTestId('probe-result');

  await fillCamera(page, { name: 'Microphone', url: sound.url('/mic') });
  await dialog.getByTestId('camera-test').click();
  await expect(result).toHaveAttribute('data-state', 'ok', { timeout: 20_000 });
  await expect(result).toContainText('sends sound only, no video');
  await expect(result).not.toContainText('sends video');
  await expect(result).toContainText('kHz sample rate');

  await fillCamera(page, { name: 'Locked', url: locked.url('/cam') });
  await dialog.getByTestId('camera-test').click();
  await expect(result).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await expect(result).toContainText('This camera needs a user name and password');
  await expect(result).not.toContainText('wrong user name or password');
  await dialog.getByTestId('camera-save-anyway').click();
  await expect(dialog).toHaveCount(0);
  expect((await readConfig(ctx.dataDir)).cameras.map((c: { name: string }) => c.name)).toEqual(['Locked']);
});
