// Atomic, durable writes (temp file + fsync + rename, via write-file-atomic), moving or copying
// a bad file aside with a timestamp so the operator's original is never overwritten, and
// removing the temp files an interrupted write leaves behind.
import { access, copyFile, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export async function writeAtomic(path: string, data: string, mode = 0o644): Promise<void> {
  await writeFileAtomic(path, data, { mode, fsync: true });
}

/** `config.json` -> `config.json.corrupt-20261126T101500Z` (a counter is added if taken). */
export function asideName(path: string, at: number, attempt = 0, tag = 'corrupt'): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${path}.${tag}-${stamp}${attempt ? `-${attempt}` : ''}`;
}

async function freeAsideName(path: string, at: number, tag: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = asideName(path, at, attempt, tag);
    const taken = await access(target).then(
      () => true,
      () => false,
    );
    if (!taken) return target;
  }
  throw new Error(`could not find a free name to keep ${path} aside`);
}

export async function moveAside(path: string, at: number): Promise<string> {
  const target = await freeAsideName(path, at, 'corrupt');
  await rename(path, target);
  return target;
}

/** Keeps a copy of `path` as it is now (before a repaired version replaces it). */
export async function copyAside(path: string, at: number, tag: string): Promise<string> {
  const target = await freeAsideName(path, at, tag);
  await copyFile(path, target);
  return target;
}

/**
 * Removes what an interrupted writeAtomic of `path` left: write-file-atomic writes
 * `<name>.<uint32>` next to it and renames it over the file; a kill in between leaves a full
 * copy. Only this process writes the data directory (one host per directory), so at start
 * every such file is a leftover. Returns the names removed.
 */
export async function removeInterruptedWrites(path: string): Promise<string[]> {
  const dir = dirname(path);
  const pattern = new RegExp(`^${basename(path).replace(/[.]/g, '\\.')}\\.\\d{1,10}$`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!pattern.test(name)) continue;
    await unlink(join(dir, name)).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}
