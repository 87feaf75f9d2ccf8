// The config and the secrets stay whole whatever a command or a start meets: broken
// %-escapes, the camera limit on every path that adds cameras, a config save that fails
// (a command is a unit of work), secrets that cannot be decrypted with the key at hand.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, MAX_CAMERAS } from '../shared/cameras';
import type { CommandError, CommandResponse } from '../shared/errors';
import { createHost, type Host } from './host';
import { FileKeySecretBox } from './store/secret-box';
import { SecretStore } from './store/secret-store';
import { ManualScheduler } from './testing/manual-scheduler';

let dir: string;
let host: Host | undefined;
async function start(): Promise<Host> {
  await host?.close();
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
    relayRuntime: null,
    scheduler: new ManualScheduler(),
  });
  return host;
}
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-integrity-'));
});
afterEach(async () => {
  await host?.close();
  host = undefined;
  await rm(dir, { recursive: true, force: true });
});

const camera = (over: Record<string, unknown> = {}) => ({
  name: 'Gate',
  url: 'rtsp://192.0.2.10:554/stream1',
  username: '',
  transport: 'tcp',
  group: '',
  enabled: false,
  policies: DEFAULT_POLICIES,
  ...over,
});
function ok<T>(r: CommandResponse<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}
function err(r: CommandResponse<unknown>): CommandError {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}
/** The secrets as a fresh start would read them from disk. */
async function secretsOnDisk(): Promise<Record<string, string>> {
  const store = new SecretStore(dir, await FileKeySecretBox.open(dir));
  await store.load();
  return Object.fromEntries(store.keys().map((k) => [k, store.get(k)!]));
}
/** config.json becomes a non-empty directory: every later config save fails. */
async function breakConfigWrites(): Promise<void> {
  await rename(join(dir, 'config.json'), join(dir, 'config.saved'));
  await mkdir(join(dir, 'config.json', 'blocker'), { recursive: true });
}

describe('camera URLs with broken %-escapes', () => {
  it('are an invalid-argument on url, never an internal error with a stack trace', async () => {
    const h = await start();
    for (const url of [
      'rtsp://%zz:pw@192.0.2.1/x',
      'rtsp://admin:%E0%A4%A@192.0.2.1/x',
      'rtsp://a:%@192.0.2.1/',
    ]) {
      const add = err(await h.call('addCamera', camera({ url })));
      expect(add).toMatchObject({ code: 'invalid-argument', field: 'url' });
      expect(add.message).toMatch(/%-escape/);
      const test = err(await h.call('testCamera', { url, username: '', transport: 'tcp' }));
      expect(test).toMatchObject({ code: 'invalid-argument', field: 'url' });
    }
    const { id } = ok<{ id: string }>(await h.call('addCamera', camera()));
    expect(err(await h.call('updateCamera', camera({ id, url: 'rtsp://%zz:pw@192.0.2.1/x' })))).toMatchObject(
      {
        code: 'invalid-argument',
        field: 'url',
      },
    );
    expect(h.store.state.log.some((e) => /internal|stack|URIError/i.test(e.message))).toBe(false);
  });
});

describe(`the limit of ${MAX_CAMERAS} cameras`, () => {
  it('holds for add, duplicate and import, and the next start loads every camera', async () => {
    const cameras = Array.from({ length: MAX_CAMERAS }, (_, i) => ({
      id: `cam_${i}`,
      name: `Camera ${i}`,
      url: `rtsp://192.0.2.1/${i}`,
      enabled: false,
      policies: {},
    }));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, settings: {}, cameras }));
    const h = await start();
    expect(h.config.cameras).toHaveLength(MAX_CAMERAS);
    expect(err(await h.call('addCamera', camera({ name: 'One too many' })))).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/at most 10,000 cameras/),
    });
    expect(err(await h.call('duplicateCamera', { id: 'cam_0' })).message).toMatch(/at most 10,000/);
    const exported = ok<{ json: string }>(await h.call('exportConfig', { includeSecrets: false }));
    const doc = JSON.parse(exported.json);
    doc.config.cameras.push({ ...cameras[0], id: 'cam_extra', name: 'Extra' });
    expect(err(await h.call('importConfig', { json: JSON.stringify(doc) })).message).toMatch(
      /at most 10,000/,
    );
    expect(h.config.cameras).toHaveLength(MAX_CAMERAS);
    const again = await start();
    expect(again.store.state.app.config.status).toBe('ok');
    expect(again.config.cameras).toHaveLength(MAX_CAMERAS);
  });
});

