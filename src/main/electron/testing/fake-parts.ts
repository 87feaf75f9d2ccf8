// The pieces of the Electron fake (fake-electron.ts): an event emitter with Electron's event
// objects, and fake WebContents, windows, message ports and trays that record what the shell did.
import type * as E from 'electron';
import { originOf } from '../app-protocol';
import type { ShellEvent, ShellFrame, ShellMessagePort } from '../electron-api';

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

export class FakePort extends FakeEmitter {
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
