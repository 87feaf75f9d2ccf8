// Loads and saves config.json in the data directory. Loading never throws and never loses
// the operator's file: an unreadable or invalid config is moved aside with a timestamp and
// the host starts on defaults, reporting why (ConfigHealth). A file that is valid except for
// some cameras loads without them, a copy of it kept aside. Saves are atomic and serialised;
// the temp files of writes that were interrupted are removed at load.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigHealth } from '../../shared/state';
import { copyAside, moveAside, removeInterruptedWrites, writeAtomic } from './atomic-file';
import { type Config, defaultConfig, parseConfig } from './config-schema';

export const CONFIG_FILE = 'config.json';

export interface LoadedConfig {
  config: Config;
  health: ConfigHealth;
  /** False when a bad file could not be moved aside: saving would overwrite it. */
  writable: boolean;
  /** Temp files of interrupted writes that were removed. */
  removedLeftovers: string[];
}

export class ConfigStore {
  readonly path: string;
  #writable = true;
  #chain: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.path = join(dataDir, CONFIG_FILE);
  }

  async load(): Promise<LoadedConfig> {
    const removedLeftovers = await removeInterruptedWrites(this.path);
    return { ...(await this.#load()), removedLeftovers };
  }

  async #load(): Promise<Omit<LoadedConfig, 'removedLeftovers'>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        const config = defaultConfig();
        await this.save(config);
        return { config, health: { status: 'created' }, writable: true };
      }
      return this.#recover(`could not be read (${code ?? (err as Error).message})`);
    }
    const parsed = parseConfig(text);
    if (!parsed.ok) return this.#recover(parsed.reason);
    if (parsed.dropped.length === 0)
      return { config: parsed.config, health: { status: 'ok' }, writable: true };
    return this.#partial(parsed.config, parsed.dropped);
  }

  /** Loaded without some cameras: keep a copy of the file before the next save replaces it. */
  async #partial(config: Config, dropped: string[]): Promise<Omit<LoadedConfig, 'removedLeftovers'>> {
    const at = this.now();
    const shown =
      dropped.slice(0, 3).join('; ') + (dropped.length > 3 ? `; and ${dropped.length - 3} more` : '');
    try {
      const keptAs = await copyAside(this.path, at, 'before-repair');
      return { config, health: { status: 'partial', reason: shown, keptAs, at }, writable: true };
    } catch (err) {
      // Without a copy, saving would lose what was left out: keep changes in memory only.
      this.#writable = false;
      return {
        config,
        health: {
          status: 'partial',
          reason: `${shown}; no copy could be made (${(err as Error).message}), so changes are not saved`,
          keptAs: '',
          at,
        },
        writable: false,
      };
    }
  }

  /** Writes the whole config atomically. Saves are queued so they land in call order. */
  save(config: Config): Promise<void> {
    if (!this.#writable) return Promise.resolve();
    const text = `${JSON.stringify(config, null, 2)}\n`;
    const next = this.#chain.then(() => writeAtomic(this.path, text, 0o600));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  get writable(): boolean {
    return this.#writable;
  }

  async #recover(reason: string): Promise<Omit<LoadedConfig, 'removedLeftovers'>> {
    const at = this.now();
    const config = defaultConfig();
    try {
      const movedTo = await moveAside(this.path, at);
      await this.save(config);
      return { config, health: { status: 'recovered', reason, movedTo, at }, writable: true };
    } catch (err) {
      // The bad file stays where it is; we must not overwrite it, so this run keeps its
      // changes in memory only.
      this.#writable = false;
      return {
        config,
        health: {
          status: 'recovered',
          reason: `${reason}; it could not be moved aside (${(err as Error).message}), so changes are not saved`,
          movedTo: '',
          at,
        },
        writable: false,
      };
    }
  }
}
