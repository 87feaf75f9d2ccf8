// Configuration commands through the host, without engines: validation, persistence,
// secrets kept out of the config and the state, export/import.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../shared/cameras';
import type { CommandResponse } from '../shared/errors';
import { createHost, type Host } from './host';
import { FileKeySecretBox } from './store/secret-box';
import { ManualScheduler } from './testing/manual-scheduler';

let dir: string;
let host: Host;
async function start() {
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
    relayRuntime: null,
    scheduler: new ManualScheduler(),
  });
}
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-hostcfg-'));
  await start();
});
afterEach(async () => {
  await host.close();
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
const fileText = () => readFile(join(dir, 'config.json'), 'utf8');
function ok<T>(r: CommandResponse<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}
function err(r: CommandResponse<unknown>) {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('cameras', () => {
  it('takes credentials out of a pasted URL and keeps the password encrypted, out of config and state', async () => {
    const { id } = ok<{ id: string }>(
      await host.call('addCamera', camera({ url: 'rtsp://admin:s%40cret-PW@192.0.2.10/live' })),
    );
    const view = host.store.state.cameras[id]!;
    expect(view).toMatchObject({ url: 'rtsp://192.0.2.10/live', username: 'admin', hasPassword: true });
    const text = await fileText();
    expect(text).not.toContain('s@cret-PW');
    expect(text).not.toContain('s%40cret-PW');
    expect(JSON.stringify(host.store.state)).not.toMatch(/s@cret-PW|s%40cret-PW/);
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toMatch(/s@cret-PW|s%40cret-PW/);
  });

  it('refuses invalid cameras with the field named and saves nothing', async () => {
    const before = await fileText();
    for (const [input, field] of [
      [camera({ url: 'http://192.0.2.1/' }), 'url'],
      [camera({ url: 'not a url' }), 'url'],
      [camera({ name: '   ' }), 'name'],
      [camera({ transport: 'carrier-pigeon' }), 'transport'],
      [camera({ group: 'nope' }), 'group'],
      [camera({ policies: { ...DEFAULT_POLICIES, frameTimeoutSec: 0 } }), 'policies.frameTimeoutSec'],
      [camera({ policies: { ...DEFAULT_POLICIES, tlsFingerprint: 'abc' } }), 'policies.tlsFingerprint'],
    ] as const) {
      expect(err(await host.call('addCamera', input)).field, JSON.stringify(input)).toBe(field);
    }
    expect(await fileText()).toBe(before);
    expect(host.store.state.cameras).toEqual({});
  });

  it('edits keep the saved password unless a new one is given; names stay unique', async () => {
    const { id } = ok<{ id: string }>(
      await host.call('addCamera', camera({ username: 'u', password: 'first-pass' })),
    );
    ok(await host.call('updateCamera', { ...camera({ username: 'u', name: 'Gate 2' }), id }));
    expect(host.store.state.cameras[id]).toMatchObject({ name: 'Gate 2', hasPassword: true });
    ok(await host.call('addCamera', camera({ name: 'Yard' })));
    expect(err(await host.call('updateCamera', { ...camera({ name: 'yard' }), id })).field).toBe('name');
    ok(await host.call('updateCamera', { ...camera({ name: 'Gate 2', password: '' }), id }));
    expect(host.store.state.cameras[id]!.hasPassword).toBe(false);
  });

  it('duplicate makes a disabled copy with a fresh name and the password; delete removes it all', async () => {
    const { id } = ok<{ id: string }>(await host.call('addCamera', camera({ password: 'pw-123456' })));
    const { id: copy } = ok<{ id: string }>(await host.call('duplicateCamera', { id }));
    expect(host.store.state.cameras[copy]).toMatchObject({
      name: 'Gate (copy)',
      enabled: false,
      hasPassword: true,
    });
    const { id: copy2 } = ok<{ id: string }>(await host.call('duplicateCamera', { id }));
    expect(host.store.state.cameras[copy2]!.name).toBe('Gate (copy 2)');
    ok(await host.call('deleteCamera', { id }));
    expect(host.store.state.cameras[id]).toBeUndefined();
    expect(JSON.parse(await fileText()).cameras.map((c: { id: string }) => c.id)).toEqual([copy, copy2]);
    expect(err(await host.call('deleteCamera', { id })).code).toBe('not-found');
  });

  it('named groups: created, assigned, refused while in use, removed', async () => {
    ok(await host.call('addGroup', { name: 'Warehouse' }));
    expect(err(await host.call('addGroup', { name: 'warehouse' })).code).toBe('already-exists');
    const { id } = ok<{ id: string }>(await host.call('addCamera', camera({ group: 'Warehouse' })));
    expect(err(await host.call('removeGroup', { name: 'Warehouse' })).message).toMatch(/still has 1 camera/);
    ok(await host.call('deleteCamera', { id }));
    ok(await host.call('removeGroup', { name: 'Warehouse' }));
    ok(await host.call('setGrouping', { mode: 'url' }));
    expect(host.store.state.grouping).toEqual({ mode: 'url', named: [] });
  });

  it('everything is back after a restart', async () => {
    ok(await host.call('addGroup', { name: 'North' }));
    const { id } = ok<{ id: string }>(
      await host.call('addCamera', camera({ group: 'North', password: 'pw-123456' })),
    );
    ok(await host.call('addTurnUser', { name: 'viewer', password: 'viewer-pass' }));
    await host.close();
    await start();
    expect(host.store.state.cameras[id]).toMatchObject({ name: 'Gate', group: 'North', hasPassword: true });
    expect(host.store.state.grouping.named).toEqual(['North']);
    expect(host.store.state.relay.users.map((u) => u.name)).toEqual(['viewer']);
  });
});

describe('relay settings and credentials', () => {
  it('refuses a reversed port range, an empty realm and bad CIDRs, saving nothing', async () => {
    const before = await fileText();
    expect(err(await host.call('updateRelay', { minPort: 60000, maxPort: 50000 })).field).toBe('maxPort');
    expect(err(await host.call('updateRelay', { maxPort: 40000 })).field).toBe('maxPort'); // below the saved min
    expect(err(await host.call('updateRelay', { realm: '  ' })).field).toBe('realm');
    expect(err(await host.call('updateRelay', { denyPeers: ['10.0.0.0/33'] })).field).toBe('denyPeers.0');
    expect(
      err(await host.call('updateRelay', { listeners: [{ transport: 'tls', host: '0.0.0.0', port: 5349 }] }))
        .field,
    ).toBe('listeners.0.certFile');
    expect(await fileText()).toBe(before);
  });

  it('users and REST secrets are stored encrypted; credentials are made from the newest secret', async () => {
    ok(await host.call('addTurnUser', { name: 'alice', password: 'alice-password' }));
    expect(err(await host.call('addTurnUser', { name: 'alice', password: 'another-one' })).code).toBe(
      'already-exists',
    );
    expect(err(await host.call('addTurnUser', { name: 'a:b', password: 'whatever1' })).field).toBe('name');
    expect(err(await host.call('makeTurnCredentials', { user: 'bob', ttlSec: 3600 })).code).toBe(
      'unavailable',
    );
    const { secret } = ok<{ secret: string }>(await host.call('addTurnSecret', { label: 'web app' }));
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const cred = ok<{ username: string; password: string; iceServersSnippet: string }>(
      await host.call('makeTurnCredentials', { user: 'bob', ttlSec: 3600 }),
    );
    expect(cred.username).toMatch(/^\d+:bob$/);
    const { createHmac } = await import('node:crypto');
    expect(cred.password).toBe(createHmac('sha1', secret).update(cred.username).digest('base64'));
    expect(cred.iceServersSnippet).toContain('new RTCPeerConnection(');
    const everything = (await fileText()) + JSON.stringify(host.store.state);
    expect(everything).not.toContain('alice-password');
    expect(everything).not.toContain(secret);
  });
});

describe('export and import', () => {
  it('round-trips the config; secrets only with the right passphrase', async () => {
    ok(await host.call('addCamera', camera({ password: 'cam-secret-pw' })));
    ok(await host.call('addTurnUser', { name: 'viewer', password: 'viewer-pass' }));
    const plain = ok<{ json: string }>(await host.call('exportConfig', { includeSecrets: false }));
    expect(plain.json).not.toContain('cam-secret-pw');
    expect(err(await host.call('exportConfig', { includeSecrets: true, passphrase: 'short' })).field).toBe(
      'passphrase',
    );
    const sealed = ok<{ json: string }>(
      await host.call('exportConfig', { includeSecrets: true, passphrase: 'correct horse' }),
    );
    expect(sealed.json).not.toContain('cam-secret-pw');

    // Import into a fresh host.
    await host.close();
    await rm(dir, { recursive: true, force: true });
    dir = await mkdtemp(join(tmpdir(), 'camrelay-hostcfg-'));
    await start();
    expect(err(await host.call('importConfig', { json: sealed.json })).field).toBe('passphrase');
    expect(err(await host.call('importConfig', { json: sealed.json, passphrase: 'wrong horse' })).field).toBe(
      'passphrase',
    );
    expect(err(await host.call('importConfig', { json: '{"format":"x"}' })).field).toBe('json');
    expect(Object.keys(host.store.state.cameras)).toHaveLength(0);

    const summary = ok(await host.call('importConfig', { json: sealed.json, passphrase: 'correct horse' }));
    expect(summary).toEqual({ cameras: 1, groups: 0, turnUsers: 1, turnSecrets: 0, secretsImported: true });
    const [view] = Object.values(host.store.state.cameras);
    expect(view).toMatchObject({ name: 'Gate', hasPassword: true });
    expect(host.store.state.relay.users.map((u) => u.name)).toEqual(['viewer']);
  });
});