describe('a command is a unit of work', () => {
  it('a failed config save leaves the secrets as they were (add, edit, delete, import)', async () => {
    const h = await start();
    const { id } = ok<{ id: string }>(await h.call('addCamera', camera({ password: 'old-pw' })));
    const before = await secretsOnDisk();
    expect(Object.values(before)).toEqual(['old-pw']);
    await breakConfigWrites();

    const edit = err(await h.call('updateCamera', camera({ id, password: 'new-pw' })));
    expect(edit.code).toBe('failed');
    expect(err(await h.call('addCamera', camera({ name: 'Door', password: 'door-pw' }))).code).toBe('failed');
    expect(err(await h.call('deleteCamera', { id })).code).toBe('failed');
    const exported = ok<{ json: string }>(
      await h.call('exportConfig', { includeSecrets: true, passphrase: 'correct horse' }),
    );
    const doc = JSON.parse(exported.json);
    expect(err(await h.call('addTurnUser', { name: 'bob', password: 'bob-pw-123456' })).code).toBe('failed');
    expect(
      err(await h.call('importConfig', { json: JSON.stringify(doc), passphrase: 'correct horse' })).code,
    ).toBe('failed');

    // Memory and disk: the secrets of before, nothing more, nothing less.
    expect(await secretsOnDisk()).toEqual(before);
    expect(h.context.secrets.keys()).toEqual(Object.keys(before));
    expect(h.context.secrets.get(Object.keys(before)[0]!)).toBe('old-pw');
    expect(h.store.state.cameras[id]?.hasPassword).toBe(true);
    expect(Object.keys(h.store.state.cameras)).toEqual([id]);
  });
});

describe('secrets that cannot be decrypted', () => {
  it('are kept, reported in the state, and come back when the right key is restored', async () => {
    let h = await start();
    const { id } = ok<{ id: string }>(await h.call('addCamera', camera({ password: 'gate-pw' })));
    const key = await readFile(join(dir, 'secret.key'));
    await h.close();
    host = undefined;

    // Started with another key: the password is unreadable, said so, and not deleted by writes.
    await writeFile(join(dir, 'secret.key'), randomBytes(32));
    h = await start();
    expect(h.store.state.app.secrets.unreadable).toMatchObject({ count: 1 });
    expect(h.store.state.app.secrets.unreadable?.hint).toMatch(/kept in secrets\.json/);
    expect(h.store.state.cameras[id]?.hasPassword).toBe(false);
    expect(
      h.store.state.log.some((e) => e.level === 'warn' && /could not be decrypted/.test(e.message)),
    ).toBe(true);
    ok(await h.call('addCamera', camera({ name: 'Door', password: 'door-pw' })));
    ok(await h.call('addTurnUser', { name: 'bob', password: 'bob-pw-123456' }));
    await h.close();
    host = undefined;

    // The original key is back: the gate's password is readable again.
    await writeFile(join(dir, 'secret.key'), key);
    h = await start();
    expect(h.store.state.cameras[id]?.hasPassword).toBe(true);
    expect(h.context.secrets.get(`camera/${id}/password`)).toBe('gate-pw');
    // The two written under the other key are now the unreadable ones.
    expect(h.store.state.app.secrets.unreadable).toMatchObject({ count: 2 });

    // Entering a password again clears the notice for it.
    const door = Object.values(h.store.state.cameras).find((c) => c.name === 'Door')!;
    ok(await h.call('updateCamera', camera({ id: door.id, name: 'Door', password: 'door-pw-2' })));
    h.store.flush();
    expect(h.store.state.app.secrets.unreadable).toMatchObject({ count: 1 });
  });
});
