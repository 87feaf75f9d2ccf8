// Settings > Backup: export with a passphrase, then import into a fresh host, which gets
// the cameras (and their passwords) back. Wrong passphrases and bad files are refused inline.
import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { allDataText, fillCamera, hostPerTest, readConfig, start } from './console-helpers';
import { makeDataDir, removeDataDir } from './support/relay-host';

const ctx = hostPerTest();
const CAMERA_PASSWORD = 'cam-secret-9f2';

async function exportFile(page: Page, passphrase?: string): Promise<{ name: string; text: string }> {
  await page.goto(`${ctx.host!.openUrl}#/settings`);
  const form = page.getByTestId('config-export');
  if (passphrase) {
    await form.getByLabel('Include passwords and secrets').check();
    await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await form.getByLabel('Repeat passphrase').fill(passphrase);
  }
  const download = page.waitForEvent('download');
  await page.getByTestId('export-run').click();
  const file = await download;
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

test('export with a passphrase, then import into a fresh host restores cameras and passwords', async ({
  page,
}) => {
  await start(ctx, page);
  await page.getByTestId('camera-add').click();
  await fillCamera(page, {
    name: 'Loading bay',
    url: 'rtsp://127.0.0.1:9/bay',
    username: 'viewer',
    password: CAMERA_PASSWORD,
  });
  await page.getByTestId('camera-save').click();
  await expect(page.getByTestId('camera-dialog')).toBeHidden();

  // A passphrase under 8 characters is refused by main, on the field.
  await page.goto(`${ctx.host!.openUrl}#/settings`);
  const form = page.getByTestId('config-export');
  await form.getByLabel('Include passwords and secrets').check();
  await form.getByLabel('Passphrase', { exact: true }).fill('short');
  await form.getByLabel('Repeat passphrase').fill('short');
  await page.getByTestId('export-run').click();
  await expect(form.getByLabel('Passphrase', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('at least 8 characters');

  const exported = await exportFile(page, 'a long passphrase');
  expect(exported.name).toMatch(/^camrelay-config-\d{4}-\d{2}-\d{2}\.json$/);
  expect(exported.text).toContain('Loading bay');
  expect(exported.text).toContain('"kdf"');
  expect(exported.text).not.toContain(CAMERA_PASSWORD);
  await ctx.host!.stop();

  // A fresh host, empty.
  const fresh = await makeDataDir();
  const freshCtx = { dataDir: fresh, host: undefined } as typeof ctx;
  try {
    await start(freshCtx, page, '#/settings');
    const imp = page.getByTestId('config-import');
    await page.getByTestId('import-file').setInputFiles({
      name: exported.name,
      mimeType: 'application/json',
      buffer: Buffer.from(exported.text),
    });
    await expect(imp.getByLabel('Passphrase')).toBeVisible();
    await imp.getByLabel('Passphrase').fill('the wrong one');
    await page.getByTestId('import-run').click();
    // The file is read and checked before anything is asked: a wrong passphrase never gets to it.
    await expect(imp.getByLabel('Passphrase')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('import-confirm')).toHaveCount(0);
    await expect(imp).toContainText('Wrong passphrase');
    expect((await readConfig(fresh)).cameras).toEqual([]);

    await imp.getByLabel('Passphrase').fill('a long passphrase');
    await page.getByTestId('import-run').click();
    await expect(page.getByTestId('import-found')).toContainText('holds 1 camera');
    await page.getByTestId('import-confirm').getByRole('button', { name: 'Import and replace' }).click();
    await expect(page.getByTestId('import-summary')).toContainText('Imported 1 camera');
    await expect(page.getByTestId('import-summary')).toContainText('Passwords and secrets were imported');

    const cam = (await readConfig(fresh)).cameras[0];
    expect(cam).toMatchObject({ name: 'Loading bay', username: 'viewer' });
    expect(await allDataText(fresh)).not.toContain(CAMERA_PASSWORD);
    await page.goto(`${freshCtx.host!.openUrl}#/cameras/${cam.id}`);
    await expect(page.getByTestId('camera-detail')).toContainText('Saved (encrypted)');
  } finally {
    await freshCtx.host?.stop();
    await removeDataDir(fresh);
  }
});

test('an export without passwords imports without a passphrase; a bad file is refused', async ({ page }) => {
  await start(ctx, page, '#/groups');
  await page.getByTestId('group-name').fill('Recorder A');
  await page.getByTestId('group-add').click();
  await expect(page.getByTestId('named-group-Recorder A')).toBeVisible();
  const exported = await exportFile(page);
  expect(exported.text).not.toContain('"kdf"');

  const imp = page.getByTestId('config-import');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(imp.getByLabel('Passphrase')).toHaveCount(0);
  await page.getByTestId('import-run').click();
  await expect(imp.getByLabel('Configuration file')).toHaveAttribute('aria-invalid', 'true');
  await expect(imp).toContainText('not a camrelay config export');
  await expect(page.getByTestId('import-confirm')).toHaveCount(0);
  // A broken file is reported in words, where it breaks; nothing is asked.
  await page.getByTestId('import-file').setInputFiles({
    name: 'cut.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{\n"version": 1,\n"config": {'),
  });
  await expect(imp.getByLabel('Configuration file')).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('import-run').click();
  await expect(imp).toContainText('The file ends too early (line 3)');
  await expect(page.getByTestId('import-confirm')).toHaveCount(0);
  await page.getByTestId('import-file').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"version": 1, x}'),
  });
  await page.getByTestId('import-run').click();
  await expect(imp).toContainText('its JSON breaks at line 1, column 16');

  // Remove the group, then import the export: it comes back.
  await page.goto(`${ctx.host!.openUrl}#/groups`);
  await page.getByRole('button', { name: 'Remove group Recorder A' }).click();
  await expect(page.getByTestId('named-group-Recorder A')).toHaveCount(0);
  await page.goto(`${ctx.host!.openUrl}#/settings`);
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text) });
  await page.getByTestId('import-run').click();
  await page.getByTestId('import-confirm').getByRole('button', { name: 'Import and replace' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('1 named group');
  await expect(page.getByTestId('import-summary')).toContainText('Passwords were not in the file');
  expect((await readConfig(ctx.dataDir)).grouping.named).toEqual(['Recorder A']);
});
