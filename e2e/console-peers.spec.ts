// The console end to end with real peers: a camera added in the UI plays from a GStreamer RTSP
// server (figures, chart), reports bad credentials, rides out the server going away; a
// scripted live555-bug server makes its group show a discovered stale session the camera
// waits for; coturn's client uses a TURN user and REST credentials made in the Relay page.
import { expect, type Page, test } from '@playwright/test';

import { startLive555BugServer } from '../src/main/rtsp/testing/scripted-server';
import { freeUdpPort } from '../src/main/testing/ports';
import { killAll, runUclient, startEchoPeer } from '../test/peers/coturn';
import { type RunningRtspServer, startRtspServer } from '../test/peers/rtsp-server';
import { fillCamera, hostPerTest, readConfig, start } from './console-helpers';

const ctx = hostPerTest();
const stoppers: Array<() => Promise<unknown>> = [];
test.afterEach(async () => {
  killAll();
  for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
});

async function addCamera(page: Page, v: { name: string; url: string; username?: string; password?: string }) {
  await page.getByTestId('camera-add').click();
  await fillCamera(page, v);
  await page.getByTestId('camera-dialog').getByTestId('camera-save').click();
  await expect(page.getByTestId('camera-dialog')).toBeHidden();
  const config = await readConfig(ctx.dataDir);
  return config.cameras.find((c: { name: string }) => c.name === v.name).id as string;
}

test('a camera added in the console plays, shows its figures, and survives its server going away', async ({
  page,
}) => {
  test.setTimeout(120_000);
  let srv: RunningRtspServer = await startRtspServer({
    mounts: { '/cam': 'h264' },
    width: 1280,
    height: 720,
    fps: 30,
  });
  stoppers.push(() => srv.stop());
  await start(ctx, page);
  const id = await addCamera(page, { name: 'Front gate', url: srv.url('/cam') });
  const row = page.getByTestId(`camera-row-${id}`);
  await expect(row).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });
  await expect(row).toContainText('H.264');
  await expect(row).toContainText('1280×720');
  // A frame rate near the source's 30 fps.
  const fps = async () => Number((await row.locator('td.c-fps').textContent())?.trim());
  await expect.poll(fps, { timeout: 10_000 }).toBeGreaterThan(25);
  expect(await fps()).toBeLessThan(35);

  // The chart moves: the detail chart's picture changes as points arrive each second (its
  // time axis scrolls even when the bitrate is flat).
  await row.getByRole('button', { name: 'Front gate', exact: true }).click();
  const chart = page.getByTestId('camera-chart');
  await expect(chart).toBeVisible();
  const before = await chart.screenshot();
  await expect
    .poll(async () => Buffer.compare(before, await chart.screenshot()) !== 0, { timeout: 10_000 })
    .toBe(true);
  await page.keyboard.press('Escape');

  // The server goes away: the camera leaves Playing within its frame timeout and backs off.
  const port = srv.port;
  await srv.stop();
  await expect(row).toHaveAttribute('data-state', /backing-off|connecting|waiting-stale/, {
    timeout: 15_000,
  });
  await expect(row).toContainText(/Retrying|Connecting|Waiting/);
  // It comes back: the camera returns to Playing by itself.
  srv = await startRtspServer({ mounts: { '/cam': 'h264' }, width: 1280, height: 720, fps: 30, port });
  await expect(row).toHaveAttribute('data-state', 'playing', { timeout: 45_000 });
});

test('wrong credentials show an authentication failure and the camera backs off', async ({ page }) => {
  const srv = await startRtspServer({
    mounts: { '/cam': 'h264' },
    users: [{ name: 'admin', password: 'right-one' }],
  });
  stoppers.push(() => srv.stop());
  await start(ctx, page);
  const id = await addCamera(page, {
    name: 'Yard',
    url: srv.url('/cam'),
    username: 'admin',
    password: 'wrong-one',
  });
  const row = page.getByTestId(`camera-row-${id}`);
  await expect(row).toHaveAttribute('data-state', 'backing-off', { timeout: 20_000 });
  await expect(row).toContainText(/user name or password/i);
  await page.getByRole('link', { name: 'Log' }).click();
  await expect(page.getByTestId('log-list')).toContainText('refused the user name or password');
});

