// Relay page against the headless host (its real TURN runtime, on loopback): settings
// refused inline with nothing saved, a port in use named on its listener, pause / resume,
// static users, REST shared secrets and time-limited credentials checked by HMAC here.
import { createHmac } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { expect, test } from '@playwright/test';
import { allDataText, freeUdpPort, hostPerTest, readConfig, start } from './console-helpers';

const ctx = hostPerTest();

test('invalid relay settings are marked inline and nothing is saved', async ({ page }) => {
  await start(ctx, page, '#/relay/settings');
  const form = page.getByTestId('relay-settings');
  const before = (await readConfig(ctx.dataDir)).relay;

  // A reversed port range is named on the last port.
  await form.getByLabel('First relay port').fill('50000');
  await form.getByLabel('Last relay port').fill('40000');
  await page.getByTestId('relay-save').click();
  await expect(form.getByLabel('Last relay port')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('The range is reversed');
  expect((await readConfig(ctx.dataDir)).relay).toEqual(before);

  // An empty realm and a bad CIDR, each on its field; the bad line is quoted.
  await form.getByLabel('Last relay port').fill('60000');
  await form.getByLabel('Realm').fill('');
  await page.getByTestId('relay-allowPeers').fill('10.0.0.0/8\nnot-a-cidr');
  await page.getByTestId('relay-denyPeers').fill('203.0.113.0/33');
  await page.getByTestId('relay-save').click();
  await expect(form.getByLabel('Realm')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('Realm is required');
  await expect(page.getByTestId('relay-allowPeers')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('not-a-cidr: Not a CIDR block');
  await expect(page.getByTestId('relay-denyPeers')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Last relay port')).not.toHaveAttribute('aria-invalid', 'true');
  expect((await readConfig(ctx.dataDir)).relay).toEqual(before);

  // Discard brings back the saved values; a valid change is saved.
  await form.getByRole('button', { name: 'Discard' }).click();
  await expect(form.getByLabel('Realm')).toHaveValue(before.settings.realm);
  await form.getByLabel('Realm').fill('site-a.example');
  await page.getByTestId('relay-save').click();
  await expect(page.getByText('All changes saved.')).toBeVisible();
  expect((await readConfig(ctx.dataDir)).relay.settings.realm).toBe('site-a.example');
});

test('resume, a port in use refused on its listener, and pause', async ({ page }) => {
  const port = await freeUdpPort();
  await start(ctx, page, '#/relay/settings');
  const status = page.getByTestId('relay-status');
  await expect(status).toHaveAttribute('data-state', 'stopped');

  await page.getByLabel('Address 1').fill('127.0.0.1');
  await page.getByTestId('listener-0-port').fill(String(port));
  await page.getByTestId('relay-save').click();
  await expect(page.getByText('All changes saved.')).toBeVisible();

  await page.getByTestId('relay-resume').click();
  await expect(status).toHaveAttribute('data-state', 'running');
  await expect(status).toContainText(`udp 127.0.0.1:${port}`);
  await expect(page.getByTestId('nav-relay')).not.toHaveAttribute('data-failing', 'true');

  // Another program holds this UDP port: the listener's port field says so; nothing saved.
  const busy = createSocket('udp4');
  await new Promise<void>((resolve) => busy.bind(0, '127.0.0.1', resolve));
  const busyPort = busy.address().port;
  try {
    await page.getByTestId('listener-0-port').fill(String(busyPort));
    await expect(page.getByText('saving restarts the relay')).toBeVisible();
    await page.getByTestId('relay-save').click();
    const field = page.getByTestId('listener-0-port');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('listener-0')).toContainText('in use');
    expect((await readConfig(ctx.dataDir)).relay.settings.listeners[0].port).toBe(port);
    // The relay keeps serving on the listener that worked.
    await expect(status).toHaveAttribute('data-state', 'running');
    await expect(status).toContainText(`udp 127.0.0.1:${port}`);
  } finally {
    busy.close();
  }

  await page.getByTestId('relay-pause').click();
  await expect(status).toHaveAttribute('data-state', 'stopped');
  expect((await readConfig(ctx.dataDir)).relay.settings.enabled).toBe(false);
});

test('static TURN users are added and removed; passwords never shown or stored in clear', async ({
  page,
}) => {
  await start(ctx, page, '#/relay/credentials');
  const users = page.getByTestId('turn-users');
  await users.getByLabel('User name').fill('alice');
  await users.getByLabel('Password').fill('short');
  await page.getByTestId('turn-user-add').click();
  await expect(users.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(users).toContainText('At least 8 characters');
  expect((await readConfig(ctx.dataDir)).relay.users).toEqual([]);

  const password = 'correct-horse-battery';
  await users.getByLabel('Password').fill(password);
  await page.getByTestId('turn-user-add').click();
  await expect(page.getByTestId('turn-user-alice')).toBeVisible();
  await expect(users.getByLabel('User name')).toHaveValue('');
  expect((await readConfig(ctx.dataDir)).relay.users.map((u: { name: string }) => u.name)).toEqual(['alice']);
  expect(await allDataText(ctx.dataDir)).not.toContain(password);
  await expect(page.getByText(password)).toHaveCount(0);

  // The same name again is refused on the name field.
  await users.getByLabel('User name').fill('alice');
  await users.getByLabel('Password').fill(password);
  await page.getByTestId('turn-user-add').click();
  await expect(users).toContainText('User "alice" already exists');

  await page.getByTestId('turn-user-alice').getByTestId('turn-user-remove').click();
  await page.getByTestId('turn-user-remove-confirm').getByRole('button', { name: 'Remove user' }).click();
  await expect(page.getByTestId('turn-user-alice')).toHaveCount(0);
  expect((await readConfig(ctx.dataDir)).relay.users).toEqual([]);
});

test('a REST secret is shown once and signs time-limited credentials', async ({ page }) => {
  await start(ctx, page, '#/relay/credentials');
  // Without a secret, generating is not offered, and the page says why.
  await expect(page.getByTestId('turn-gen-make')).toBeDisabled();
  await expect(page.getByTestId('turn-gen-make')).toHaveAccessibleDescription(/Add a shared secret first/);

  await page.getByTestId('turn-secret-label').fill('web app');
  await page.getByTestId('turn-secret-add').click();
  const reveal = page.getByTestId('turn-secret-reveal');
  await expect(reveal).toContainText('Copy the new secret now');
  const secret = (await page.getByTestId('turn-secret-value').textContent())!.trim();
  expect(secret.length).toBeGreaterThanOrEqual(32);
  await reveal.getByRole('button', { name: 'I have copied it' }).click();
  await expect(reveal).toBeHidden();
  await expect(page.getByText(secret)).toHaveCount(0);
  expect(await allDataText(ctx.dataDir)).not.toContain(secret);
  expect((await readConfig(ctx.dataDir)).relay.secrets.map((s: { label: string }) => s.label)).toEqual([
    'web app',
  ]);

  const gen = page.getByTestId('turn-generator');
  await expect(page.getByTestId('turn-gen-make')).toBeEnabled();
  await expect(page.getByTestId('turn-gen-why')).toHaveCount(0);
  // A refused user name is shown once, at its field; fixing the field clears it.
  await gen.getByLabel('User').fill('');
  await page.getByTestId('turn-gen-make').click();
  await expect(gen.locator('.field-error')).toHaveCount(1);
  await expect(gen.locator('.form-alert')).toHaveCount(0);
  await gen.getByLabel('User').fill('viewer');
  await expect(gen.locator('.field-error')).toHaveCount(0);
  await expect(gen.locator('.form-alert')).toHaveCount(0);
  await gen.getByLabel('Valid for').selectOption({ label: '1 day' });
  const asked = Date.now();
  await page.getByTestId('turn-gen-make').click();
  const username = (await page.getByTestId('turn-cred-username').textContent())!.trim();
  const password = (await page.getByTestId('turn-cred-password').textContent())!.trim();
  const m = /^(\d+):viewer$/.exec(username);
  expect(m, username).toBeTruthy();
  const expiry = Number(m![1]) * 1000;
  expect(Math.abs(expiry - (asked + 86_400_000))).toBeLessThan(60_000);
  expect(password).toBe(createHmac('sha1', secret).update(username).digest('base64'));
  const snippet = await page.getByTestId('turn-snippet').textContent();
  expect(snippet).toContain('new RTCPeerConnection(');
  expect(snippet).toContain(username);
  expect(snippet).toContain(password);

  // Removing the secret asks first and explains the consequence.
  await page.getByTestId('turn-secrets').getByTestId('turn-secret-remove').click();
  const confirm = page.getByTestId('turn-secret-remove-confirm');
  await expect(confirm).toContainText('stop working');
  await confirm.getByRole('button', { name: 'Remove secret' }).click();
  await expect.poll(async () => (await readConfig(ctx.dataDir)).relay.secrets).toEqual([]);
});

test('tabs are keyboard-operable and the sub-page is in the address', async ({ page }) => {
  await start(ctx, page, '#/relay');
  const overview = page.getByRole('tab', { name: 'Overview' });
  await expect(overview).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('allocations-empty')).toBeVisible();
  await overview.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Credentials' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Credentials' })).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/#\/relay\/credentials$/);
  await page.keyboard.press('End');
  await expect(page.getByTestId('relay-settings')).toBeVisible();
});
