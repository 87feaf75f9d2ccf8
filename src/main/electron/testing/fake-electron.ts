// A fake of the Electron API the shell uses, for the contract test. Its `electron` object is
// declared `satisfies ShellElectron`, the type the real module must also fit (index.ts), so a
// member or event the fake invents, or one the shell names wrongly, fails to compile. It keeps
// Electron's documented rules that the shell depends on: registerSchemesAsPrivileged only before
// ready, protocol.handle only after, one ipcMain.handle per channel, window-all-closed when the
// last window is destroyed, and quit() as before-quit -> windows close -> will-quit -> exit.
import type * as E from 'electron';
import { originOf } from '../app-protocol';
import type { ShellElectron, ShellEvent, ShellFrame, ShellIpcEvent, ShellMessagePort } from '../electron-api';

// biome-ignore lint/suspicious/noExplicitAny: a listener registry holds listeners of every event's shape
type Listener = (...args: any[]) => void;

export class FakeEmitter {
  readonly #listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.#listeners.set(
        event,
        (this.#listeners.get(event) ?? []).filter((l) => l !== wrapped),
      );
      listener(...args);
    };
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(...args);
  }
  listenerCount(event: string): number {
    return this.#listeners.get(event)?.length ?? 0;
  }
}

/** An Electron event object; `defaultPrevented` tells whether a listener called preventDefault. */
export function fakeEvent<T extends object>(params?: T): ShellEvent & T {
  let prevented = false;
  return Object.assign(
    {
      preventDefault: () => {
        prevented = true;
      },
      get defaultPrevented() {
        return prevented;
      },
    },
    params,
  ) as ShellEvent & T;
}

export class FakeWebContents extends FakeEmitter {
  static #nextId = 1;
  readonly id = FakeWebContents.#nextId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  readonly posted: { channel: string; message: unknown; transfer: ShellMessagePort[] }[] = [];
  mainFrame: ShellFrame = { url: '', origin: '', parent: null };
  reloads = 0;
  destroyed = false;
  windowOpenHandler: ((details: E.HandlerDetails) => E.WindowOpenHandlerResponse) | undefined;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, payload: args[0] });
  }
  postMessage(channel: string, message: unknown, transfer: ShellMessagePort[] = []): void {
    this.posted.push({ channel, message, transfer });
  }
  reload(): void {
    this.reloads++;
  }
  setWindowOpenHandler(handler: (details: E.HandlerDetails) => E.WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
  /** The page at `url` in this WebContents' top frame. */
  navigate(url: string): void {
    this.mainFrame = { url, origin: originOf(url) ?? 'null', parent: null };
  }
}

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

export class FakeWindow extends FakeEmitter {
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  minimized = false;
  loadedUrl: string | undefined;
  constructor(
    readonly options: E.BrowserWindowConstructorOptions,
    readonly id: number,
    private readonly onDestroyed: (win: FakeWindow) => void,
  ) {
    super();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  restore(): void {
    this.minimized = false;
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.navigate(url);
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed');
    this.onDestroyed(this);
  }
  /** What the user's close button does; false when a listener prevented it. */
  close(): boolean {
    if (this.destroyed) return true;
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }
}

class FakePort extends FakeEmitter {
  started = false;
  readonly messages: unknown[] = [];
  postMessage(message: unknown): void {
    this.messages.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.emit('close');
  }
}

export class FakeTray extends FakeEmitter {
  image: string;
  toolTip = '';
  menu: E.MenuItemConstructorOptions[] = [];
  destroyed = false;
  /** Set to make the next updates throw, like a tray host that went away. */
  failWith: Error | undefined;
  constructor(image: string) {
    super();
    this.image = image;
  }
  setImage(image: string): void {
    if (this.failWith) throw this.failWith;
    this.image = image;
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }
  setContextMenu(menu: object | null): void {
    this.menu = (menu as { template?: E.MenuItemConstructorOptions[] } | null)?.template ?? [];
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Clicks the context-menu item with this label. */
  click(label: string): void {
    const item = this.menu.find((i) => i.label === label);
    if (!item?.click) throw new Error(`fake tray: no menu item ${label}`);
    (item.click as () => void)();
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
      getSelectedStorageBackend: () => 'gnome_libsecret' as const,
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