test('a live555-bug server: the group shows a discovered stale session and the camera waits for it', async ({
  page,
}) => {
  // The first connection carries data of an old session on channel 0 (the bug).
  const { srv, describes } = await startLive555BugServer(1);
  stoppers.push(() => srv.stop());
  await start(ctx, page);
  const id = await addCamera(page, { name: 'Old NVR channel 1', url: srv.url() });
  const row = page.getByTestId(`camera-row-${id}`);
  await expect(row).toHaveAttribute('data-state', 'waiting-stale', { timeout: 15_000 });
  await expect(row).toContainText(/Waiting/);

  await page.getByRole('link', { name: 'Groups' }).click();
  const group = page.getByTestId(`group-server:127.0.0.1:${srv.port}`);
  await expect(group).toBeVisible();
  await expect(group).toContainText(/live555/i);
  const stale = group.getByTestId('stale-session');
  await expect(stale).toHaveCount(1);
  await expect(stale).toContainText(/stale TCP/i);
  // A countdown to its 65 s expiry.
  await expect(stale).toContainText(/\b(6[0-5]|5\d) s\b|1m/);
  // While it waits, the camera opens no new connection.
  const waitingDescribes = describes();
  await page.waitForTimeout(2000);
  expect(describes()).toBe(waitingDescribes);

  // The operator knows the old session is gone: forgetting it lets the camera connect.
  await group.getByTestId('group-forget').click();
  await page
    .getByTestId('group-forget-confirm')
    .getByRole('button', { name: 'Forget and reconnect' })
    .click();
  await page.getByRole('link', { name: 'Cameras' }).click();
  await expect(row).toHaveAttribute('data-state', 'playing', { timeout: 15_000 });
  expect(describes()).toBe(waitingDescribes + 1);
});

/** coturn's client through the relay to the echo peer; -c: no RTCP companion allocation, so
 * the message counts are exact. */
function uclient(
  turnPort: number,
  peerPort: number,
  user: string,
  password: string,
  clients: number,
  messages: number,
) {
  return runUclient([
    '-c',
    '-m',
    String(clients),
    '-n',
    String(messages),
    '-l',
    '120',
    '-e',
    '127.0.0.1',
    '-r',
    String(peerPort),
    '-u',
    user,
    '-w',
    password,
    '-p',
    String(turnPort),
  ]);
}

test('a TURN user added in the Relay page serves coturn clients; REST credentials made there work too', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const turnPort = await freeUdpPort();
  await start(ctx, page, '#/relay/settings');
  await page.getByLabel('Address 1').fill('127.0.0.1');
  await page.getByTestId('listener-0-port').fill(String(turnPort));
  // The peer (turnutils_peer) is on loopback in this test.
  await page.getByLabel('Allow loopback peers').check();
  await page.getByTestId('relay-save').click();
  await expect(page.getByText('All changes saved.')).toBeVisible();
  await page.getByTestId('relay-resume').click();
  await expect(page.getByTestId('relay-status')).toHaveAttribute('data-state', 'running');

  await page.goto(`${ctx.host!.url}#/relay/credentials`);
  const users = page.getByTestId('turn-users');
  await users.getByLabel('User name').fill('viewer');
  await users.getByLabel('Password').fill('viewer-password');
  await page.getByTestId('turn-user-add').click();
  await expect(page.getByTestId('turn-user-viewer')).toBeVisible();

  const peer = await startEchoPeer();
  await page.goto(`${ctx.host!.url}#/relay`);
  const clientDone = uclient(turnPort, peer.port, 'viewer', 'viewer-password', 2, 60);
  const rows = page.getByTestId('allocation-row');
  await expect(rows.first()).toBeVisible({ timeout: 10_000 });
  await expect(rows.first()).toContainText('viewer');
  const result = await clientDone;
  expect(result.code, result.output).toBe(0);
  expect(result).toMatchObject({ completed: true, sent: 120, received: 120, lost: 0 });
  // What the client leaves behind (its lifetime would end it) the operator deletes.
  while ((await rows.count()) > 0) {
    await rows.first().getByTestId('allocation-delete').click();
    await page
      .getByTestId('allocation-delete-confirm')
      .getByRole('button', { name: /Delete/ })
      .click();
    await expect(page.getByTestId('allocation-delete-confirm')).toBeHidden();
  }
  await expect(page.getByTestId('allocations-empty')).toBeVisible();

  // REST credentials from the generator authenticate the same client.
  await page.goto(`${ctx.host!.url}#/relay/credentials`);
  await page.getByTestId('turn-secret-label').fill('web app');
  await page.getByTestId('turn-secret-add').click();
  await page.getByTestId('turn-secret-reveal').getByRole('button', { name: 'I have copied it' }).click();
  await page.getByTestId('turn-generator').getByLabel('User').fill('remote-viewer');
  await page.getByTestId('turn-gen-make').click();
  const username = (await page.getByTestId('turn-cred-username').textContent())!.trim();
  const password = (await page.getByTestId('turn-cred-password').textContent())!.trim();
  const rest = await uclient(turnPort, peer.port, username, password, 1, 20);
  expect(rest.code, rest.output).toBe(0);
  expect(rest).toMatchObject({ completed: true, sent: 20, received: 20, lost: 0 });
});
