// Tray support is asked of a real, private D-Bus session bus (dbus-daemon), with and without a
// StatusNotifierWatcher on it (a python3-gi process owning the name, as KDE or the AppIndicator
// extension would).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNameHasOwner, probeTraySupport } from './tray-support';

const has = (cmd: string) => {
  try {
    execFileSync('which', [cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
// Debian's python3 (with python3-gi), as test/peers/rtsp-server.ts uses it.
const PYTHON = '/usr/bin/python3';
const busAvailable = has('dbus-daemon') && has('gdbus') && has(PYTHON);

/** Resolves once the child printed a line matching `re` on stdout. */
function waitForLine(child: ChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const line = seen.split('\n').find((l) => re.test(l));
      if (line) resolve(line.trim());
    });
    child.once('exit', (code) =>
      reject(new Error(`${child.spawnfile} exited (${code}) before printing ${re}: ${seen}`)),
    );
  });
}

describe('parseNameHasOwner', () => {
  it('reads gdbus and dbus-send answers and nothing else', () => {
    expect(parseNameHasOwner('(true,)\n')).toBe(true);
    expect(parseNameHasOwner('(false,)')).toBe(false);
    expect(parseNameHasOwner('   boolean true\n')).toBe(true);
    expect(parseNameHasOwner('boolean false')).toBe(false);
    expect(parseNameHasOwner('Error: no bus')).toBeUndefined();
    expect(parseNameHasOwner('')).toBeUndefined();
  });
});

describe('probeTraySupport', () => {
  it('is true off Linux, and falls back on the desktop name when no bus answers', async () => {
    const noBus = async () => undefined;
    expect(await probeTraySupport({ platform: 'win32', env: {}, run: noBus })).toEqual({ shown: true });
    expect(
      await probeTraySupport({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }, run: noBus }),
    ).toMatchObject({ shown: false });
    expect(
      await probeTraySupport({ platform: 'linux', env: { XDG_CURRENT_DESKTOP: 'XFCE' }, run: noBus }),
    ).toEqual({ shown: true });
  });

  describe.skipIf(!busAvailable)('against a real session bus', () => {
    let dir: string;
    let bus: ChildProcess | undefined;
    let watcher: ChildProcess | undefined;
    let env: Record<string, string | undefined>;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'camrelay-dbus-'));
      bus = spawn(
        'dbus-daemon',
        [
          '--session',
          '--nofork',
          '--nopidfile',
          '--print-address=1',
          `--address=unix:path=${join(dir, 'bus')}`,
        ],
        {
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      const address = await waitForLine(bus, /^unix:/);
      env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
    });
    afterAll(async () => {
      watcher?.kill();
      bus?.kill();
      await rm(dir, { recursive: true, force: true });
    });

    it('GNOME without a StatusNotifierWatcher: no tray; with one (AppIndicator): a tray', async () => {
      expect(
        await probeTraySupport({ platform: 'linux', env: { ...env, XDG_CURRENT_DESKTOP: 'GNOME' } }),
      ).toMatchObject({
        shown: false,
        reason: expect.stringContaining('GNOME'),
      });
      watcher = spawn(
        PYTHON,
        [
          '-c',
          [
            'from gi.repository import Gio, GLib',
            'conn = Gio.bus_get_sync(Gio.BusType.SESSION, None)',
            "Gio.bus_own_name_on_connection(conn, 'org.kde.StatusNotifierWatcher', Gio.BusNameOwnerFlags.NONE, lambda *a: print('owned', flush=True), None)",
            'GLib.MainLoop().run()',
          ].join('\n'),
        ],
        { env, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await waitForLine(watcher, /^owned$/);
      expect(
        await probeTraySupport({ platform: 'linux', env: { ...env, XDG_CURRENT_DESKTOP: 'GNOME' } }),
      ).toEqual({ shown: true });
    });
  });
});
