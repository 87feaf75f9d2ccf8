// The main window, locked down: sandboxed renderer, context isolation, no Node, no new windows,
// no navigation away from the app's origin, every permission request denied. The CSP comes with
// the page itself (app-protocol.ts header, csp-meta.ts meta tag).
import type { RenderProcessGoneDetails } from 'electron';
import type { AppOrigin } from './app-protocol';
import type { ShellElectron, ShellWindow } from './electron-api';

export interface WindowOptions {
  electron: Pick<ShellElectron, 'BrowserWindow' | 'shell'>;
  show: boolean;
  preload: string;
  origin: AppOrigin;
  /** Called on close; return true to hide instead (close to tray). */
  onCloseRequest(): boolean;
  /** The renderer crashed or was killed (not a clean exit). */
  onRendererGone(window: ShellWindow, details: RenderProcessGoneDetails): void;
  onLoadFailed(error: unknown): void;
}

export function hardenSession(session: ShellElectron['session']): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

export function createMainWindow(options: WindowOptions): ShellWindow {
  const { electron, origin } = options;
  const win = new electron.BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'camrelay',
    backgroundColor: '#0c111b',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });

  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the system browser; nothing opens inside the app.
    if (url.startsWith('https://')) void electron.shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => {
    if (!origin.isAppUrl(event.url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') options.onRendererGone(win, details);
  });

  win.on('close', (event) => {
    if (options.onCloseRequest()) {
      event.preventDefault();
      win.hide();
    }
  });
  win.once('ready-to-show', () => {
    if (options.show) win.show();
  });

  win.loadURL(origin.entryUrl).catch(options.onLoadFailed);
  return win;
}
