import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../shared/command-names';
import { COMMAND_SCHEMAS } from '../shared/commands';
import { createHost, type Host } from './host';
import { FileKeySecretBox } from './store/secret-box';
import { ManualScheduler } from './testing/manual-scheduler';

let dir: string;
let host: Host;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-host-'));
  host = await createHost({
    dataDir: dir,
    platform: 'headless',
    secretBox: await FileKeySecretBox.open(dir),
    cameraRuntime: null,
    relayRuntime: null,
    scheduler: new ManualScheduler(),
  });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const configOnDisk = async () => JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));

describe('host commands', () => {
  it('the command list and the schemas agree', () => {
    expect([...COMMAND_NAMES].sort()).toEqual(Object.keys(COMMAND_SCHEMAS).sort());
  });

  it('updateSettings saves, updates the state, and answers the new settings', async () => {
    const res = await host.call('updateSettings', { startHidden: true });
    expect(res).toEqual({
      ok: true,
      result: expect.objectContaining({ startHidden: true, closeToTray: true }),
    });
    expect(host.store.state.settings.startHidden).toBe(true);
    expect((await configOnDisk()).settings.startHidden).toBe(true);
  });

  it('a config from an earlier version with settings.theme loads; the theme is in neither the state nor the file', async () => {
    await host.close();
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ version: 1, settings: { theme: 'dark', closeToTray: false } }),
    );
    host = await createHost({
      dataDir: dir,
      platform: 'headless',
      secretBox: await FileKeySecretBox.open(dir),
      cameraRuntime: null,
      relayRuntime: null,
      scheduler: new ManualScheduler(),
    });
    expect(host.store.state.settings).toEqual({
      closeToTray: false,
      startAtLogin: false,
      startHidden: false,
    });
    expect(await host.call('updateSettings', { startHidden: true })).toMatchObject({ ok: true });
    expect((await configOnDisk()).settings).toEqual({
      closeToTray: false,
      startAtLogin: false,
      startHidden: true,
    });
  });

  it('a bad argument is refused with the field named, and nothing changes', async () => {
    const before = await readFile(join(dir, 'config.json'), 'utf8');
    const stateBefore = host.store.state;

    const wrongValue = await host.call('updateSettings', { startHidden: 'yes' });
    expect(wrongValue.ok).toBe(false);
    if (!wrongValue.ok) {
      expect(wrongValue.error.code).toBe('invalid-argument');
      expect(wrongValue.error.field).toBe('startHidden');
    }
    const unknownKey = await host.call('updateSettings', { startHidden: true, evil: true });
    expect(unknownKey.ok).toBe(false);
    if (!unknownKey.ok) expect(unknownKey.error.field).toBe('evil');
    const notObject = await host.call('updateSettings', 'dark');
    expect(notObject.ok).toBe(false);
    // The theme is each browser's own now (not a setting): refused like any unknown key.
    expect(await host.call('updateSettings', { theme: 'dark' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', field: 'theme' },
    });

    expect(await readFile(join(dir, 'config.json'), 'utf8')).toBe(before);
    expect(host.store.state.settings).toBe(stateBefore.settings);
  });

  it('an unknown command is a typed error, not an exception', async () => {
    expect(await host.call('rm -rf', {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(await host.call(42, {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(await host.call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
  });

  it('exportLog returns every retained entry as JSON lines', async () => {
    host.log.info('camera', 'connected', 'cam-1');
    const res = await host.call('exportLog', {});
    if (!res.ok) throw new Error(res.error.message);
    const { jsonl, count } = res.result as { jsonl: string; count: number };
    const lines = jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(count);
    expect(lines.at(-1)).toMatchObject({ source: 'camera', subject: 'cam-1', message: 'connected' });
  });
});
