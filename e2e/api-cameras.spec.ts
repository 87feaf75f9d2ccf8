// The HTTP API end to end: a camera created with curl-like requests (Bearer token, JSON) on
// `camrelay relay` appears in the open console's Cameras table without a reload, and a
// deletion through the API takes it away again.
import { expect, test } from '@playwright/test';
import { hostPerTest, readConfig, start } from './console-helpers';

const ctx = hostPerTest();

test('a camera added through the API appears in the open console', async ({ page }) => {
  const host = await start(ctx, page);
  await expect(page.getByText('No cameras yet')).toBeVisible();
  const api = (method: string, path: string, body?: unknown) =>
    fetch(new URL(path, host.url), {
      method,
      headers: {
        authorization: `Bearer ${host.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  // Without the token: a JSON 401, not the login page.
  const refused = await fetch(new URL('/api/v1/cameras', host.url));
  expect(refused.status).toBe(401);
  expect(refused.headers.get('content-type')).toBe('application/json');

  const res = await api('POST', '/api/v1/cameras', {
    name: 'Loading dock',
    // Loopback, a closed port: nothing beyond this machine is contacted.
    url: 'rtsp://admin:dock-pass-1@127.0.0.1:9/stream1',
    transport: 'udp',
  });
  expect(res.status).toBe(201);
  const cam = (await res.json()) as { id: string; url: string; hasPassword: boolean };
  expect(res.headers.get('location')).toBe(`/api/v1/cameras/${cam.id}`);
  expect(cam.url).toBe('rtsp://127.0.0.1:9/stream1');
  expect(cam.hasPassword).toBe(true);

  const row = page.getByTestId(`camera-row-${cam.id}`);
  await expect(row).toBeVisible();
  await expect(row.getByRole('button', { name: 'Loading dock', exact: true })).toBeVisible();
  expect((await readConfig(ctx.dataDir)).cameras[0]).toMatchObject({
    name: 'Loading dock',
    transport: 'udp',
  });

  const bad = await api('POST', '/api/v1/cameras', { name: 'Bad', url: 'http://127.0.0.1/' });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('url');

  expect((await api('PATCH', `/api/v1/cameras/${cam.id}`, { name: 'Dock 2' })).status).toBe(200);
  await expect(row.getByRole('button', { name: 'Dock 2', exact: true })).toBeVisible();

  // The mode set through the API shows in the console; the item carries its restream.
  const patched = await api('PATCH', `/api/v1/cameras/${cam.id}`, { mode: 'on-demand' });
  const item = (await patched.json()) as { mode: string; restream: { path: string; consumers: unknown[] } };
  expect(item.mode).toBe('on-demand');
  expect(item.restream).toMatchObject({ path: 'loading-dock', consumers: [] });
  await row.getByRole('button', { name: 'Dock 2', exact: true }).click();
  await expect(page.getByTestId('camera-mode')).toHaveText('On demand');
  await page.keyboard.press('Escape');

  expect((await api('DELETE', `/api/v1/cameras/${cam.id}`)).status).toBe(204);
  await expect(row).toBeHidden();
  await expect(page.getByText('No cameras yet')).toBeVisible();
});
