// Electron entry, and the only place that wires Electron: app lifecycle, single instance,
// the window, the tray, safeStorage and ipcMain. Everything else is the host (host.ts).
import { mkdir } from 'node:fs/promises';
import { app, type BrowserWindow } from 'electron';
import { registerIpc } from './electron/ipc';
import { createSafeStorageBox } from './electron/safe-storage-box';
import { AppTray } from './electron/tray';
import { createMainWindow, hardenSession, isAppUrl } from './electron/window';
import { createHost, type Host } from './host';
import { trayStatus } from './tray-status';

const startHiddenFlag = process.argv.includes('--hidden');
// Tests and portable installs point the app at their own data directory.
if (process.env.CAMRELAY_DATA_DIR) app.setPath('userData', process.env.CAMRELAY_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let host: Host | undefined;
  let win: BrowserWindow | undefined;
  let tray: AppTray | undefined;
  let quitting = false;

  const showWindow = () => {
    if (!win || win.isDestroyed()) win = openWindow(true);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const openWindow = (show: boolean) =>
    createMainWindow({
      show,
      onCloseRequest: () => !quitting && (host?.config.settings.closeToTray ?? true),
    });

  app.on('second-instance', showWindow);
  app.on('before-quit', () => {
    quitting = true;
  });
  // A tray app keeps running with no window; Quit in the tray menu ends it.
  app.on('window-all-closed', () => {});
  app.on('will-quit', (event) => {
    if (!host) return;
    event.preventDefault();
    const closing = host;
    host = undefined;
    tray?.destroy();
    void closing.close().finally(() => app.exit(0));
  });

  void app.whenReady().then(async () => {
    hardenSession();
    const dataDir = app.getPath('userData');
    await mkdir(dataDir, { recursive: true });
    host = await createHost({ dataDir, platform: 'electron', secretBox: createSafeStorageBox() });
    registerIpc({ host, isAppUrl });

    tray = new AppTray({
      showWindow,
      quit: () => app.quit(),
      setRelayPaused: (paused) => void host?.call('setRelayPaused', { paused }),
    });
    let lastLogin: boolean | undefined;
    host.subscribe(() => {
      if (!host) return;
      const state = host.store.state;
      tray?.update(trayStatus(state), { paused: !state.relay.settings.enabled });
      if (state.settings.startAtLogin !== lastLogin) {
        lastLogin = state.settings.startAtLogin;
        app.setLoginItemSettings({ openAtLogin: lastLogin, args: ['--hidden'] });
      }
    });

    const hidden = startHiddenFlag || host.config.settings.startHidden;
    win = openWindow(!hidden);
  });
}
