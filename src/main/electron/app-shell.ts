// The Electron shell's lifecycle, with Electron passed in (index.ts gives the real module, the
// contract test a fake of the same type): single instance, the app scheme, the host, IPC, the
// tray and the window, start at login, and quitting. Invariants it keeps:
// - IPC is registered before any window exists (a second launch during start-up only asks for one);
// - a failed start reports why, releases the single-instance lock and exits with code 1;
// - the app only stays alive without a window when a tray icon can be seen and close-to-tray is on;
// - quitting closes the host within a deadline, then exits.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { createHost as createRealHost, type Host, type HostOptions } from '../host';
import { trayStatus } from '../tray-status';
import { resolveAppPaths } from './app-paths';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  AppOrigin,
  createAppRequestHandler,
  registerAppScheme,
} from './app-protocol';
import { createAutostart, HIDDEN_FLAG } from './autostart';
import type { ShellElectron, ShellWindow } from './electron-api';
import { registerIpc } from './ipc';
import { RendererRecovery } from './renderer-recovery';
import { createSafeStorageBox } from './safe-storage-box';
import { AppTray } from './tray';
import { probeTraySupport, type TraySupport } from './tray-support';
import { createMainWindow, hardenSession } from './window';

export interface AppShellOptions {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** process.execPath and process.resourcesPath. */
  execPath: string;
  resourcesPath: string;
  homeDir?: string;
  createHost?: (options: HostOptions) => Promise<Host>;
  probeTray?: () => Promise<TraySupport>;
  exists?: (path: string) => boolean;
  now?: () => number;
  /** How long quitting waits for the host to close (cameras torn down) before exiting anyway. */
  quitDeadlineMs?: number;
  /** Where messages go when the host's log does not exist yet, or no longer (stderr). */
  report?: (message: string) => void;
}

export type StartOutcome = 'running' | 'failed' | 'not-primary';

export interface AppShell {
  /** Settles once start-up is over, whichever way it went. */
  readonly started: Promise<StartOutcome>;
}

const DEFAULT_QUIT_DEADLINE_MS = 5_000;

