// The Restream page and each camera's restream in the console: the listener's status and
// address (a network address refused inline until a restream user exists), users added with
// inline validation and kept encrypted, the camera mode chosen in the camera form, and a
// camera's URL with its consumers: an ffmpeg reading the restream and the console's own live
// view both appear in the list, with the camera's server seeing one session.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { freeTcpPort } from '../src/main/testing/ports';
import { type RunningRtspServer, startRtspServer } from '../test/peers/rtsp-server';
import { allDataText, cameraRecord, hostPerTest, readConfig, start, writeConfig } from './console-helpers';

const ctx = hostPerTest();
const stoppers: Array<() => unknown> = [];
test.afterEach(async () => {
  for (const stop of stoppers.splice(0).reverse()) await Promise.resolve(stop()).catch(() => undefined);
});

test('Restream page: listener status, a network address needs a user, users with inline errors', async ({
  page,
  context,
}) => {
  const port = await freeTcpPort();
  await writeConfig(ctx.dataDir, {
    version: 1,
    settings: {},
    cameras: [cameraRecord(1, { name: 'Porch', restreamPath: 'porch' }), cameraRecord(2, { name: 'Shed' })],
    restream: { settings: { port } },
  });
  await start(ctx, page, '#/restream');
  await expect(page.getByRole('heading', { name: 'Restream', level: 1 })).toBeVisible();
  const status = page.getByTestId('restream-status');
  await expect(status).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('restream-listen-url')).toHaveText(`rtsp://127.0.0.1:${port}/<camera>`);
  await expect(page.getByTestId('restream-no-users')).toBeVisible();

  // A network address without a user: warned inline before saving, refused on save.
  const settings = page.getByTestId('restream-settings');
  const address = settings.getByLabel('Address');
  await address.fill('0.0.0.0');
  await expect(settings.getByText('Listening on 0.0.0.0 needs a restream user')).toBeVisible();
  await page.getByTestId('restream-save').click();
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expect(settings).toContainText('without a restream user');
  expect((await readConfig(ctx.dataDir)).restream.settings.host).not.toBe('0.0.0.0');

  // Users: a short password is refused on its field; a user for one camera only is added.
  const users = page.getByTestId('restream-users');
  await page.getByTestId('restream-user-name').fill('nvr');
  await page.getByTestId('restream-user-password').fill('short');
  await page.getByTestId('restream-user-add').click();
  await expect(page.getByTestId('restream-user-password')).toHaveAttribute('aria-invalid', 'true');
  await expect(users).toContainText('At least 8 characters');
  await page.getByTestId('restream-user-password').fill('nvr-password-1');
  await users.getByRole('radio', { name: 'Only these' }).check();
  await expect(users).toContainText('Choose at least one camera.');
  await expect(page.getByTestId('restream-user-add')).toBeDisabled();
  await users.getByLabel('Porch').check();
  await page.getByTestId('restream-user-add').click();
  await expect(page.getByTestId('restream-user-nvr')).toContainText('Porch');
  await page.screenshot({ path: test.info().outputPath('restream-users.png') });
  expect(await allDataText(ctx.dataDir)).not.toContain('nvr-password-1');

  // With a user the network address is accepted.
  await page.getByTestId('restream-save').click();
  await expect(page.getByTestId('restream-listen-url')).toHaveText(`rtsp://127.0.0.1:${port}/<camera>`);
  await expect(address).not.toHaveAttribute('aria-invalid', 'true');
  expect((await readConfig(ctx.dataDir)).restream.settings.host).toBe('0.0.0.0');

  // The grace period is checked on its field.
  await settings.getByLabel('Grace period (seconds)').fill('-1');
  await page.getByTestId('restream-save').click();
  await expect(settings.getByLabel('Grace period (seconds)')).toHaveAttribute('aria-invalid', 'true');
  await settings.getByLabel('Grace period (seconds)').fill('30');
  await page.getByTestId('restream-save').click();
  await expect(page.getByText('All changes saved.')).toBeVisible();
  expect((await readConfig(ctx.dataDir)).restream.settings.graceSec).toBe(30);
  await page.screenshot({ path: test.info().outputPath('restream-page.png'), fullPage: true });

  // The camera's details: its URL, and one with the user's credentials once the password is typed.
  await page.goto(`${ctx.host!.openUrl}#/cameras/cam_0001`);
  const section = page.getByTestId('camera-restream');
  await expect(section.getByTestId('restream-url')).toHaveText(`rtsp://127.0.0.1:${port}/porch`);
  await expect(section.getByTestId('restream-copy-credentials')).toHaveCount(0);
  await section.getByTestId('restream-password').fill('nvr-password-1');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await section.getByTestId('restream-copy-credentials').click();
  await expect(section.getByTestId('restream-copy-credentials')).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `rtsp://nvr:nvr-password-1@127.0.0.1:${port}/porch`,
  );
  // Shed is not this user's: no credentials to copy there.
  await page.goto(`${ctx.host!.openUrl}#/cameras/cam_0002`);
  await expect(page.getByTestId('camera-restream').getByTestId('restream-user')).toHaveCount(0);

  // Changed in place to every camera: Shed now offers the user's credentials too.
  await page.goto(`${ctx.host!.openUrl}#/restream`);
  await page.getByRole('button', { name: 'Change restream user nvr' }).click();
  const dialog = page.getByTestId('restream-user-dialog');
  await dialog.getByLabel('New password').fill('short');
  await dialog.getByTestId('restream-user-save').click();
  await expect(dialog.getByLabel('New password')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('New password').fill('');
  await dialog.getByRole('radio', { name: 'All cameras' }).check();
  await dialog.getByTestId('restream-user-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('restream-user-nvr')).toContainText('all cameras');
  expect((await readConfig(ctx.dataDir)).restream.users[0].cameras).toBeUndefined();
  await page.goto(`${ctx.host!.openUrl}#/cameras/cam_0002`);
  await expect(page.getByTestId('camera-restream').getByTestId('restream-user')).toBeVisible();
});

