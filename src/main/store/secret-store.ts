// secrets.json: camera passwords, TURN user passwords and REST secrets, each encrypted by the
// SecretBox, in a file readable only by the owner (0600). Keys are stable names such as
// `camera/<id>/password`. Plain values live in memory only; the renderer never sees them.
//
// An entry that cannot be decrypted (another key: a restored backup, a replaced or lost
// secret.key, another machine's keychain) is kept as it is, ciphertext and all, on every
// later write: restoring the right key brings it back. Only setting or deleting that very key
// replaces it.
//
// Changes are applied with `apply`: the new file is written first and only then do the
// values in memory change, so a failed write changes nothing; `apply` returns the undo that
// a unit of work (ConfigModel.update) runs when the config save after it fails.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { moveAside, removeInterruptedWrites, writeAtomic } from './atomic-file';
import type { SecretBox } from './secret-box';

export const SECRETS_FILE = 'secrets.json';

const SecretsFileSchema = z.strictObject({
  version: z.literal(1),
  backend: z.string(),
  entries: z.record(z.string(), z.string()),
});

export interface SecretsLoadReport {
  /** Entries that could not be decrypted; they are kept in the file, not dropped. */
  unreadable: string[];
  /** Set when the file itself was unusable and moved aside. */
  recovered?: { reason: string; movedTo: string };
  /** Temp files of interrupted writes that were removed. */
  removedLeftovers?: string[];
}

/** Staged changes: a value to set, or null to delete. `replaceAll` first clears every readable key. */
export interface SecretChanges {
  set: Map<string, string | null>;
  replaceAll: boolean;
}

export function emptyChanges(): SecretChanges {
  return { set: new Map(), replaceAll: false };
}

export class SecretStore {
  readonly path: string;
  #plain = new Map<string, string>();
  /** Undecryptable entries, ciphertext kept verbatim. */
  #sealed = new Map<string, string>();
  #chain: Promise<void> = Promise.resolve();
  #listener: ((unreadable: number) => void) | undefined;

  constructor(
    dataDir: string,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {
    this.path = join(dataDir, SECRETS_FILE);
  }

  get backend() {
    return this.box.backend;
  }

  /** Told the number of unreadable entries whenever it changes. */
  onUnreadableChange(listener: (unreadable: number) => void): void {
    this.#listener = listener;
  }

  async load(): Promise<SecretsLoadReport> {
    const removedLeftovers = await removeInterruptedWrites(this.path);
    const report: SecretsLoadReport = { unreadable: [], removedLeftovers };
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return report;
      text = '';
    }
    let parsed: z.infer<typeof SecretsFileSchema> | undefined;
    try {
      parsed = SecretsFileSchema.parse(JSON.parse(text));
    } catch (err) {
      const movedTo = await moveAside(this.path, this.now());
      report.recovered = { reason: (err as Error).message.split('\n')[0] ?? 'invalid', movedTo };
      return report;
    }
    for (const [key, cipher] of Object.entries(parsed.entries)) {
      try {
        this.#plain.set(key, await this.box.decrypt(cipher));
      } catch {
        this.#sealed.set(key, cipher);
        report.unreadable.push(key);
      }
    }
    return report;
  }

  has(key: string): boolean {
    return this.#plain.has(key);
  }

  get(key: string): string | undefined {
    return this.#plain.get(key);
  }

  keys(prefix = ''): string[] {
    return [...this.#plain.keys()].filter((k) => k.startsWith(prefix));
  }

  /** Keys kept in the file that this key cannot decrypt. */
  unreadableKeys(prefix = ''): string[] {
    return [...this.#sealed.keys()].filter((k) => k.startsWith(prefix));
  }

  async set(key: string, value: string): Promise<void> {
    await this.apply({ set: new Map([[key, value]]), replaceAll: false });
  }

  async delete(...keys: string[]): Promise<void> {
    await this.apply({ set: new Map(keys.map((k) => [k, null])), replaceAll: false });
  }

  /** Deletes every key under a prefix, e.g. `camera/<id>/`, unreadable ones included. */
  async deletePrefix(prefix: string): Promise<void> {
    await this.delete(...this.keys(prefix), ...this.unreadableKeys(prefix));
  }

  /**
   * Writes the changes, then makes them current. Throws (changing nothing) when encrypting or
   * writing fails. Resolves to an undo that restores the previous values, in memory at once
   * and on disk as far as it can (it throws if that write fails).
   */
  async apply(changes: SecretChanges): Promise<() => Promise<void>> {
    const plain = new Map(changes.replaceAll ? [] : this.#plain);
    const sealed = new Map(this.#sealed);
    for (const [key, value] of changes.set) {
      sealed.delete(key);
      if (value === null) plain.delete(key);
      else plain.set(key, value);
    }
    if (!changed(this.#plain, plain) && sealed.size === this.#sealed.size) return async () => {};
    const previous = { plain: this.#plain, sealed: this.#sealed };
    await this.#write(plain, sealed);
    this.#swap(plain, sealed);
    return async () => {
      this.#swap(previous.plain, previous.sealed);
      await this.#write(previous.plain, previous.sealed);
    };
  }

  #swap(plain: Map<string, string>, sealed: Map<string, string>): void {
    const before = this.#sealed.size;
    this.#plain = plain;
    this.#sealed = sealed;
    if (sealed.size !== before) this.#listener?.(sealed.size);
  }

  #write(plain: Map<string, string>, sealed: Map<string, string>): Promise<void> {
    // Encrypted when its turn comes in the write chain (the box is async), from these maps,
    // which are never changed once made: the file holds exactly this version.
    const next = this.#chain.then(async () => {
      const entries: Record<string, string> = Object.fromEntries(sealed);
      for (const [key, value] of plain) entries[key] = await this.box.encrypt(value);
      const text = `${JSON.stringify({ version: 1, backend: this.box.backend, entries }, null, 2)}\n`;
      await writeAtomic(this.path, text, 0o600);
    });
    this.#chain = next.catch(() => undefined);
    return next;
  }
}

function changed(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return true;
  for (const [k, v] of a) if (b.get(k) !== v) return true;
  return false;
}
