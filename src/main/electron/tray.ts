// The tray: always a context menu (Linux AppIndicator ignores clicks without one) with Show
// window, the status line, Pause/Resume relay and Quit; icon and tooltip show trouble.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Menu, nativeImage, Tray } from 'electron';
import type { TrayStatus } from '../tray-status';

export interface TrayActions {
  showWindow(): void;
  quit(): void;
  /** Undefined while the relay is not configured: the menu item is disabled. */
  setRelayPaused?: (paused: boolean) => void;
}

const resources = join(dirname(fileURLToPath(import.meta.url)), '../../resources');

export class AppTray {
  readonly #tray: Tray;
  readonly #icons = {
    ok: nativeImage.createFromPath(join(resources, 'tray-ok.png')),
    alert: nativeImage.createFromPath(join(resources, 'tray-alert.png')),
  };
  #last = '';

  constructor(private readonly actions: TrayActions) {
    this.#tray = new Tray(this.#icons.ok);
    this.#tray.on('click', () => actions.showWindow());
  }

  update(status: TrayStatus, relay: { paused: boolean } | undefined): void {
    const key = JSON.stringify([status, relay]);
    if (key === this.#last) return;
    this.#last = key;
    this.#tray.setImage(status.alert ? this.#icons.alert : this.#icons.ok);
    this.#tray.setToolTip(status.tooltip);
    const { setRelayPaused } = this.actions;
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show window', click: () => this.actions.showWindow() },
        { type: 'separator' },
        { label: status.line, enabled: false },
        { type: 'separator' },
        {
          label: relay?.paused ? 'Resume relay' : 'Pause relay',
          enabled: !!relay && !!setRelayPaused,
          click: () => setRelayPaused?.(!relay?.paused),
        },
        { type: 'separator' },
        { label: 'Quit camrelay', click: () => this.actions.quit() },
      ]),
    );
  }

  destroy(): void {
    this.#tray.destroy();
  }
}