test('a camera shows its restream URL and its consumers: ffmpeg and the console live view', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const srv: RunningRtspServer = await startRtspServer({ mounts: { '/cam': 'h264' }, fps: 25, keyInt: 25 });
  stoppers.push(() => srv.stop());
  const port = await freeTcpPort();
  await writeConfig(ctx.dataDir, {
    version: 1,
    settings: {},
    cameras: [
      cameraRecord(1, {
        name: 'Front Door',
        url: srv.url('/cam'),
        enabled: true,
        restreamPath: 'front-door',
      }),
    ],
    restream: { settings: { port } },
  });
  await start(ctx, page, '#/cameras');
  const id = 'cam_0001';
  await expect(page.getByTestId(`camera-row-${id}`)).toHaveAttribute('data-state', 'playing', {
    timeout: 20_000,
  });
  await page.getByTestId(`camera-row-${id}`).getByRole('button', { name: 'Front Door', exact: true }).click();
  const section = page.getByTestId('camera-restream');
  const url = `rtsp://127.0.0.1:${port}/front-door`;
  await expect(section.getByTestId('restream-url')).toHaveText(url);
  await expect(section.getByRole('button', { name: 'Copy URL without credentials' })).toBeVisible();
  await expect(section.getByTestId('consumers-empty')).toBeVisible();

  // ffmpeg reads the restream for a while: it is listed, with its transport and bytes.
  const ffmpeg = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-rtsp_transport',
      'tcp',
      '-i',
      url,
      '-t',
      '60',
      '-f',
      'null',
      '-',
    ],
    { stdio: 'ignore' },
  );
  stoppers.push(() => ffmpeg.kill('SIGKILL'));
  const ffmpegRow = section.locator('[data-testid="consumer-row"][data-kind="restream"]');
  await expect(ffmpegRow).toBeVisible({ timeout: 20_000 });
  await expect(ffmpegRow).toContainText('127.0.0.1');
  await expect(ffmpegRow).toContainText('rtsp/tcp');
  await expect(ffmpegRow.locator('td').nth(5)).not.toHaveText('0 B', { timeout: 10_000 });

  // The console's own live view of the camera is a consumer too.
  const viewer = await context.newPage();
  await viewer.goto(`${ctx.host!.openUrl}#/camera/${id}`);
  await expect(section.locator('[data-testid="consumer-row"][data-kind="console"]')).toBeVisible({
    timeout: 20_000,
  });
  await expect(section.getByTestId('consumer-row')).toHaveCount(2);
  // Still one session on the camera's server.
  expect(srv.clients()).toBe(1);
  await page.screenshot({ path: test.info().outputPath('camera-restream.png') });
  await viewer.close();
  ffmpeg.kill('SIGKILL');
  await expect(section.getByTestId('consumers-empty')).toBeVisible({ timeout: 20_000 });

  // The mode is chosen in the camera form, saved, and shown.
  await page.getByRole('button', { name: 'Edit…' }).click();
  const dialog = page.getByTestId('camera-dialog');
  await dialog.getByRole('radio', { name: 'On demand' }).check();
  await dialog.getByTestId('camera-save').click();
  await expect(dialog).toBeHidden();
  expect((await readConfig(ctx.dataDir)).cameras[0].mode).toBe('on-demand');
  await expect(page.getByTestId(`camera-row-${id}`)).toHaveAttribute('data-state', 'idle', {
    timeout: 30_000,
  });
});

test('Restream page: the RTSPS switch serves rtsps:// and shows the certificate fingerprint', async ({
  page,
}) => {
  const port = await freeTcpPort();
  await writeConfig(ctx.dataDir, {
    version: 1,
    settings: {},
    cameras: [cameraRecord(1, { name: 'Porch', restreamPath: 'porch' })],
    restream: { settings: { port } },
  });
  await start(ctx, page, '#/restream');
  await expect(page.getByTestId('restream-listen-url')).toHaveText(`rtsp://127.0.0.1:${port}/<camera>`);
  await expect(page.getByTestId('restream-fingerprint')).toHaveCount(0);
  await page.getByTestId('restream-tls').check();
  await expect(page.getByText('saving restarts the listener')).toBeVisible();
  await page.getByTestId('restream-save').click();
  await expect(page.getByTestId('restream-listen-url')).toHaveText(`rtsps://127.0.0.1:${port}/<camera>`);
  // The fingerprint shown is the one of the console certificate made in the data dir.
  const cert = new X509Certificate(await readFile(`${ctx.dataDir}/console-cert.pem`, 'utf8'));
  await expect(page.getByTestId('restream-fingerprint')).toContainText(cert.fingerprint256);
  expect((await readConfig(ctx.dataDir)).restream.settings.tls).toBe(true);
  await page.screenshot({ path: test.info().outputPath('restream-rtsps.png') });
  await page.goto(`${ctx.host!.openUrl}#/cameras/cam_0001`);
  await expect(page.getByTestId('camera-restream').getByTestId('restream-url')).toHaveText(
    `rtsps://127.0.0.1:${port}/porch`,
  );
});
