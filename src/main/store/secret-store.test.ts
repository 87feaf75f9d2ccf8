import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileKeySecretBox, SecretKeyError } from './secret-box';
import { SecretStore } from './secret-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SecretStore with the file-key box', () => {
  it('stores secrets encrypted in a 0600 file and reads them back after a restart', async () => {
    const store = new SecretStore(dir, await FileKeySecretBox.open(dir));
    await store.load();
    await store.set('camera/c1/password', 'hunter2-very-secret');
    const text = await readFile(join(dir, 'secrets.json'), 'utf8');
    expect(text).not.toContain('hunter2');
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);

    const again = new SecretStore(dir, await FileKeySecretBox.open(dir));
    expect(await again.load()).toMatchObject({ unreadable: [] });
    expect(again.get('camera/c1/password')).toBe('hunter2-very-secret');
  });

  it('reports entries it cannot decrypt (tampered, or another key) and keeps the rest', async () => {
    const store = new SecretStore(dir, await FileKeySecretBox.open(dir));
    await store.load();
    await store.set('a', 'one');
    await store.set('b', 'two');
    const file = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'));
    const raw = Buffer.from(file.entries.a.slice(5), 'base64');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    file.entries.a = `gcm1:${raw.toString('base64')}`;
    await writeFile(join(dir, 'secrets.json'), JSON.stringify(file));

    const again = new SecretStore(dir, await FileKeySecretBox.open(dir));
    expect((await again.load()).unreadable).toEqual(['a']);
    expect(again.get('b')).toBe('two');
    expect(again.has('a')).toBe(false);
  });

  it('moves an unusable secrets file aside instead of failing', async () => {
    await writeFile(join(dir, 'secrets.json'), 'garbage');
    const store = new SecretStore(dir, await FileKeySecretBox.open(dir), () => 0);
    const report = await store.load();
    expect(report.recovered?.movedTo).toContain('secrets.json.corrupt-');
    expect(await readFile(report.recovered!.movedTo, 'utf8')).toBe('garbage');
  });

  it('deletes by prefix', async () => {
    const store = new SecretStore(dir, await FileKeySecretBox.open(dir));
    await store.set('camera/c1/password', 'x');
    await store.set('camera/c2/password', 'y');
    await store.deletePrefix('camera/c1/');
    expect(store.keys()).toEqual(['camera/c2/password']);
  });

  it('keeps entries it cannot decrypt through later writes; the right key brings them back', async () => {
    const first = new SecretStore(dir, await FileKeySecretBox.open(dir));
    await first.load();
    await first.set('camera/c1/password', 'one');
    await first.set('turn/user/bob', 'two');
    const originalKey = await readFile(join(dir, 'secret.key'));
    // The key is replaced (a restore from backup, another machine's key).
    await writeFile(join(dir, 'secret.key'), randomBytes(32));
    const other = new SecretStore(dir, await FileKeySecretBox.open(dir));
    const report = await other.load();
    expect(report.unreadable.sort()).toEqual(['camera/c1/password', 'turn/user/bob']);
    expect(other.unreadableKeys()).toHaveLength(2);
    let told = -1;
    other.onUnreadableChange((n) => {
      told = n;
    });
    // The next writes (a new secret; one unreadable key replaced by the operator) keep the rest.
    await other.set('camera/c2/password', 'three');
    await other.set('turn/user/bob', 'two-again');
    expect(told).toBe(1);
    const onDisk = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')).entries;
    expect(Object.keys(onDisk).sort()).toEqual(['camera/c1/password', 'camera/c2/password', 'turn/user/bob']);
    // The original key is restored: the kept entry is readable again.
    await writeFile(join(dir, 'secret.key'), originalKey);
    const restored = new SecretStore(dir, await FileKeySecretBox.open(dir));
    expect((await restored.load()).unreadable.sort()).toEqual(['camera/c2/password', 'turn/user/bob']);
    expect(restored.get('camera/c1/password')).toBe('one');
  });

  it('deleting by prefix removes unreadable entries of that prefix too', async () => {
    const first = new SecretStore(dir, await FileKeySecretBox.open(dir));
    await first.set('camera/c1/password', 'one');
    await first.set('camera/c2/password', 'two');
    await writeFile(join(dir, 'secret.key'), randomBytes(32));
    const other = new SecretStore(dir, await FileKeySecretBox.open(dir));
    await other.load();
    await other.deletePrefix('camera/c1/');
    const onDisk = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')).entries;
    expect(Object.keys(onDisk)).toEqual(['camera/c2/password']);
  });

  it('a failed write changes nothing, in memory or on disk', async () => {
    const store = new SecretStore(dir, await FileKeySecretBox.open(dir));
    await store.load();
    await store.set('a', 'one');
    const before = await readFile(join(dir, 'secrets.json'), 'utf8');
    // secrets.json becomes a non-empty directory: the atomic rename over it fails.
    await rename(join(dir, 'secrets.json'), join(dir, 'kept.json'));
    await mkdir(join(dir, 'secrets.json', 'x'), { recursive: true });
    await expect(store.set('a', 'changed')).rejects.toThrow();
    await expect(store.delete('a')).rejects.toThrow();
    expect(store.get('a')).toBe('one');
    expect(await readFile(join(dir, 'kept.json'), 'utf8')).toBe(before);
  });

  it('removes the temp files of interrupted writes at load, and nothing else', async () => {
    const store = new SecretStore(dir, await FileKeySecretBox.open(dir));
    await store.set('a', 'one');
    // What a kill between write and rename leaves (write-file-atomic's `<file>.<uint32>`).
    await writeFile(join(dir, 'secrets.json.3735928559'), 'x'.repeat(1000));
    await writeFile(join(dir, 'secrets.json.12'), 'x');
    await writeFile(join(dir, 'secrets.json.corrupt-20261126T101500Z'), 'operator bytes');
    const again = new SecretStore(dir, await FileKeySecretBox.open(dir));
    const report = await again.load();
    expect(report.removedLeftovers?.sort()).toEqual(['secrets.json.12', 'secrets.json.3735928559']);
    expect((await readdir(dir)).sort()).toEqual([
      'secret.key',
      'secrets.json',
      'secrets.json.corrupt-20261126T101500Z',
    ]);
    expect(again.get('a')).toBe('one');
  });
});

describe('FileKeySecretBox', () => {
  it('refuses a key file of the wrong size with one line that says what to do, and leaves it', async () => {
    await writeFile(join(dir, 'secret.key'), randomBytes(31));
    const err = await FileKeySecretBox.open(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SecretKeyError);
    const e = err as SecretKeyError;
    expect(e.code).toBe('bad-key-file');
    expect(e.message).toMatch(/secret\.key is 31 bytes long; a camrelay key file is exactly 32 random bytes/);
    expect(e.message).toMatch(/from a backup/);
    expect(e.message).not.toContain('\n');
    expect((await readFile(join(dir, 'secret.key'))).length).toBe(31);
  });
});
