// The part of Electron's API the shell uses, written against electron.d.ts (Electron 45).
// index.ts passes the real `electron` module, so tsc proves the real API has every member and
// event named here with a compatible signature (a misnamed method or event does not compile);
// the contract test passes a fake that must satisfy the same type. Event methods are spelled
// out per event (not `Pick`ed) because Electron's return `this`, which no fake can be.
import type * as E from 'electron';

/** What an event listener may do with Electron's event object. */
export interface ShellEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export interface ShellFrame {
  readonly url: string;
  readonly origin: string;
  readonly parent: ShellFrame | null;
}

/** A MessagePortMain, as the live view's port pipe uses it (live/port-pipe.ts PortLike). */
export interface ShellMessagePort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

export interface ShellWebContents
  extends Pick<E.WebContents, 'id' | 'isDestroyed' | 'send' | 'reload' | 'setWindowOpenHandler'> {
  readonly mainFrame: ShellFrame;
  postMessage(channel: string, message: unknown, transfer?: ShellMessagePort[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
  on(
    event: 'render-process-gone',
    listener: (event: ShellEvent, details: E.RenderProcessGoneDetails) => void,
  ): unknown;
  on(event: 'will-navigate', listener: (details: ShellEvent & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: ShellEvent) => void): unknown;
}

export interface ShellWindow
  extends Pick<
    E.BrowserWindow,
    | 'id'
    | 'show'
    | 'hide'
    | 'focus'
    | 'isDestroyed'
    | 'isMinimized'
    | 'isVisible'
    | 'restore'
    | 'destroy'
    | 'loadURL'
  > {
  readonly webContents: ShellWebContents;
  on(event: 'close', listener: (event: ShellEvent) => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export interface ShellBrowserWindowClass {
  new (options: E.BrowserWindowConstructorOptions): ShellWindow;
  fromWebContents(webContents: ShellWebContents): ShellWindow | null;
}

export interface ShellApp
  extends Pick<
    E.App,
    | 'whenReady'
    | 'quit'
    | 'exit'
    | 'getPath'
    | 'setPath'
    | 'getAppPath'
    | 'isPackaged'
    | 'requestSingleInstanceLock'
    | 'releaseSingleInstanceLock'
    | 'setLoginItemSettings'
    | 'getLoginItemSettings'
  > {
  on(
    event: 'second-instance',
    listener: (event: ShellEvent, argv: string[], workingDirectory: string) => void,
  ): unknown;
  on(event: 'activate', listener: (event: ShellEvent, hasVisibleWindows: boolean) => void): unknown;
  on(event: 'before-quit', listener: (event: ShellEvent) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: ShellEvent) => void): unknown;
}

export interface ShellIpcEvent {
  readonly sender: ShellWebContents;
  readonly senderFrame: ShellFrame | null;
}

export interface ShellIpcMain {
  handle(channel: string, listener: (event: ShellIpcEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: ShellIpcEvent, ...args: unknown[]) => void): unknown;
}

/** A parent for a modal dialog: any window (only its identity matters to us). */
export type ShellDialogParent = Pick<E.BaseWindow, 'id'>;

export interface ShellDialog {
  showSaveDialog(window: ShellDialogParent, options: E.SaveDialogOptions): Promise<E.SaveDialogReturnValue>;
  showSaveDialog(options: E.SaveDialogOptions): Promise<E.SaveDialogReturnValue>;
  showErrorBox(title: string, content: string): void;
}

/** A built menu; opaque to the shell. */
export type ShellMenu = object;

export interface ShellTray extends Pick<E.Tray, 'setToolTip' | 'destroy'> {
  /** An icon file (Electron loads it, from an asar archive too). */
  setImage(image: string): void;
  setContextMenu(menu: ShellMenu | null): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface ShellElectron {
  app: ShellApp;
  BrowserWindow: ShellBrowserWindowClass;
  ipcMain: ShellIpcMain;
  MessageChannelMain: new () => { port1: ShellMessagePort; port2: ShellMessagePort };
  dialog: ShellDialog;
  shell: Pick<E.Shell, 'openExternal'>;
  session: { defaultSession: Pick<E.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> };
  protocol: Pick<E.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  safeStorage: Pick<
    E.SafeStorage,
    'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
  >;
  Tray: new (image: string) => ShellTray;
  Menu: { buildFromTemplate(template: E.MenuItemConstructorOptions[]): ShellMenu };
}
