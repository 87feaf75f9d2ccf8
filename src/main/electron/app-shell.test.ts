// The Electron shell's contract test: start-up, closing and quitting. No Electron binary runs
// here, so the shell runs against a fake of the API it uses (testing/fake-electron.ts), checked
// against electron.d.ts through ShellElectron, around a real host (testing/launch-shell.ts).
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IPC } from '../../shared/api';
import type { ShellElectron } from './electron-api';
import { fakeEvent } from './testing/fake-electron';
import { cleanUpLaunched, launch, mainWindow, settings } from './testing/launch-shell';

// The real module fits the type the fake satisfies: a misnamed API or event fails to compile.
const realElectronFitsTheShell = (real: typeof import('electron')): ShellElectron => real;
void realElectronFitsTheShell;

afterEach(cleanUpLaunched);

describe('start-up', () => {
  it('registers the app scheme before ready and IPC before the first window, even when a second launch asks early', async () => {
    const l = await launch({ ready: false, argv: ['camrelay', '--hidden'] });
    expect(l.fake.schemes).toEqual([
      { scheme: 'camrelay', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    // A second launch while the host is still starting: no window may exist before IPC does.
    l.fake.app.emit('second-instance', fakeEvent(), ['camrelay'], '/');
    expect(l.fake.windows).toHaveLength(0);
    l.fake.app.becomeReady();
    expect(await l.started).toBe('running');
    const win = await mainWindow(l.fake);
    expect(l.fake.ipcAtWindowCreation[0]).toBe(l.fake.channels().length);
    expect(l.fake.channels()).toContain(IPC.subscribe);
    // Started hidden, but the second launch asked for the window: it shows.
    await expect.poll(() => win.visible).toBe(true);
  });

  it('loads the console from camrelay://app in a sandboxed window, with paths from the app path', async () => {
    const l = await launch();
    const win = await mainWindow(l.fake);
    expect(win.loadedUrl).toBe('camrelay://app/index.html');
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: join(l.appDir, 'out', 'preload', 'index.cjs'),
    });
    expect(l.fake.trays[0]!.image).toBe(join(l.appDir, 'resources', 'tray-ok.png'));
    // Every permission request is denied.
    let granted: boolean | undefined;
    (l.fake.permissions.requestHandler as (wc: unknown, p: string, cb: (g: boolean) => void) => void)(
      null,
      'media',
      (g) => {
        granted = g;
      },
    );
    expect(granted).toBe(false);
  });

  it('packaged: the tray icons come from app.asar.unpacked', async () => {
    const l = await launch({
      before: async (fake, root) => {
        fake.app.isPackaged = true;
        await mkdir(join(root, 'resources', 'app.asar.unpacked', 'resources'), { recursive: true });
      },
    });
    await mainWindow(l.fake);
    expect(l.fake.trays[0]!.image).toBe(
      join(l.root, 'resources', 'app.asar.unpacked', 'resources', 'tray-ok.png'),
    );
  });

  it('a failed start reports why, releases the single-instance lock and exits 1', async () => {
    const l = await launch({
      createHost: async () => {
        throw new Error('config directory is read-only');
      },
    });
    expect(await l.started).toBe('failed');
    expect(l.fake.app.exitCode).toBe(1);
    expect(l.fake.app.lockHeld).toBe(false);
    expect(l.fake.windows).toHaveLength(0);
    expect(l.fake.errorBoxes).toEqual([
      { title: 'camrelay could not start', content: 'config directory is read-only' },
    ]);
    expect(l.reports.join('\n')).toContain('config directory is read-only');
  });

  it('an unbuilt console is a failed start too (not a blank window)', async () => {
    const l = await launch({ before: (_f, root) => rm(join(root, 'app', 'out'), { recursive: true }) });
    expect(await l.started).toBe('failed');
    expect(l.fake.app.exitCode).toBe(1);
  });

  it('a tray that throws from the state listener is logged once and the app keeps running', async () => {
    const l = await launch({
      before: (fake) => {
        // The first tray update throws (a tray host gone away).
        const Tray = fake.electron.Tray;
        fake.electron.Tray = class extends Tray {
          constructor(image: string) {
            super(image);
            this.failWith = new Error('StatusNotifierItem gone');
          }
        };
      },
    });
    expect(await l.started).toBe('running');
    await mainWindow(l.fake);
    await settings(l, { startHidden: true });
    const logged = l.host().store.state.log.filter((e) => e.message.includes('StatusNotifierItem gone'));
    expect(logged).toHaveLength(1);
    expect(l.fake.app.exitCode).toBeUndefined();
  });

  it('a bad dev-server URL fails before the single-instance lock is taken', async () => {
    const l = await launch({ env: { ELECTRON_RENDERER_URL: 'not a url' } });
    expect(await l.started).toBe('failed');
    expect(l.fake.app.exitCode).toBe(1);
    expect(l.fake.app.lockHeld).toBe(false);
  });

  it('npm run dev: the window loads the dev server and IPC trusts its origin; no app scheme handler', async () => {
    const l = await launch({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } });
    const win = await mainWindow(l.fake);
    expect(win.loadedUrl).toBe('http://localhost:5173/');
    expect(l.fake.protocolHandlers.size).toBe(0);
    expect(await settings(l, { startHidden: true })).toMatchObject({ ok: true });
  });

  it('a second instance quits at once and starts nothing', async () => {
    const l = await launch({
      before: (fake) => {
        fake.app.lockAvailable = false;
      },
    });
    expect(await l.started).toBe('not-primary');
    expect(l.fake.app.quitCalls).toBe(1);
    expect(l.fake.windows).toHaveLength(0);
  });
});

