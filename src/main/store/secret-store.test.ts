import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileKeySecretBox } from './secret-box';
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
    expect(await again.load()).toEqual({ unreadable: [] });
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
});
