// Cameras page against the headless host: add / edit / duplicate / delete, inline errors
// from main with nothing saved, passwords never on disk in clear, filter / sort, and a
// table of hundreds of cameras that renders only the rows in view.
import { expect, test } from '@playwright/test';
import {
  allDataText,
  cameraMenu,
  cameraRecord,
  fillCamera,
  hostPerTest,
  readConfig,
  restart,
  start,
  writeConfig,
} from './console-helpers';

const ctx = hostPerTest();
const PASSWORD = 'Tr0ub4dor&3-camera';

test('add, edit, duplicate and delete a camera', async ({ page }) => {
  await start(ctx, page);
  await expect(page.getByText('No cameras yet')).toBeVisible();
  await page.getByTestId('camera-add').click();
  const dialog = page.getByTestId('camera-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await fillCamera(page, {
    name: 'Front gate',
    url: 'rtsp://127.0.0.1:9/stream1',
    username: 'admin',
    password: PASSWORD,
  });
  await dialog.getByRole('radio', { name: 'UDP' }).check();
  await dialog.getByTestId('camera-save').click();
  await expect(dialog).toBeHidden();

  const config = await readConfig(ctx.dataDir);
  expect(config.cameras).toHaveLength(1);
  const cam = config.cameras[0];
  expect(cam).toMatchObject({
    name: 'Front gate',
    url: 'rtsp://127.0.0.1:9/stream1',
    username: 'admin',
    transport: 'udp',
  });
  // The password is stored, encrypted: no file in the data dir holds it in clear.
  expect(await allDataText(ctx.dataDir)).not.toContain(PASSWORD);
  const row = page.getByTestId(`camera-row-${cam.id}`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-state', /connecting|backing-off|waiting-stale|playing/);
  await expect(page.getByTestId('nav-cameras')).toContainText('0/1');

  // Edit: the saved password is never shown, and is kept when the field is left empty.
  await cameraMenu(page, 'Front gate', 'Edit…');
  await expect(dialog).toBeVisible();
  const pw = dialog.getByLabel('Password', { exact: true });
  await expect(pw).toHaveValue('');
  await expect(dialog.getByText('Saved; leave empty to keep it')).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill('Gate 2');
  await dialog.getByTestId('camera-save').click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await readConfig(ctx.dataDir)).cameras[0].name).toBe('Gate 2');
  await row.getByRole('button', { name: 'Gate 2', exact: true }).click();
  const detail = page.getByTestId('camera-detail');
  await expect(detail).toContainText('Saved (encrypted)');
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  // Duplicate: a disabled copy, opened for editing.
  await cameraMenu(page, 'Gate 2', 'Duplicate');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('Gate 2 (copy)');
  await expect(dialog.getByTestId('camera-enabled')).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const afterCopy = await readConfig(ctx.dataDir);
  expect(afterCopy.cameras.map((c: { name: string }) => c.name)).toEqual(['Gate 2', 'Gate 2 (copy)']);
  expect(afterCopy.cameras[1].enabled).toBe(false);
  const copyId = afterCopy.cameras[1].id;
  await expect(page.getByTestId(`camera-row-${copyId}`)).toHaveAttribute('data-state', 'disabled');

  // Clear the saved password of the copy.
  await cameraMenu(page, 'Gate 2 (copy)', 'Edit…');
  await dialog.getByLabel('Remove the saved password').check();
  await dialog.getByTestId('camera-save').click();
  await expect(dialog).toBeHidden();
  await page
    .getByTestId(`camera-row-${copyId}`)
    .getByRole('button', { name: 'Gate 2 (copy)', exact: true })
    .click();
  await expect(detail.getByText('Saved (encrypted)')).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Delete asks first; Cancel keeps it, Delete removes it.
  await cameraMenu(page, 'Gate 2 (copy)', 'Delete…');
  const confirm = page.getByTestId('camera-delete-confirm');
  await expect(confirm).toContainText('Delete Gate 2 (copy)?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId(`camera-row-${copyId}`)).toBeVisible();
  await cameraMenu(page, 'Gate 2 (copy)', 'Delete…');
  await confirm.getByRole('button', { name: 'Delete camera' }).click();
  await expect(page.getByTestId(`camera-row-${copyId}`)).toHaveCount(0);
  expect((await readConfig(ctx.dataDir)).cameras).toHaveLength(1);
});

