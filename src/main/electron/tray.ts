// The tray: always a context menu (Linux AppIndicator ignores clicks without one) with Show
// window, the status line, Pause/Resume relay and Quit; icon and tooltip show trouble.
import { join } from 'node:path';
import type { TrayStatus } from '../tray-status';
import type { ShellElectron, ShellTray } from './electron-api';

export interface TrayActions {
  showWindow(): void;
  quit(): void;
  /** Undefined while the relay is not configured: the menu item is disabled. */
  setRelayPaused?: (paused: boolean) => void;
}

export interface AppTrayOptions {
  electron: Pick<ShellElectron, 'Tray' | 'Menu'>;
  /** The directory with tray-ok.png and tray-alert.png (app-paths.ts). */
  resources: string;
  actions: TrayActions;
}

export class AppTray {
  readonly #tray: ShellTray;
  readonly #menu: ShellElectron['Menu'];
  readonly #icons: { ok: string; alert: string };
  readonly #actions: TrayActions;
  #last = '';

  constructor({ electron, resources, actions }: AppTrayOptions) {
    this.#actions = actions;
    this.#menu = electron.Menu;
    this.#icons = { ok: join(resources, 'tray-ok.png'), alert: join(resources, 'tray-alert.png') };
    this.#tray = new electron.Tray(this.#icons.ok);
    this.#tray.on('click', () => actions.showWindow());
  }

  update(status: TrayStatus, relay: { paused: boolean } | undefined): void {
    const key = JSON.stringify([status, relay]);
    if (key === this.#last) return;
    this.#last = key;
    this.#tray.setImage(status.alert ? this.#icons.alert : this.#icons.ok);
    this.#tray.setToolTip(status.tooltip);
    const { setRelayPaused } = this.#actions;
    this.#tray.setContextMenu(
      this.#menu.buildFromTemplate([
        { label: 'Show window', click: () => this.#actions.showWindow() },
        { type: 'separator' },
        { label: status.line, enabled: false },
        { type: 'separator' },
        {
          label: relay?.paused ? 'Resume relay' : 'Pause relay',
          enabled: !!relay && !!setRelayPaused,
          click: () => setRelayPaused?.(!relay?.paused),
        },
        { type: 'separator' },
        { label: 'Quit camrelay', click: () => this.#actions.quit() },
      ]),
    );
  }

  destroy(): void {
    this.#tray.destroy();
  }
}
