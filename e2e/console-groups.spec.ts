// Groups page and persistence: grouping mode, named groups (a group in use cannot be
// removed), each camera's session group listed with links, and a host restart keeping
// cameras, groups, TURN users and settings.
import { expect, test } from '@playwright/test';
import { cameraRecord, hostPerTest, readConfig, restart, start, writeConfig } from './console-helpers';

const ctx = hostPerTest();

test('grouping mode and named groups; a group in use is not removed', async ({ page }) => {
  await writeConfig(ctx.dataDir, {
    version: 1,
    settings: {},
    // Enabled: the camera manager lists groups of the cameras it runs (it retries on loopback).
    cameras: [cameraRecord(1, { name: 'Dock', enabled: true })],
  });
  await start(ctx, page, '#/groups');

  await page.getByTestId('grouping-mode').getByRole('radio', { name: 'Per URL' }).check();
  await expect.poll(async () => (await readConfig(ctx.dataDir)).grouping?.mode).toBe('url');
  await expect(page.getByTestId('grouping-mode').getByRole('radio', { name: 'Per URL' })).toBeChecked();

  await page.getByTestId('group-name').fill('Recorder A');
  await page.getByTestId('group-add').click();
  await expect(page.getByTestId('named-group-Recorder A')).toContainText('0 cameras');
  await page.getByTestId('group-name').fill('recorder a');
  await page.getByTestId('group-add').click();
  await expect(page.getByTestId('group-name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('a group named "recorder a" already exists')).toBeVisible();

  // Put the camera in the group (camera dialog), then try to remove the group.
  await page.goto(`${ctx.host!.openUrl}#/cameras`);
  await page.getByRole('button', { name: 'Actions for Dock' }).click();
  await page.getByRole('menuitem', { name: 'Edit…' }).click();
  await page.getByTestId('camera-dialog').getByLabel('Group').selectOption('Recorder A');
  await page.getByTestId('camera-save').click();
  await expect(page.getByTestId('camera-dialog')).toBeHidden();

  await page.goto(`${ctx.host!.openUrl}#/groups`);
  await expect(page.getByTestId('named-group-Recorder A')).toContainText('1 camera');
  await page.getByRole('button', { name: 'Remove group Recorder A' }).click();
  await expect(page.getByTestId('named-group-Recorder A')).toContainText('still has 1 camera: move it');
  expect((await readConfig(ctx.dataDir)).grouping.named).toEqual(['Recorder A']);

  // The session group lists the camera with a link to it.
  const card = page.getByTestId('group-named:Recorder A');
  await expect(card).toBeVisible();
  await card.getByRole('link', { name: /Dock/ }).click();
  await expect(page.getByTestId('camera-detail')).toContainText('Dock');
});

test('a host restart keeps cameras, groups, users and settings', async ({ page }) => {
  await start(ctx, page, '#/groups');
  await page.getByTestId('group-name').fill('North');
  await page.getByTestId('group-add').click();
  await expect(page.getByTestId('named-group-North')).toBeVisible();

  await page.goto(`${ctx.host!.openUrl}#/cameras`);
  await page.getByTestId('camera-add').click();
  const dialog = page.getByTestId('camera-dialog');
  await dialog.getByLabel('Name', { exact: true }).fill('Roof');
  await dialog.getByLabel('RTSP address', { exact: true }).fill('rtsp://127.0.0.1:9/roof');
  await dialog.getByLabel('Group').selectOption('North');
  await dialog.getByTestId('camera-enabled').uncheck();
  await page.getByTestId('camera-save').click();
  await expect(dialog).toBeHidden();

  await page.goto(`${ctx.host!.openUrl}#/relay/credentials`);
  await page.getByTestId('turn-users').getByLabel('User name').fill('bob');
  await page.getByTestId('turn-users').getByLabel('Password').fill('long-enough-pw');
  await page.getByTestId('turn-user-add').click();
  await expect(page.getByTestId('turn-user-bob')).toBeVisible();

  await page.goto(`${ctx.host!.openUrl}#/relay/settings`);
  await page.getByTestId('relay-realm').fill('north.example');
  await page.getByTestId('relay-user-quota').fill('3');
  await page.getByTestId('relay-save').click();
  await expect(page.getByText('All changes saved.')).toBeVisible();

  await restart(ctx, page, '#/cameras');
  const id = (await readConfig(ctx.dataDir)).cameras[0].id;
  await expect(page.getByTestId(`camera-row-${id}`)).toHaveAttribute('data-state', 'disabled');
  await page.goto(`${ctx.host!.openUrl}#/groups`);
  await expect(page.getByTestId('named-group-North')).toContainText('1 camera');
  await page.goto(`${ctx.host!.openUrl}#/relay/credentials`);
  await expect(page.getByTestId('turn-user-bob')).toBeVisible();
  await page.goto(`${ctx.host!.openUrl}#/relay/settings`);
  await expect(page.getByTestId('relay-realm')).toHaveValue('north.example');
  await expect(page.getByTestId('relay-user-quota')).toHaveValue('3');
});