describe('closing and quitting', () => {
  it('close-to-tray on: closing hides; off: closing the window quits and the host closes', async () => {
    let closed = false;
    const l = await launch({
      hostWrapper: (host) => {
        const close = host.close;
        host.close = async () => {
          await close();
          closed = true;
        };
        return host;
      },
    });
    const win = await mainWindow(l.fake);
    await expect.poll(() => win.visible).toBe(true);
    expect(win.close()).toBe(false);
    expect(win.visible).toBe(false);
    expect(l.fake.app.exitCode).toBeUndefined();

    expect(await settings(l, { closeToTray: false })).toMatchObject({ ok: true });
    expect(win.close()).toBe(true);
    await expect.poll(() => l.fake.app.exitCode).toBe(0);
    expect(closed).toBe(true);
    expect(l.fake.trays[0]!.destroyed).toBe(true);
  });

  it('no tray can be shown (stock GNOME): --hidden still shows the window, and closing it quits', async () => {
    const l = await launch({
      argv: ['camrelay', '--hidden'],
      tray: { shown: false, reason: 'no tray on GNOME' },
    });
    const win = await mainWindow(l.fake);
    expect(l.fake.trays).toHaveLength(0);
    await expect.poll(() => win.visible).toBe(true);
    expect(win.close()).toBe(true);
    await expect.poll(() => l.fake.app.exitCode).toBe(0);
    expect(l.host().store.state.log.some((e) => e.message.includes('no tray on GNOME'))).toBe(true);
  });

  it('Quit in the tray quits even with close-to-tray on', async () => {
    const l = await launch();
    await mainWindow(l.fake);
    l.fake.trays[0]!.click('Quit camrelay');
    await expect.poll(() => l.fake.app.exitCode).toBe(0);
  });

  it('a host that hangs on close cannot keep the process alive past the quit deadline', async () => {
    let release: () => void = () => {};
    const l = await launch({
      hostWrapper: (host) => {
        const close = host.close;
        host.close = () => new Promise<void>((resolve) => (release = () => void close().then(resolve)));
        return host;
      },
    });
    await mainWindow(l.fake);
    l.fake.app.quit();
    await expect.poll(() => l.fake.app.exitCode).toBe(0);
    expect(l.reports.join('\n')).toContain('timeout');
    release();
  });
});