test('invalid camera input is marked inline and nothing is saved', async ({ page }) => {
  await start(ctx, page);
  const before = await readConfig(ctx.dataDir);
  const add = page.getByTestId('camera-add');
  await add.click();
  const dialog = page.getByTestId('camera-dialog');
  await fillCamera(page, { name: '   ', url: 'http://192.0.2.1/stream' });
  await dialog.getByText('Advanced').click();
  await dialog.getByLabel('Frame timeout').fill('0');
  await dialog.getByTestId('camera-save').click();

  const name = dialog.getByLabel('Name', { exact: true });
  const url = dialog.getByLabel('RTSP address', { exact: true });
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('Name is required');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('Must start with rtsp:// or rtsps://');
  await expect(dialog.getByLabel('Frame timeout')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toContainText('Check the 3 fields marked below');
  // The error is tied to the field for screen readers, and focus goes to the first one.
  const describedBy = await name.getAttribute('aria-describedby');
  expect(await page.locator(`[id="${describedBy?.split(' ')[0]}"]`).textContent()).toContain(
    'Name is required',
  );
  await expect(name).toBeFocused();
  expect(await readConfig(ctx.dataDir)).toEqual(before);

  // Editing a field clears its mark; a bad URL form is also refused.
  await fillCamera(page, { name: 'Lobby', url: 'rtsp://' });
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Frame timeout').fill('10');
  await dialog.getByTestId('camera-save').click();
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  expect(await readConfig(ctx.dataDir)).toEqual(before);

  // Escape closes without saving and gives focus back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(add).toBeFocused();
  expect(await readConfig(ctx.dataDir)).toEqual(before);
});

test('a duplicate name is refused on the name field', async ({ page }) => {
  await writeConfig(ctx.dataDir, { version: 1, settings: {}, cameras: [cameraRecord(1, { name: 'Dock' })] });
  await start(ctx, page);
  await page.getByTestId('camera-add').click();
  await fillCamera(page, { name: 'dock', url: 'rtsp://127.0.0.1:9/other' });
  const dialog = page.getByTestId('camera-dialog');
  await dialog.getByTestId('camera-save').click();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('A camera named "Dock" already exists');
  expect((await readConfig(ctx.dataDir)).cameras).toHaveLength(1);
});

test('test connection reports an unreachable camera in words', async ({ page }) => {
  await start(ctx, page);
  await page.getByTestId('camera-add').click();
  await fillCamera(page, { name: 'Probe', url: 'rtsp://127.0.0.1:9/stream' });
  const dialog = page.getByTestId('camera-dialog');
  await dialog.getByTestId('camera-test').click();
  const result = dialog.getByTestId('probe-result');
  await expect(result).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await expect(result).toContainText('Camera unreachable');
  // Testing saves nothing.
  expect((await readConfig(ctx.dataDir)).cameras).toHaveLength(0);
});

test('hundreds of cameras: only rows in view render; filter, sort and enable work', async ({ page }) => {
  const cameras = Array.from({ length: 300 }, (_, i) => cameraRecord(i + 1));
  await writeConfig(ctx.dataDir, { version: 1, settings: {}, cameras });
  await start(ctx, page);
  await expect(page.getByTestId('camera-count')).toHaveText('300 cameras');
  const rows = page.locator('[data-testid^="camera-row-"]');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);

  // Scrolling brings the last rows in.
  await page.getByTestId('camera-table-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId('camera-row-cam_0300')).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);

  // Sort by name descending with the header button; aria-sort follows.
  const nameHeader = page.getByRole('columnheader', { name: 'Camera' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await page.getByTestId('camera-table-scroll').evaluate((el) => el.scrollTo(0, 0));
  await expect(rows.first()).toHaveAttribute('data-testid', 'camera-row-cam_0300');

  // Filter by text, then by status.
  await page.getByTestId('camera-search').fill('Camera 12');
  await expect(page.getByTestId('camera-count')).toHaveText('10 of 300 cameras');
  await page.getByTestId('camera-status-filter').getByText('Playing').click();
  await expect(page.getByTestId('camera-no-match')).toBeVisible();
  await page.getByRole('button', { name: 'Show all cameras' }).click();
  await expect(page.getByTestId('camera-count')).toHaveText('300 cameras');

  // The per-row switch enables a camera.
  await page.getByTestId('camera-search').fill('Camera 007');
  const row = page.getByTestId('camera-row-cam_0007');
  await row.getByRole('switch', { name: 'Enabled: Camera 007' }).check();
  await expect(row).not.toHaveAttribute('data-state', 'disabled');
  await expect
    .poll(
      async () =>
        (await readConfig(ctx.dataDir)).cameras.find((c: { id: string }) => c.id === 'cam_0007').enabled,
    )
    .toBe(true);
});

test('cameras survive a host restart', async ({ page }) => {
  await start(ctx, page);
  await page.getByTestId('camera-add').click();
  await fillCamera(page, {
    name: 'Yard',
    url: 'rtsp://127.0.0.1:9/yard',
    username: 'op',
    password: PASSWORD,
  });
  await page.getByTestId('camera-dialog').getByTestId('camera-save').click();
  await expect(page.getByTestId('camera-dialog')).toBeHidden();
  const id = (await readConfig(ctx.dataDir)).cameras[0].id;
  await restart(ctx, page, `#/cameras/${id}`);
  const detail = page.getByTestId('camera-detail');
  await expect(detail).toBeVisible();
  await expect(detail).toContainText('Yard');
  await expect(detail).toContainText('Saved (encrypted)');
});

test('dialogs keep keyboard focus inside and menus work from the keyboard', async ({ page }) => {
  await writeConfig(ctx.dataDir, { version: 1, settings: {}, cameras: [cameraRecord(1, { name: 'Hall' })] });
  await start(ctx, page);
  const menuButton = page.getByRole('button', { name: 'Actions for Hall' });
  await menuButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Details' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Edit…' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(menuButton).toBeFocused();

  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('camera-dialog');
  await expect(dialog).toBeVisible();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(menuButton).toBeFocused();
});
