import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { makeDataDir, type RelayHost, removeDataDir, startRelayHost } from './support/relay-host';

let dataDir: string;
let host: RelayHost | undefined;

test.beforeEach(async () => {
  dataDir = await makeDataDir();
});

test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  await removeDataDir(dataDir);
});

test('the console loads with the token and shows a live connection', async ({ page }) => {
  host = await startRelayHost(dataDir);
  await page.goto(host.openUrl);
  // The token was traded for a session and taken out of the address bar; no cookie is set.
  await expect.poll(() => new URL(page.url()).searchParams.has('token')).toBe(false);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByRole('heading', { level: 1, name: 'Cameras' })).toBeVisible();
  expect(await page.context().cookies()).toEqual([]);
});

test('without the token only the page itself loads: data is refused with 401 and the page says where the token is', async ({
  page,
  request,
}) => {
  host = await startRelayHost(dataDir);
  for (const path of ['ws', 'media', 'media/stats', 'metrics', 'session']) {
    const res = await request.get(host.url + path);
    expect(res.status(), path).toBe(401);
    expect(await res.text()).toContain('ui-token');
  }
  const bearer = await request.get(`${host.url}metrics`, {
    headers: { authorization: `Bearer ${host.token}` },
  });
  expect(bearer.status()).toBe(200);

  // The 401 page a browser sees: plain words, where the token is, no secret.
  await page.goto(`${host.url}metrics`);
  await expect(page.getByRole('heading', { level: 1, name: 'Access token needed' })).toBeVisible();
  await expect(page.getByText('camrelay console:')).toBeVisible();
  expect(await page.content()).not.toContain(host.token);

  // The console without a token, and with a wrong one, says the same.
  for (const url of [host.url, `${host.url}?token=${'x'.repeat(host.token.length)}`]) {
    await page.goto(url);
    await expect(page.getByTestId('token-needed')).toContainText('ui-token');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'unauthorized');
  }

  // A WebSocket without a session or token is refused too.
  await page.goto('about:blank');
  const wsUrl = `${host.url.replace('http:', 'ws:')}ws`;
  const outcome = await page.evaluate(
    (url) =>
      new Promise<string>((done) => {
        const ws = new WebSocket(url);
        ws.onopen = () => done('open');
        ws.onerror = () => done('refused');
      }),
    wsUrl,
  );
  expect(outcome).toBe('refused');
});

test('navigation reaches every page, by mouse and by keyboard', async ({ page }) => {
  host = await startRelayHost(dataDir);
  await page.goto(host.openUrl);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Groups', 'Relay', 'Log', 'Settings', 'Cameras']) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  }
  // Keyboard: focus the Relay link and press Enter.
  await nav.getByRole('link', { name: 'Relay' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Relay' })).toBeVisible();
  // Every page offers a next step when empty.
  await nav.getByRole('link', { name: 'Groups' }).click();
  await expect(page.getByText('No session groups yet')).toBeVisible();
});

test('the theme is kept per browser, not in the shared config; tray settings are not offered headless', async ({
  page,
  browser,
}) => {
  host = await startRelayHost(dataDir);
  await page.goto(`${host.openUrl}#/settings`);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  // Desktop-only switches are not shown in a headless console.
  await expect(page.getByTestId('setting-closeToTray')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Window and tray' })).toHaveCount(0);
  await expect(page.getByTestId('setting-theme')).toContainText('System');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Another browser (its own storage) on the same host keeps its own theme.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`${host.openUrl}#/settings`);
  await expect(otherPage.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(otherPage.locator('html')).not.toHaveAttribute('data-theme', /.*/);
  await other.close();
  // The shared config has no theme at all (not even a default one).
  const config = JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8'));
  expect(config.settings).toBeDefined();
  expect(config.settings).not.toHaveProperty('theme');

  // This browser keeps it over a reload (the storage is per origin: the host's address).
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('radio', { name: 'System' }).check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/);
});

test('a corrupt config is moved aside, reported, and the host starts on defaults', async ({ page }) => {
  const garbage = '{"version": 1, "settings": {"theme": "purple"';
  await writeFile(join(dataDir, 'config.json'), garbage);
  host = await startRelayHost(dataDir);
  await page.goto(host.openUrl);
  const banner = page.getByTestId('config-recovered');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('started on defaults');

  const files = await readdir(dataDir);
  const aside = files.find((f) => f.startsWith('config.json.corrupt-'));
  expect(aside, files.join(', ')).toBeTruthy();
  // The operator's bytes are kept exactly; the new config is valid defaults.
  expect(await readFile(join(dataDir, aside!), 'utf8')).toBe(garbage);
  expect(JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')).settings.closeToTray).toBe(true);
  await expect(banner).toContainText(aside!);

  await page.getByRole('link', { name: 'Log' }).click();
  await expect(page.getByTestId('log-list')).toContainText('started on defaults');
  expect(host.stderr()).toContain('started on defaults');
});

test('cameras that cannot be loaded and passwords that cannot be decrypted are reported, and kept', async ({
  page,
}) => {
  // A password sealed under another key (a restored backup), and a config with a repeated id.
  const sealed = `gcm1:${randomBytes(40).toString('base64')}`;
  await writeFile(
    join(dataDir, 'secrets.json'),
    JSON.stringify({ version: 1, backend: 'file-key', entries: { 'camera/cam_1/password': sealed } }),
  );
  const camera = (name: string) => ({
    id: 'cam_1',
    name,
    url: 'rtsp://127.0.0.1:9/a',
    enabled: false,
    policies: {},
  });
  await writeFile(
    join(dataDir, 'config.json'),
    JSON.stringify({ version: 1, settings: {}, cameras: [camera('Gate'), camera('Door')] }),
  );
  host = await startRelayHost(dataDir);
  await page.goto(host.openUrl);
  await expect(page.getByTestId('config-partial')).toContainText('repeats the id cam_1');
  await expect(page.getByTestId('config-partial')).toContainText('config.json.before-repair-');
  await expect(page.getByTestId('secrets-unreadable')).toContainText('kept in secrets.json');
  await expect(page.getByText('Gate', { exact: true })).toBeVisible();
  // A change in the console rewrites the files; the sealed password survives it.
  await page.getByRole('switch', { name: 'Enabled: Gate' }).check();
  await expect
    .poll(async () => JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')).cameras[0].enabled)
    .toBe(true);
  const entries = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')).entries;
  expect(entries['camera/cam_1/password']).toBe(sealed);
});
