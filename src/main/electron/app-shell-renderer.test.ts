// The Electron shell's contract test, continued: the renderer (reload, crashes, sender checks,
// navigation), the camrelay:// app scheme and start at login. See app-shell.test.ts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IPC } from '../../shared/api';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { fakeEvent } from './testing/fake-electron';
import { cleanUpLaunched, launch, mainWindow, settings } from './testing/launch-shell';

afterEach(cleanUpLaunched);

describe('the renderer', () => {
  it('a reload resubscribes: the second SUBSCRIBE from one WebContents gets a snapshot and replaces the first', async () => {
    const l = await launch();
    const wc = (await mainWindow(l.fake)).webContents;
    const snapshots = () =>
      wc.sent.filter((m) => m.channel === IPC.state && (m.payload as { type: string }).type === 'snapshot');
    l.fake.send(IPC.subscribe, l.fake.ipcEvent(wc));
    expect(snapshots()).toHaveLength(1);
    l.fake.send(IPC.subscribe, l.fake.ipcEvent(wc)); // the page reloaded
    expect(snapshots()).toHaveLength(2);
    // One subscription left: a change arrives once, not twice.
    wc.sent.length = 0;
    await settings(l, { startHidden: true });
    expect(wc.sent.filter((m) => m.channel === IPC.state)).toHaveLength(1);
  });

  it('IPC answers only a top-level frame of the app origin', async () => {
    const l = await launch();
    const wc = (await mainWindow(l.fake)).webContents;
    const channel = IPC.command('updateSettings');
    const child = { url: 'camrelay://app/index.html', origin: 'camrelay://app', parent: wc.mainFrame };
    expect(await l.fake.invoke(channel, l.fake.ipcEvent(wc, child), { startHidden: true })).toMatchObject({
      ok: false,
    });
    const foreign = { url: 'https://evil.example/', origin: 'https://evil.example', parent: null };
    expect(await l.fake.invoke(channel, l.fake.ipcEvent(wc, foreign), { startHidden: true })).toMatchObject({
      ok: false,
    });
    expect(await l.fake.invoke(channel, l.fake.ipcEvent(wc, null), { startHidden: true })).toMatchObject({
      ok: false,
    });
    expect(l.host().store.state.settings.startHidden).toBe(false);
    expect(await l.fake.invoke(channel, l.fake.ipcEvent(wc), { startHidden: true })).toMatchObject({
      ok: true,
    });
  });

  it('navigation away from the app and new windows are refused', async () => {
    const l = await launch();
    const wc = (await mainWindow(l.fake)).webContents;
    const away = fakeEvent({ url: 'https://evil.example/' });
    wc.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    const inside = fakeEvent({ url: 'camrelay://app/index.html#/settings' });
    wc.emit('will-navigate', inside);
    expect(inside.defaultPrevented).toBe(false);
    expect(wc.windowOpenHandler?.({ url: 'https://docs.example/' } as never)).toEqual({ action: 'deny' });
    expect(l.fake.opened).toEqual(['https://docs.example/']);
  });

  it('a crashed renderer is reloaded and logged; one that keeps crashing closes the window, the tray stays', async () => {
    const l = await launch();
    const win = await mainWindow(l.fake);
    const crash = () =>
      win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 139 });
    crash();
    expect(win.webContents.reloads).toBe(1);
    expect(
      l
        .host()
        .store.state.log.some((e) => e.message.includes('renderer process is gone (crashed, exit code 139)')),
    ).toBe(true);
    win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'clean-exit', exitCode: 0 });
    expect(win.webContents.reloads).toBe(1);
    crash();
    crash();
    crash();
    expect(win.destroyed).toBe(true);
    expect(l.fake.app.exitCode).toBeUndefined();
    // Show window in the tray opens a fresh one.
    l.fake.trays[0]!.click('Show window');
    expect(l.fake.live()).toHaveLength(1);
  });
});

describe('the app scheme', () => {
  it('serves the built renderer with the CSP header and refuses paths outside it', async () => {
    const l = await launch();
    await mainWindow(l.fake);
    const handle = l.fake.protocolHandlers.get('camrelay')!;
    const page = await handle(new Request('camrelay://app/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>camrelay</title>');
    for (const path of [
      '%2e%2e/secret.txt',
      '..%2fsecret.txt',
      '%2e%2e%5csecret.txt',
      'a/..%2f..%2fsecret.txt',
      '%00',
    ]) {
      const res = await handle(new Request(`camrelay://app/${path}`));
      expect(res.status, path).toBe(404);
    }
    expect((await handle(new Request('camrelay://elsewhere/index.html'))).status).toBe(404);
    expect((await handle(new Request('camrelay://app/index.html', { method: 'POST' }))).status).toBe(405);
  });
});

describe('start at login', () => {
  it('Linux: writes an XDG autostart entry under $XDG_CONFIG_HOME that starts hidden, and removes it', async () => {
    const l = await launch();
    await mainWindow(l.fake);
    const entry = join(l.root, 'xdg', 'autostart', 'camrelay.desktop');
    expect(existsSync(entry)).toBe(false);
    await settings(l, { startAtLogin: true });
    await expect.poll(() => existsSync(entry)).toBe(true);
    const text = await readFile(entry, 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\n/);
    expect(text).toContain(`Exec=/opt/electron/electron ${l.appDir} --hidden\n`);
    await settings(l, { startAtLogin: false });
    await expect.poll(() => existsSync(entry)).toBe(false);
    expect(l.fake.app.loginItems).toEqual([]);
  });

  it('Windows: uses setLoginItemSettings with --hidden', async () => {
    const l = await launch({ platform: 'win32' });
    await mainWindow(l.fake);
    await settings(l, { startAtLogin: true });
    expect(l.fake.app.loginItems.at(-1)).toEqual({ openAtLogin: true, args: ['--hidden'] });
  });
});
