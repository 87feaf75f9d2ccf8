import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CAMERAS } from '../../shared/cameras';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { CONFIG_VERSION, parseConfig, parseConfigValue } from './config-schema';
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
    await store.save({ ...config, settings: { ...config.settings, startHidden: true } });
    const again = await new ConfigStore(dir).load();
    expect(again.health.status).toBe('ok');
    expect(again.config.settings.startHidden).toBe(true);
    // No temp files left behind.
    expect((await readdir(dir)).sort()).toEqual(['config.json']);
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
  });

  it('fills settings added later with their defaults', async () => {
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ version: 1, settings: { startHidden: true } }),
    );
    const loaded = await new ConfigStore(dir).load();
    expect(loaded.health.status).toBe('ok');
    expect(loaded.config.settings).toMatchObject({ startHidden: true, closeToTray: true });
  });

  it('loads a config from an earlier version that has settings.theme, and drops it', async () => {
    const legacy = { version: 1, settings: { theme: 'dark', closeToTray: false } };
    await writeFile(join(dir, 'config.json'), JSON.stringify(legacy));
    const store = new ConfigStore(dir);
    const loaded = await store.load();
    expect(loaded.health.status).toBe('ok');
    expect(loaded.config.settings).toEqual({ ...DEFAULT_SETTINGS, closeToTray: false });
    expect(loaded.config.settings).not.toHaveProperty('theme');
    await store.save(loaded.config);
    const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(onDisk.settings).toEqual({ ...DEFAULT_SETTINGS, closeToTray: false });
    expect(onDisk.settings).not.toHaveProperty('theme');
  });

  it('any value of the legacy settings.theme loads (it is not read, so never corrupt)', () => {
    for (const theme of ['purple', 7, null, { a: 1 }, ['dark']]) {
      const r = parseConfigValue({ version: 1, settings: { theme, startHidden: true } });
      expect(r, JSON.stringify(theme)).toMatchObject({ ok: true, dropped: [] });
      if (r.ok) expect(r.config.settings).toEqual({ ...DEFAULT_SETTINGS, startHidden: true });
    }
    // The settings are still strict otherwise.
    expect(parseConfigValue({ version: 1, settings: { themes: 'dark' } })).toMatchObject({ ok: false });
  });

  for (const [name, text, reason] of [
    ['truncated JSON', '{"version":1,', /is not valid JSON/],
    ['a wrong type', '{"version":1,"settings":{"startHidden":"yes"}}', /settings\.startHidden/],
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
      expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).settings).toEqual(DEFAULT_SETTINGS);
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

  const cam = (i: number, over: Record<string, unknown> = {}) => ({
    id: `cam_${i}`,
    name: `Camera ${i}`,
    url: `rtsp://192.0.2.1/${i}`,
    policies: {},
    ...over,
  });

  it(`loads the first ${MAX_CAMERAS} cameras of a bigger file, keeps a copy, and reports the rest`, async () => {
    const cameras = Array.from({ length: MAX_CAMERAS + 2 }, (_, i) => cam(i));
    const text = JSON.stringify({ version: 1, settings: { closeToTray: false }, cameras });
    await writeFile(join(dir, 'config.json'), text);
    const loaded = await new ConfigStore(dir, () => AT).load();
    expect(loaded.config.cameras).toHaveLength(MAX_CAMERAS);
    expect(loaded.config.settings.closeToTray).toBe(false);
    expect(loaded.health).toMatchObject({
      status: 'partial',
      reason: '2 cameras past the limit of 10,000',
    });
    if (loaded.health.status !== 'partial') return;
    expect(loaded.health.keptAs).toBe(join(dir, 'config.json.before-repair-20261126T101500Z'));
    expect(await readFile(loaded.health.keptAs, 'utf8')).toBe(text);
  });

  it('leaves out one bad or repeated camera, not the whole config', async () => {
    const cameras = [cam(1), cam(2, { name: '' }), cam(3), cam(1, { name: 'Again' })];
    await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, settings: {}, cameras }));
    const loaded = await new ConfigStore(dir, () => AT).load();
    expect(loaded.config.cameras.map((c) => c.id)).toEqual(['cam_1', 'cam_3']);
    expect(loaded.health.status).toBe('partial');
    if (loaded.health.status !== 'partial') return;
    expect(loaded.health.reason).toMatch(/camera 2 is invalid at name/);
    expect(loaded.health.reason).toMatch(/camera 4 \("Again"\) repeats the id cam_1/);
  });

  it('an import stays strict: one bound broken is a refusal, not a silent trim', () => {
    const cameras = Array.from({ length: MAX_CAMERAS + 1 }, (_, i) => cam(i));
    const r = parseConfigValue({ version: 1, settings: {}, cameras });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/at most 10,000 cameras/);
  });

  it('removes the temp files of interrupted writes at load', async () => {
    await new ConfigStore(dir).load();
    await writeFile(join(dir, 'config.json.2882400001'), '{"version":1}');
    await writeFile(join(dir, 'config.json.corrupt-20261126T101500Z'), 'kept');
    const loaded = await new ConfigStore(dir).load();
    expect(loaded.removedLeftovers).toEqual(['config.json.2882400001']);
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'config.json.corrupt-20261126T101500Z']);
  });
});
