// A fake of the Electron API the shell uses, for the contract test. Its `electron` object is
// declared `satisfies ShellElectron`, the type the real module must also fit (index.ts), so a
// member or event the fake invents, or one the shell names wrongly, fails to compile. It keeps
// Electron's documented rules that the shell depends on: registerSchemesAsPrivileged only before
// ready, protocol.handle only after, one ipcMain.handle per channel, window-all-closed when the
// last window is destroyed, and quit() as before-quit -> windows close -> will-quit -> exit.
import type * as E from 'electron';
import type { ShellElectron, ShellFrame, ShellIpcEvent } from '../electron-api';
import { FakeEmitter, FakePort, FakeTray, type FakeWebContents, FakeWindow, fakeEvent } from './fake-parts';

export { FakeTray, FakeWebContents, FakeWindow, fakeEvent } from './fake-parts';

class FakeApp extends FakeEmitter {
  ready = false;
  readonly paths = new Map<string, string>();
  readonly loginItems: E.Settings[] = [];
  appPath = '/app';
  isPackaged = false;
  lockAvailable = true;
  lockHeld = false;
  quitCalls = 0;
  /** True while quit() closes the windows: Electron emits no window-all-closed then. */
  closingForQuit = false;
  exitCode: number | undefined;
  #resolveReady: () => void = () => {};
  readonly #ready = new Promise<void>((resolve) => {
    this.#resolveReady = resolve;
  });

  constructor(private readonly windows: () => FakeWindow[]) {
    super();
  }
  /** Electron's 'ready': the test decides when start-up may proceed. */
  becomeReady(): void {
    this.ready = true;
    this.#resolveReady();
  }
  whenReady(): Promise<void> {
    return this.#ready;
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`fake app: no path for ${name}`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  getAppPath(): string {
    return this.appPath;
  }
  requestSingleInstanceLock(): boolean {
    this.lockHeld = this.lockAvailable;
    return this.lockHeld;
  }
  releaseSingleInstanceLock(): void {
    this.lockHeld = false;
  }
  setLoginItemSettings(settings: E.Settings): void {
    this.loginItems.push(settings);
  }
  getLoginItemSettings(): E.LoginItemSettings {
    const openAtLogin = this.loginItems.at(-1)?.openAtLogin ?? false;
    return {
      openAtLogin,
      wasOpenedAtLogin: false,
      status: 'not-registered',
      executableWillLaunchAtLogin: false,
      launchItems: [],
    };
  }
  quit(): void {
    this.quitCalls++;
    const beforeQuit = fakeEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.closingForQuit = true;
    try {
      for (const win of this.windows()) {
        if (!win.close()) return; // a window that refuses to close cancels the quit, as in Electron
      }
    } finally {
      this.closingForQuit = false;
    }
    const willQuit = fakeEvent();
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) this.exit(0);
  }
  exit(code = 0): void {
    this.exitCode ??= code;
  }
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

export function createFakeElectron() {
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const handlers = new Map<string, (event: ShellIpcEvent, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, ((event: ShellIpcEvent, ...args: unknown[]) => void)[]>();
  const permissions: { requestHandler: unknown } = { requestHandler: undefined };
  const schemes: E.CustomScheme[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const errorBoxes: { title: string; content: string }[] = [];
  const opened: string[] = [];
  const live = () => windows.filter((w) => !w.destroyed);
  const app = new FakeApp(live);
  /** How many IPC channels existed when each window was created. */
  const ipcAtWindowCreation: number[] = [];
  let nextWindowId = 1;

  const onDestroyed = () => {
    if (live().length === 0 && !app.closingForQuit) app.emit('window-all-closed');
  };

  class BrowserWindow extends FakeWindow {
    constructor(options: E.BrowserWindowConstructorOptions) {
      super(options, nextWindowId++, onDestroyed);
      ipcAtWindowCreation.push(handlers.size + listeners.size);
      windows.push(this);
    }
    static fromWebContents(wc: unknown): FakeWindow | null {
      return windows.find((w) => w.webContents === wc) ?? null;
    }
  }

  const electron = {
    app,
    BrowserWindow,
    ipcMain: {
      handle(channel: string, listener: (event: ShellIpcEvent, ...args: unknown[]) => unknown): void {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      on(channel: string, listener: (event: ShellIpcEvent, ...args: unknown[]) => void) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
        return this;
      },
    },
    MessageChannelMain: class {
      readonly port1 = new FakePort();
      readonly port2 = new FakePort();
    },
    dialog: {
      async showSaveDialog(): Promise<E.SaveDialogReturnValue> {
        return { canceled: true, filePath: '' };
      },
      showErrorBox(title: string, content: string): void {
        errorBoxes.push({ title, content });
      },
    },
    shell: {
      async openExternal(url: string): Promise<void> {
        opened.push(url);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler(handler: unknown): void {
          permissions.requestHandler = handler;
        },
        setPermissionCheckHandler(): void {},
      },
    },
    protocol: {
      registerSchemesAsPrivileged(custom: E.CustomScheme[]): void {
        if (app.ready) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
        schemes.push(...custom);
      },
      handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
        if (!app.ready) throw new Error('protocol.handle must be called after the app is ready');
        protocolHandlers.set(scheme, handler);
      },
    },
    safeStorage: {
      async isAsyncEncryptionAvailable(): Promise<boolean> {
        return true;
      },
      async encryptStringAsync(plainText: string): Promise<Buffer> {
        return Buffer.from([...Buffer.from(plainText, 'utf8')].reverse());
      },
      async decryptStringAsync(encrypted: Buffer): Promise<E.DecryptStringAsyncReturnValue> {
        return { shouldReEncrypt: false, result: Buffer.from([...encrypted].reverse()).toString('utf8') };
      },
      getSelectedStorageBackend: (): ReturnType<E.SafeStorage['getSelectedStorageBackend']> =>
        'gnome_libsecret',
    },
    Tray: class extends FakeTray {
      constructor(image: string) {
        super(image);
        trays.push(this);
      }
    },
    Menu: {
      buildFromTemplate: (template: E.MenuItemConstructorOptions[]) => ({ template }),
    },
  } satisfies ShellElectron;

  /** A message from a renderer, as ipcMain delivers it. */
  const ipcEvent = (sender: FakeWebContents, frame: ShellFrame | null = sender.mainFrame): ShellIpcEvent => ({
    sender,
    senderFrame: frame,
  });

  return {
    electron,
    app,
    windows,
    live,
    trays,
    schemes,
    protocolHandlers,
    errorBoxes,
    opened,
    permissions,
    ipcAtWindowCreation,
    channels: () => [...handlers.keys(), ...listeners.keys()],
    ipcEvent,
    send(channel: string, event: ShellIpcEvent, ...args: unknown[]): void {
      const registered = listeners.get(channel);
      if (!registered) throw new Error(`fake ipcMain: nothing listens on ${channel}`);
      for (const listener of registered) listener(event, ...args);
    },
    invoke(channel: string, event: ShellIpcEvent, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`fake ipcMain: no handler for ${channel}`);
      return Promise.resolve(handler(event, ...args));
    },
  };
}
