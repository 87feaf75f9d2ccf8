// What to do when the renderer process dies (crash, OOM, killed): reload it, unless it keeps
// dying, in which case reloading again would only spin; the window is then closed and the tray's
// "Show window" opens a fresh one.
export type RecoveryAction = 'reload' | 'close-window';

export interface RendererRecoveryOptions {
  now: () => number;
  /** Reloads allowed within `periodMs` before giving up. */
  maxReloads?: number;
  periodMs?: number;
}

export class RendererRecovery {
  readonly #now: () => number;
  readonly #max: number;
  readonly #period: number;
  #reloads: number[] = [];

  constructor(options: RendererRecoveryOptions) {
    this.#now = options.now;
    this.#max = options.maxReloads ?? 3;
    this.#period = options.periodMs ?? 60_000;
  }

  decide(): RecoveryAction {
    const now = this.#now();
    this.#reloads = this.#reloads.filter((at) => now - at < this.#period);
    if (this.#reloads.length >= this.#max) {
      this.#reloads = [];
      return 'close-window';
    }
    this.#reloads.push(now);
    return 'reload';
  }
}
