// The config in memory and on disk, changed only through `update`: changes are applied one
// at a time (no lost updates between concurrent commands), saved atomically, and only
// then become current. A failed save changes nothing and is reported to the caller.
import { CommandFailure } from '../shared/errors';
import type { Config } from './store/config-schema';
import type { ConfigStore } from './store/config-store';

export class ConfigModel {
  #current: Config;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    initial: Config,
    private readonly store: Pick<ConfigStore, 'save'>,
  ) {
    this.#current = initial;
  }

  get current(): Config {
    return this.#current;
  }

  /**
   * Runs `change` on the latest config; its result is saved and becomes current. `change` may
   * throw CommandFailure to refuse (nothing is saved). Returns the saved config.
   */
  update(change: (config: Config) => Config | Promise<Config>): Promise<Config> {
    const run = this.#queue.then(async () => {
      const next = await change(this.#current);
      if (next === this.#current) return next;
      try {
        await this.store.save(next);
      } catch (err) {
        throw new CommandFailure({
          code: 'failed',
          message: `could not save the config: ${(err as Error).message}`,
        });
      }
      this.#current = next;
      return next;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