/** Closes the host, or gives up after the deadline: resolves how it ended, never rejects. */
async function closeWithin(host: Host, ms: number): Promise<'closed' | 'failed' | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const closing = host.close().then(
    () => 'closed' as const,
    () => 'failed' as const,
  );
  try {
    return await Promise.race([closing, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function startApp(electron: ShellElectron, options: AppShellOptions): AppShell {
  const { app } = electron;
  const report = options.report ?? ((message: string) => console.error(message));
  const exists = options.exists ?? existsSync;
  const now = options.now ?? Date.now;
  const quitDeadlineMs = options.quitDeadlineMs ?? DEFAULT_QUIT_DEADLINE_MS;
  const devUrl = options.env.ELECTRON_RENDERER_URL;
  let origin: AppOrigin;
  try {
    // Tests and portable installs point the app at their own data directory.
    if (options.env.CAMRELAY_DATA_DIR) app.setPath('userData', options.env.CAMRELAY_DATA_DIR);
    registerAppScheme(electron.protocol);
    origin = new AppOrigin(devUrl ?? APP_ENTRY_URL);
  } catch (err) {
    // Before the single-instance lock is taken: nothing to release.
    report(`camrelay could not start: ${describe(err)}`);
    app.exit(1);
    return { started: Promise.resolve('failed') };
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { started: Promise.resolve('not-primary') };
  }
  const recovery = new RendererRecovery({ now });
  let phase: 'starting' | 'running' | 'quitting' = 'starting';
  let host: Host | undefined;
  let tray: AppTray | undefined;
  let traySupport: TraySupport = { shown: true };
  let win: ShellWindow | undefined;
  let windowRequested = false;
  let preload = '';

  const log = (level: 'info' | 'warn' | 'error', message: string) =>
    host ? host.log[level]('app', message) : report(message);
  const keepsRunningHidden = () =>
    phase === 'running' && !!tray && (host?.config.settings.closeToTray ?? true);

  const openWindow = (show: boolean) => {
    win = createMainWindow({
      electron,
      show,
      preload,
      origin,
      onCloseRequest: keepsRunningHidden,
      onRendererGone: (gone, details) => {
        const action = recovery.decide();
        log(
          'error',
          `the window's renderer process is gone (${details.reason}, exit code ${details.exitCode}): ${action === 'reload' ? 'reloading it' : 'it keeps failing, so the window was closed'}`,
        );
        if (action === 'reload') gone.webContents.reload();
        else gone.destroy();
      },
      onLoadFailed: (err) => log('error', `the console page did not load: ${describe(err)}`),
    });
  };

  const showWindow = () => {
    // Before IPC exists a window would show "Connecting…" forever: remember the wish instead.
    if (phase !== 'running') {
      windowRequested = phase === 'starting';
      return;
    }
    if (!win || win.isDestroyed()) return openWindow(true);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  app.on('before-quit', () => {
    phase = 'quitting';
  });
  // Reached when the last window really closed (close-to-tray hides it instead).
  app.on('window-all-closed', () => {
    if (!keepsRunningHidden()) app.quit();
  });
  app.on('will-quit', (event) => {
    const closing = host;
    if (!closing) return;
    event.preventDefault();
    host = undefined;
    tray?.destroy();
    tray = undefined;
    void closeWithin(closing, quitDeadlineMs).then((outcome) => {
      if (outcome !== 'closed') report(`camrelay quit before the host closed cleanly (${outcome})`);
      app.exit(0);
    });
  });

  const start = async () => {
    hardenSession(electron.session);
    const paths = resolveAppPaths({
      appPath: app.getAppPath(),
      isPackaged: app.isPackaged,
      resourcesPath: options.resourcesPath,
      exists,
    });
    preload = paths.preload;
    if (!devUrl) {
      if (!exists(join(paths.renderer, 'index.html')))
        throw new Error(`the console is not built: ${paths.renderer}/index.html is missing`);
      electron.protocol.handle(
        APP_SCHEME,
        createAppRequestHandler({ root: paths.renderer, contentSecurityPolicy: CONTENT_SECURITY_POLICY }),
      );
    }
    const dataDir = app.getPath('userData');
    await mkdir(dataDir, { recursive: true });
    const secretBox = await createSafeStorageBox(electron.safeStorage, options.platform);
    const created = await (options.createHost ?? createRealHost)({
      dataDir,
      platform: 'electron',
      secretBox,
    });
    if (phase === 'quitting') {
      await closeWithin(created, quitDeadlineMs);
      return;
    }
    host = created;
    registerIpc({ electron, host: created, origin });
    startTray(created, paths.resources);
    syncWithState(created);

    const settings = created.config.settings;
    const atLogin = options.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
    let hidden = options.argv.includes(HIDDEN_FLAG) || atLogin || settings.startHidden;
    if (hidden && !tray) {
      hidden = false;
      log('warn', 'asked to start hidden, but there is no tray to show the window from: showing it');
    }
    phase = 'running';
    openWindow(!hidden || windowRequested);
  };

  const startTray = (created: Host, resources: string) => {
    if (traySupport.shown) {
      try {
        tray = new AppTray({
          electron,
          resources,
          actions: {
            showWindow,
            quit: () => app.quit(),
            setRelayPaused: (paused) => void created.call('setRelayPaused', { paused }),
          },
        });
      } catch (err) {
        traySupport = { shown: false, reason: `the tray icon could not be created (${describe(err)})` };
      }
    }
    if (!traySupport.shown) log('warn', `${traySupport.reason}; closing the window quits camrelay`);
  };

  // The tray and the login item follow the state. A failure here is logged once and contained:
  // a state listener that throws would break the state push.
  const syncWithState = (created: Host) => {
    const autostart = createAutostart({
      platform: options.platform,
      app,
      env: options.env,
      homeDir: options.homeDir ?? homedir(),
      execPath: options.execPath,
    });
    let lastLogin: boolean | undefined;
    let lastTrayError: string | undefined;
    created.subscribe(() => {
      const state = created.store.state;
      try {
        tray?.update(trayStatus(state), { paused: !state.relay.settings.enabled });
      } catch (err) {
        if (describe(err) !== lastTrayError) created.log.error('app', `tray update failed: ${describe(err)}`);
        lastTrayError = describe(err);
      }
      if (state.settings.startAtLogin !== lastLogin) {
        lastLogin = state.settings.startAtLogin;
        const enabled = lastLogin;
        autostart.apply(enabled).then(
          () =>
            autostart.desktopFile &&
            enabled &&
            created.log.info('app', `start at login: wrote ${autostart.desktopFile}`),
          (err) =>
            created.log.error(
              'app',
              `start at login could not be ${enabled ? 'set' : 'removed'}: ${describe(err)}`,
            ),
        );
      }
    });
  };

  const fail = async (err: unknown): Promise<StartOutcome> => {
    report(`camrelay could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    try {
      electron.dialog.showErrorBox('camrelay could not start', describe(err));
    } catch {
      // Already reported on stderr; the exit below must happen regardless.
    }
    tray?.destroy();
    tray = undefined;
    const started = host;
    host = undefined;
    if (started) await closeWithin(started, quitDeadlineMs);
    app.releaseSingleInstanceLock();
    app.exit(1);
    return 'failed';
  };

  const started = app
    .whenReady()
    .then(async () => {
      traySupport = await (
        options.probeTray ?? (() => probeTraySupport({ platform: options.platform, env: options.env }))
      )();
      await start();
      return 'running' as const;
    })
    .catch(fail);
  return { started };
}
