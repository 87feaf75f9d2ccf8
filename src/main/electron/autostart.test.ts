// Start at login: where the XDG entry goes, and that its Exec line reads back as the same argv
// under the Desktop Entry spec's rules (string unescaping, then quoting; %% for a literal %).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AutostartError, autostartFile, createAutostart, desktopExec, launchCommand } from './autostart';

/** How a desktop environment turns an Exec= value back into argv (Desktop Entry spec 1.5). */
function parseExec(value: string): string[] {
  const unescaped = value.replace(
    /\\(.)/g,
    (_m, c: string) => ({ s: ' ', n: '\n', t: '\t', r: '\r' })[c] ?? c,
  );
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < unescaped.length; i++) {
    const c = unescaped[i]!;
    if (inQuotes) {
      if (c === '\\' && /["`$\\]/.test(unescaped[i + 1] ?? '')) current += unescaped[++i];
      else if (c === '"') inQuotes = false;
      else current += c;
    } else if (c === '"') {
      inQuotes = true;
      started = true;
    } else if (c === ' ') {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current);
  return args.map((a) => a.replaceAll('%%', '%'));
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('XDG autostart entry', () => {
  it('goes to $XDG_CONFIG_HOME/autostart, else ~/.config/autostart (a relative XDG_CONFIG_HOME is ignored)', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/x/conf' }, '/home/op')).toBe(
      '/x/conf/autostart/camrelay.desktop',
    );
    expect(autostartFile({}, '/home/op')).toBe('/home/op/.config/autostart/camrelay.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: 'rel' }, '/home/op')).toBe(
      '/home/op/.config/autostart/camrelay.desktop',
    );
  });

  it('Exec reads back as the argv it was written from, for any printable argument', () => {
    const arg = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\x00-\x1f\x7f]/.test(s));
    fc.assert(
      fc.property(fc.array(arg, { minLength: 1, maxLength: 4 }), (argv) => {
        expect(parseExec(desktopExec(argv))).toEqual(argv);
      }),
      { numRuns: 1000 },
    );
    expect(desktopExec(['/opt/My Apps/camrelay', '--hidden'])).toBe('"/opt/My Apps/camrelay" --hidden');
    expect(desktopExec(['/opt/100%/camrelay'])).toBe('/opt/100%%/camrelay');
  });

  it('refuses what a desktop entry cannot carry', () => {
    expect(() => desktopExec(['/opt/a\nb'])).toThrow(AutostartError);
    expect(() => desktopExec([''])).toThrow(expect.objectContaining({ code: 'unquotable-argument' }));
  });

  it('starts the AppImage when run from one, the packaged binary, or electron with the app path', () => {
    const base = { platform: 'linux' as const, homeDir: '/h', execPath: '/opt/camrelay/camrelay' };
    const app = (isPackaged: boolean) => ({
      isPackaged,
      getAppPath: () => '/src/camrelay',
      setLoginItemSettings() {},
    });
    expect(launchCommand({ ...base, env: {}, app: app(true) })).toEqual([
      '/opt/camrelay/camrelay',
      '--hidden',
    ]);
    expect(
      launchCommand({ ...base, env: { APPIMAGE: '/home/op/camrelay.AppImage' }, app: app(true) }),
    ).toEqual(['/home/op/camrelay.AppImage', '--hidden']);
    expect(launchCommand({ ...base, env: {}, app: app(false) })).toEqual([
      '/opt/camrelay/camrelay',
      '/src/camrelay',
      '--hidden',
    ]);
  });

  it('is written as a valid entry and removed again (removing twice is fine)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'camrelay-autostart-'));
    dirs.push(home);
    const autostart = createAutostart({
      platform: 'linux',
      env: {},
      homeDir: home,
      execPath: '/opt/camrelay app/camrelay',
      app: {
        isPackaged: true,
        getAppPath: () => '/unused',
        setLoginItemSettings: () => expect.unreachable(),
      },
    });
    await autostart.apply(true);
    const text = await readFile(join(home, '.config', 'autostart', 'camrelay.desktop'), 'utf8');
    const fields = Object.fromEntries(
      text
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(text.split('\n')[0]).toBe('[Desktop Entry]');
    expect(fields).toMatchObject({ Type: 'Application', Name: 'camrelay', Terminal: 'false' });
    expect(parseExec(fields.Exec!)).toEqual(['/opt/camrelay app/camrelay', '--hidden']);
    await autostart.apply(false);
    await autostart.apply(false);
    await expect(readFile(autostart.desktopFile!, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
