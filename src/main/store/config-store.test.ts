import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_VERSION, parseConfig } from './config-schema';
import { ConfigStore } from './config-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const AT = Date.UTC(2026, 10, 26, 10, 15, 0);

describe('ConfigStore', () => {
  it('creates a default config on first run', async () => {
    const store = new ConfigStore(dir, () => AT);
    const loaded = await store.load();
    expect(loaded.health).toEqual({ status: 'created' });
    const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(onDisk).toEqual(loaded.config);
    expect(onDisk.version).toBe(CONFIG_VERSION);
  });

  it('saves atomically and loads back what it saved', async () => {
    const store = new ConfigStore(dir);
    const { config } = await store.load();
    await store.save({ ...config, settings: { ...config.settings, theme: 'dark' } });
    const again = await new ConfigStore(dir).load();
    expect(again.health.status).toBe('ok');
    expect(again.config.settings.theme).toBe('dark');
    // No temp files left behind.
    expect((await readdir(dir)).sort()).toEqual(['config.json']);
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
  });

  it('fills settings added later with their defaults', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, settings: { theme: 'light' } }));
    const loaded = await new ConfigStore(dir).load();
    expect(loaded.health.status).toBe('ok');
    expect(loaded.config.settings).toMatchObject({ theme: 'light', closeToTray: true });
  });

  for (const [name, text, reason] of [
    ['truncated JSON', '{"version":1,', /is not valid JSON/],
    ['a wrong type', '{"version":1,"settings":{"theme":"purple"}}', /settings\.theme/],
    ['a newer version', '{"version":99,"settings":{}}', /newer camrelay/],
    ['not an object', '[1,2,3]', /not a JSON object/],
  ] as const) {
    it(`moves a config with ${name} aside, keeps its bytes, and starts on defaults`, async () => {
      await writeFile(join(dir, 'config.json'), text);
      const loaded = await new ConfigStore(dir, () => AT).load();
      expect(loaded.health.status).toBe('recovered');
      if (loaded.health.status !== 'recovered') return;
      expect(loaded.health.reason).toMatch(reason);
      expect(loaded.health.movedTo).toBe(join(dir, 'config.json.corrupt-20261126T101500Z'));
      expect(await readFile(loaded.health.movedTo, 'utf8')).toBe(text);
      expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).settings.theme).toBe('system');
    });
  }

  it('never overwrites an earlier aside file', async () => {
    await writeFile(join(dir, 'config.json'), 'first');
    await new ConfigStore(dir, () => AT).load();
    await writeFile(join(dir, 'config.json'), 'second');
    const loaded = await new ConfigStore(dir, () => AT).load();
    if (loaded.health.status !== 'recovered') throw new Error('expected recovery');
    expect(loaded.health.movedTo).toMatch(/-1$/);
    expect(await readFile(join(dir, 'config.json.corrupt-20261126T101500Z'), 'utf8')).toBe('first');
    expect(await readFile(loaded.health.movedTo, 'utf8')).toBe('second');
  });

  it('an unreadable config (a directory in its place) is moved aside too', async () => {
    await mkdir(join(dir, 'config.json'));
    const loaded = await new ConfigStore(dir, () => AT).load();
    expect(loaded.health.status).toBe('recovered');
    if (loaded.health.status === 'recovered')
      expect(loaded.health.reason).toMatch(/could not be read \(EISDIR\)/);
  });

  it('parseConfig takes any text without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const r = parseConfig(text);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
