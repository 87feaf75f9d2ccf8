// Issue 9, item 8: the console's credential must not reach other servers on 127.0.0.1.
// Cookies are not isolated by port, so the console sets none: the token in the printed URL is
// traded for a session held in the tab's sessionStorage. A spy server on another loopback
// port records everything a browser sends it after using the console; none of it may
// authenticate. The console keeps working after a reload and in a new tab with the token URL.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { hostPerTest, start } from './console-helpers';
import { startRelayHost } from './support/relay-host';

const ctx = hostPerTest();

interface Spy {
  url: string;
  seen: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function spyServer(consoleUrl: string): Promise<Spy> {
  const seen: Spy['seen'] = [];
  // Its page tries what a hostile page on another port could: fetch the console's data with
  // credentials and open its WebSocket.
  const page = `<!doctype html><title>spy</title><script>
    window.attempts = Promise.all([
      fetch(${JSON.stringify(`${consoleUrl}metrics`)}, { credentials: 'include', mode: 'no-cors' })
        .then((r) => 'fetched:' + r.type).catch(() => 'fetch refused'),
      new Promise((done) => {
        const ws = new WebSocket(${JSON.stringify(`${consoleUrl.replace('http:', 'ws:')}ws`)});
        ws.onopen = () => done('ws open');
        ws.onerror = () => done('ws refused');
      }),
    ]);
  </script>`;
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

test('nothing another loopback port receives authenticates; reload and a new tab keep working', async ({
  page,
  request,
}) => {
  const host = await start(ctx, page);
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  expect(await page.context().cookies()).toEqual([]);

  const spy = await spyServer(host.url);
  try {
    // The same tab, then a new one, visit the other port.
    await page.goto(`${spy.url}after-console`);
    const attempts = await page.evaluate(
      () => (window as unknown as { attempts: Promise<string[]> }).attempts,
    );
    expect(attempts).toContain('ws refused');
    const other = await page.context().newPage();
    await other.goto(`${spy.url}new-tab`);
    await other.close();
    expect(spy.seen.length).toBeGreaterThanOrEqual(2);
    const values = spy.seen.flatMap((r) => [r.url, ...Object.values(r.headers).flat().map(String)]);
    expect(values.join('\n')).not.toContain(host.token);
    for (const r of spy.seen) expect(r.headers.cookie).toBeUndefined();
    // Try every value the spy received, and every word in it, as a credential.
    const words = new Set(values.flatMap((v) => v.split(/[\s;,=]+/)).filter((w) => w.length >= 8));
    for (const word of words) {
      for (const authorization of [`Bearer ${word}`, `Session ${word}`]) {
        const res = await request.get(`${host.url}metrics`, { headers: { authorization } });
        expect(res.status(), authorization).toBe(401);
      }
    }
  } finally {
    await spy.close();
  }

  // Back to the console in the same tab without the token, and a reload: the tab's session.
  await page.goto(`${host.url}#/relay`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByRole('heading', { level: 1, name: 'Relay' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByRole('heading', { level: 1, name: 'Relay' })).toBeVisible();

  // A new tab with the token URL works; a new tab without it is told where the token is.
  const withToken = await page.context().newPage();
  await withToken.goto(`${host.openUrl}#/log`);
  await expect(withToken.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(withToken.getByRole('heading', { level: 1, name: 'Log' })).toBeVisible();
  const bare = await page.context().newPage();
  await bare.goto(host.url);
  await expect(bare.getByTestId('token-needed')).toContainText('ui-token');
  expect(await page.context().cookies()).toEqual([]);
});

test('the console reconnects with its session after a host restart', async ({ page }) => {
  const host = await start(ctx, page, '#/settings');
  const port = new URL(host.url).port;
  await host.stop();
  await expect(page.getByTestId('connection')).not.toHaveAttribute('data-state', 'connected');
  // Same data dir (same token) and the same port: the tab's session is still good.
  ctx.host = await startRelayHost(ctx.dataDir, ['--ui-listen', `127.0.0.1:${port}`]);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected', {
    timeout: 20_000,
  });
});
