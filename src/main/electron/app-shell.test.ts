// The Electron shell's contract test. No Electron binary runs here, so the shell runs against a
// fake of the API it uses (testing/fake-electron.ts), type-checked against electron.d.ts through
// ShellElectron, around a real host (real config, state and IPC payloads; no cameras or TURN).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IPC } from '../../shared/api';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { createHost, type Host, type HostOptions } from '../host';
import { type AppShellOptions, startApp } from './app-shell';
import type { ShellElectron } from './electron-api';
import { createFakeElectron, type FakeElectron, fakeEvent } from './testing/fake-electron';
import type { TraySupport } from './tray-support';

// The real module fits the type the fake satisfies: a misnamed API or event fails to compile.
const realElectronFitsTheShell = (real: typeof import('electron')): ShellElectron => real;
void realElectronFitsTheShell;

interface Launched {
  fake: FakeElectron;
  root: string;
  appDir: string;
  reports: string[];
  host: () => Host;
  started: Promise<string>;
}

const roots: string[] = [];
const running: FakeElectron[] = [];
afterEach(async () => {
  // Quit whatever a test left running, so its host closes before the directories go.
  for (const fake of running.splice(0)) {
    if (fake.app.exitCode === undefined) fake.app.quit();
  }
  await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
});

async function launch(
  opts: {
    argv?: string[];
    env?: Record<string, string>;
    platform?: NodeJS.Platform;
    tray?: TraySupport;
    ready?: boolean;
    hostWrapper?: (host: Host) => Host;
    createHost?: AppShellOptions['createHost'];
    before?: (fake: FakeElectron, root: string) => void | Promise<void>;
  } = {},
): Promise<Launched> {
  const root = await mkdtemp(join(tmpdir(), 'camrelay-shell-'));
  roots.push(root);
  const appDir = join(root, 'app');
  await mkdir(join(appDir, 'out', 'renderer'), { recursive: true });
  await writeFile(join(appDir, 'out', 'renderer', 'index.html'), '<!doctype html><title>camrelay</title>');
  await writeFile(join(root, 'app', 'secret.txt'), 'not for the renderer');
  const fake = createFakeElectron();
  running.push(fake);
  fake.app.appPath = appDir;
  await opts.before?.(fake, root);
  const reports: string[] = [];
  let host: Host | undefined;
  const shell = startApp(fake.electron, {
    argv: opts.argv ?? ['/opt/camrelay/camrelay'],
    env: { CAMRELAY_DATA_DIR: join(root, 'data'), XDG_CONFIG_HOME: join(root, 'xdg'), ...opts.env },
    platform: opts.platform ?? 'linux',
    execPath: '/opt/electron/electron',
    resourcesPath: join(root, 'resources'),
    homeDir: join(root, 'home'),
    probeTray: async () => opts.tray ?? { shown: true },
    report: (m) => reports.push(m),
    quitDeadlineMs: 200,
    createHost:
      opts.createHost ??
      (async (o: HostOptions) => {
        const real = await createHost({ ...o, cameraRuntime: null, relayRuntime: null });
        host = opts.hostWrapper ? opts.hostWrapper(real) : real;
        return host;
      }),
  });
  if (opts.ready !== false) fake.app.becomeReady();
  return {
    fake,
    root,
    appDir,
    reports,
    host: () => {
      if (!host) throw new Error('no host yet');
      return host;
    },
    started: shell.started,
  };
}

/** The first window, once it has loaded and shown (ready-to-show comes after loadURL). */
async function mainWindow(fake: FakeElectron) {
  await expect.poll(() => fake.windows.length).toBe(1);
  return fake.windows[0]!;
}

const settings = (l: Launched, patch: Record<string, unknown>) => {
  const wc = l.fake.windows[0]!.webContents;
  return l.fake.invoke(IPC.command('updateSettings'), l.fake.ipcEvent(wc), patch);
};

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
    await settings(l, { theme: 'dark' });
    const logged = l.host().store.state.log.filter((e) => e.message.includes('StatusNotifierItem gone'));
    expect(logged).toHaveLength(1);
    expect(l.fake.app.exitCode).toBeUndefined();
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
    await settings(l, { theme: 'dark' });
    expect(wc.sent.filter((m) => m.channel === IPC.state)).toHaveLength(1);
  });

  it('IPC answers only a top-level frame of the app origin', async () => {
    const l = await launch();
    const wc = (await mainWindow(l.fake)).webContents;
    const channel = IPC.command('updateSettings');
    const child = { url: 'camrelay://app/index.html', origin: 'camrelay://app', parent: wc.mainFrame };
    expect(await l.fake.invoke(channel, l.fake.ipcEvent(wc, child), { theme: 'dark' })).toMatchObject({
      ok: false,
    });
    const foreign = { url: 'https://evil.example/', origin: 'https://evil.example', parent: null };
    expect(await l.fake.invoke(channel, l.fake.ipcEvent(wc, foreign), { theme: 'dark' })).toMatchObject({
      ok: false,
    });
    expect(await l.fake.invoke(channel, l.fake.ipcEvent(wc, null), { theme: 'dark' })).toMatchObject({
      ok: false,
    });
    expect(l.host().store.state.settings.theme).not.toBe('dark');
    expect(await l.fake.invoke(channel, l.fake.ipcEvent(wc), { theme: 'dark' })).toMatchObject({ ok: true });
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
