// Operator preferences: saved, then mirrored into the state (this service owns `settings`).
import type { CommandHandlers } from '../commands/dispatch';
import type { HostContext } from '../context';
import type { SliceWriter } from '../state/state-store';

export class SettingsService {
  readonly #slice: SliceWriter<'settings'>;

  constructor(private readonly ctx: HostContext) {
    this.#slice = ctx.store.slice('settings');
    this.reload();
  }

  /** Publishes the saved settings (at start, and after the whole config was replaced). */
  reload(): void {
    this.#slice.set([], this.ctx.config.current.settings);
  }

  handlers(): Pick<CommandHandlers, 'updateSettings'> {
    return {
      updateSettings: async (patch) => {
        const saved = await this.ctx.config.update((c) => ({ ...c, settings: { ...c.settings, ...patch } }));
        this.#slice.set([], saved.settings);
        return saved.settings;
      },
    };
  }
}
