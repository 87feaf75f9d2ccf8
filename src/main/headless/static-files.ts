// Serves the built renderer (out/renderer) read-only. Paths are resolved inside the root
// and anything else is 404; unknown routes fall back to index.html (client-side pages).
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  /** Hashed build assets can be cached for long; index.html must not be. */
  immutable: boolean;
}

export class StaticFiles {
  readonly #cache = new Map<string, StaticFile>();
  constructor(readonly root: string) {}

  async get(urlPath: string): Promise<StaticFile | undefined> {
    let rel: string;
    try {
      rel = decodeURIComponent(urlPath.split('?')[0] ?? '/');
    } catch {
      return undefined;
    }
    if (rel.includes('\0')) return undefined;
    const direct = await this.#read(rel === '/' ? '/index.html' : rel);
    if (direct) return direct;
    // A page route such as /relay: serve the app shell. Asset-looking paths stay 404.
    return extname(rel) === '' ? this.#read('/index.html') : undefined;
  }

  async #read(rel: string): Promise<StaticFile | undefined> {
    const full = normalize(join(this.root, rel));
    if (full !== this.root && !full.startsWith(this.root + sep)) return undefined;
    const cached = this.#cache.get(full);
    if (cached) return cached;
    try {
      if (!(await stat(full)).isFile()) return undefined;
      const file: StaticFile = {
        body: await readFile(full),
        type: TYPES[extname(full)] ?? 'application/octet-stream',
        immutable: full.includes(`${sep}assets${sep}`),
      };
      // Hashed build assets never change; index.html is read again so a rebuild is picked up.
      if (file.immutable) this.#cache.set(full, file);
      return file;
    } catch {
      return undefined;
    }
  }
}
