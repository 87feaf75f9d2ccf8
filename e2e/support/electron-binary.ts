// Where the Electron binary is, if it was downloaded. Reads electron's path.txt directly:
// `require('electron')` would try to download a missing binary (slow, and fails offline).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function electronBinary(root = resolve(import.meta.dirname, '..', '..')): string | undefined {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return undefined;
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}
