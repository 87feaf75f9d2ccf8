// Where things live when camrelay runs without Electron.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** $XDG_DATA_HOME/camrelay, else ~/.local/share/camrelay. */
export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'camrelay');
}

/**
 * The built renderer (out/renderer). The CLI may run from out/main/cli.js, from a chunk in
 * out/main/chunks/, or from source under tsx, so walk up until a build is found.
 * CAMRELAY_RENDERER_DIR overrides.
 */
export function findRendererDir(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  const override = process.env.CAMRELAY_RENDERER_DIR;
  if (override) return existsSync(join(override, 'index.html')) ? resolve(override) : undefined;
  let dir = from;
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, 'renderer'), join(dir, 'out', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
