// The config in memory and on disk, changed only through `update`: changes are applied one
// at a time (no lost updates between concurrent commands), saved atomically, and only
// then become current. A command is a unit of work: the secrets it stages (passwords) and the
// config are committed together or not at all.
//
// Two files cannot be renamed at once, so the order is: secrets first, then the config; if
// the config save fails, the secrets are put back. A crash between the two leaves at worst a
// secret without a camera (a new camera's password), never a camera with a lost password.
import { CommandFailure } from '../shared/errors';
import type { Config } from './store/config-schema';
import type { ConfigStore } from './store/config-store';
import { emptyChanges, type SecretChanges, type SecretStore } from './store/secret-store';

/** What a command stages besides its config change; written only if the whole command commits. */
export interface SecretsTransaction {
  set(key: string, value: string): void;
  delete(key: string): void;
  /** Every key under a prefix, including those that cannot be decrypted. */
  deletePrefix(prefix: string): void;
  /** Replaces every readable secret by these (an import); undecryptable ones are kept. */
  replaceAll(values: Record<string, string>): void;
  /** The value as this transaction would leave it. */
  get(key: string): string | undefined;
}

export type ConfigChange = (config: Config, secrets: SecretsTransaction) => Config | Promise<Config>;

function transaction(store: Pick<SecretStore, 'get' | 'keys' | 'unreadableKeys'>, changes: SecretChanges) {
  const tx: SecretsTransaction = {
    set: (key, value) => void changes.set.set(key, value),
    delete: (key) => void changes.set.set(key, null),
    deletePrefix: (prefix) => {
      for (const key of [...store.keys(prefix), ...store.unreadableKeys(prefix)]) changes.set.set(key, null);
      for (const key of changes.set.keys()) if (key.startsWith(prefix)) changes.set.set(key, null);
    },
    replaceAll: (values) => {
      changes.replaceAll = true;
      changes.set.clear();
      for (const [key, value] of Object.entries(values)) changes.set.set(key, value);
    },
    get: (key) => {
      if (changes.set.has(key)) return changes.set.get(key) ?? undefined;
      return changes.replaceAll ? undefined : store.get(key);
    },
  };
  return tx;
}

export class ConfigModel {
  #current: Config;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    initial: Config,
    private readonly store: Pick<ConfigStore, 'save'>,
    private readonly secrets?: Pick<SecretStore, 'apply' | 'get' | 'keys' | 'unreadableKeys'>,
  ) {
    this.#current = initial;
  }

  get current(): Config {
    return this.#current;
  }

  /**
   * Runs `change` on the latest config; its result and the secrets it staged are saved and
   * become current. `change` may throw CommandFailure to refuse (nothing is saved). Returns
   * the saved config.
   */
  update(change: ConfigChange): Promise<Config> {
    const run = this.#queue.then(async () => {
      const changes = emptyChanges();
      const next = await change(this.#current, transaction(this.#secretsOrNone(), changes));
      const undo = await this.#commitSecrets(changes);
      if (next === this.#current) return next;
      try {
        await this.store.save(next);
      } catch (err) {
        const restored = await undo().then(
          () => '',
          (undoErr: Error) => `; the secrets could not be put back either (${undoErr.message})`,
        );
        throw new CommandFailure({
          code: 'failed',
          message: `could not save the config: ${(err as Error).message}${restored}`,
        });
      }
      this.#current = next;
      return next;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #secretsOrNone(): Pick<SecretStore, 'get' | 'keys' | 'unreadableKeys'> {
    return this.secrets ?? { get: () => undefined, keys: () => [], unreadableKeys: () => [] };
  }

  async #commitSecrets(changes: SecretChanges): Promise<() => Promise<void>> {
    if (changes.set.size === 0 && !changes.replaceAll) return async () => {};
    if (!this.secrets) throw new Error('ConfigModel has no secret store to stage secrets in');
    try {
      return await this.secrets.apply(changes);
    } catch (err) {
      throw new CommandFailure({
        code: 'unavailable',
        message: `the passwords could not be stored securely: ${(err as Error).message}`,
      });
    }
  }
}
