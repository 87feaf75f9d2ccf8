// Atomic, durable writes (temp file + fsync + rename, via write-file-atomic) and moving a bad
// file aside with a timestamp so the operator's original is never overwritten.
import { access, rename } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

export async function writeAtomic(path: string, data: string, mode = 0o644): Promise<void> {
  await writeFileAtomic(path, data, { mode, fsync: true });
}

/** `config.json` -> `config.json.corrupt-20261126T101500Z` (a counter is added if taken). */
export function asideName(path: string, at: number, attempt = 0): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${path}.corrupt-${stamp}${attempt ? `-${attempt}` : ''}`;
}

export async function moveAside(path: string, at: number): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = asideName(path, at, attempt);
    const taken = await access(target).then(
      () => true,
      () => false,
    );
    if (taken) continue;
    await rename(path, target);
    return target;
  }
  throw new Error(`could not find a free name to move ${path} aside`);
}
