// The same console checks against the real Electron app. Runs only where the Electron
// binary is installed (a developer machine, a release pipeline); elsewhere every test here
// is skipped with the reason printed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from './support/electron-binary';
import { makeDataDir, removeDataDir } from './support/relay-host';

const binary = electronBinary();
const SKIP_REASON =
  'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or no access to GitHub): Electron specs skipped; the same console is tested headless in console.spec.ts';

test.describe('Electron app', () => {
  test.skip(!binary, SKIP_REASON);
  if (!binary) console.log(`[electron.spec] ${SKIP_REASON}`);

  test('opens a sandboxed window with the console and the tray API only', async () => {
    const dataDir = await makeDataDir();
    const app = await electron.launch({
      executablePath: binary,
      args: ['.'],
      env: { ...process.env, CAMRELAY_DATA_DIR: dataDir },
    });
    try {
      const win = await app.firstWindow();
      await expect(win.getByRole('navigation', { name: 'Main' })).toBeVisible();
      // Served from the privileged app scheme: a secure context, so WebCodecs exists.
      expect(win.url()).toMatch(/^camrelay:\/\/app\//);
      // The renderer has the contract object and no Node.
      const surface = await win.evaluate(() => ({
        api: typeof (globalThis as { camrelay?: unknown }).camrelay,
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        secure: (globalThis as { isSecureContext?: boolean }).isSecureContext,
        decoder: typeof (globalThis as { VideoDecoder?: unknown }).VideoDecoder,
      }));
      expect(surface).toEqual({
        api: 'object',
        require: 'undefined',
        process: 'undefined',
        secure: true,
        decoder: 'function',
      });
      // The CSP came with the page as a header (the app scheme's handler), not only as <meta>.
      const csp = await win.evaluate(async () =>
        (await fetch('camrelay://app/index.html')).headers.get('content-security-policy'),
      );
      expect(csp).toContain("script-src 'self'");

      await win.getByRole('link', { name: 'Settings' }).click();
      await win.getByRole('radio', { name: 'Dark' }).check();
      await expect(win.locator('html')).toHaveAttribute('data-theme', 'dark');
      // Closing the window hides it to the tray; the app keeps running.
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
      const visible = await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()[0]?.isVisible(),
      );
      expect(visible).toBe(false);

      // A reload gets a fresh snapshot (the second SUBSCRIBE of the same WebContents).
      await win.reload();
      await expect(win.getByRole('navigation', { name: 'Main' })).toBeVisible();
      await expect(win.locator('html')).toHaveAttribute('data-theme', 'dark');
    } finally {
      await app.evaluate(({ app: a }) => a.quit()).catch(() => undefined);
      await app.close().catch(() => undefined);
      await removeDataDir(dataDir);
    }
  });

  test('with close-to-tray off, closing the window quits the app', async () => {
    const dataDir = await makeDataDir();
    const app = await electron.launch({
      executablePath: binary,
      args: ['.'],
      env: { ...process.env, CAMRELAY_DATA_DIR: dataDir },
    });
    try {
      const win = await app.firstWindow();
      await expect(win.getByRole('navigation', { name: 'Main' })).toBeVisible();
      await win.getByRole('link', { name: 'Settings' }).click();
      await win.getByTestId('setting-closeToTray').uncheck();
      // Saved in main (the close handler reads the saved setting), not only shown unchecked.
      await expect
        .poll(
          async () => JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')).settings.closeToTray,
        )
        .toBe(false);
      const exited = new Promise<number | null>((resolve) =>
        app.process().once('exit', (code) => resolve(code)),
      );
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
      expect(await exited).toBe(0);
    } finally {
      await app.close().catch(() => undefined);
      await removeDataDir(dataDir);
    }
  });
});
