// secrets.json: camera passwords, TURN user passwords and REST secrets, each encrypted by the
// SecretBox, in a file readable only by the owner (0600). Keys are stable names such as
// `camera/<id>/password`. Plain values live in memory only; the renderer never sees them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { moveAside, writeAtomic } from './atomic-file';
import type { SecretBox } from './secret-box';

export const SECRETS_FILE = 'secrets.json';

const SecretsFileSchema = z.strictObject({
  version: z.literal(1),
  backend: z.string(),
  entries: z.record(z.string(), z.string()),
});

export interface SecretsLoadReport {
  /** Entries that could not be decrypted (another machine's key, tampering); they are dropped. */
  unreadable: string[];
  /** Set when the file itself was unusable and moved aside. */
  recovered?: { reason: string; movedTo: string };
}

export class SecretStore {
  readonly path: string;
  readonly #plain = new Map<string, string>();
  #chain: Promise<void> = Promise.resolve();

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

  async load(): Promise<SecretsLoadReport> {
    const report: SecretsLoadReport = { unreadable: [] };
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

  async set(key: string, value: string): Promise<void> {
    this.#plain.set(key, value);
    await this.#save();
  }

  async delete(...keys: string[]): Promise<void> {
    let changed = false;
    for (const key of keys) changed = this.#plain.delete(key) || changed;
    if (changed) await this.#save();
  }

  /** Deletes every key under a prefix, e.g. `camera/<id>/`. */
  async deletePrefix(prefix: string): Promise<void> {
    await this.delete(...this.keys(prefix));
  }

  #save(): Promise<void> {
    // Encrypted when its turn comes, so the file always holds the latest values in write order.
    const next = this.#chain.then(async () => {
      const entries: Record<string, string> = {};
      for (const [key, value] of this.#plain) entries[key] = await this.box.encrypt(value);
      const text = `${JSON.stringify({ version: 1, backend: this.box.backend, entries }, null, 2)}\n`;
      await writeAtomic(this.path, text, 0o600);
    });
    this.#chain = next.catch(() => undefined);
    return next;
  }
}
