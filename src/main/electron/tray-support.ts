// Whether a tray icon can be seen at all. On Linux, Electron's Tray talks to a
// StatusNotifierItem host (KDE, Ubuntu's AppIndicator extension, most panels) and falls back to
// an XEmbed icon that stock GNOME does not show. Electron reports neither, so ask the session bus
// whether a StatusNotifierWatcher is there; without one, assume only GNOME has no tray. Hiding
// the window to a tray that cannot be seen would leave an app no one can reach.
import { execFile } from 'node:child_process';

/** Runs a command, resolving its stdout, or undefined when it cannot run or fails. */
export type RunCommand = (
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
) => Promise<string | undefined>;

const WATCHER = 'org.kde.StatusNotifierWatcher';

export const runCommand: RunCommand = (file, args, env) =>
  new Promise((resolve) => {
    execFile(file, [...args], { timeout: 2_000, encoding: 'utf8', env: { ...env } }, (err, stdout) =>
      resolve(err ? undefined : stdout),
    );
  });

/** Parses `gdbus call … NameHasOwner` ("(true,)") or `dbus-send --print-reply=literal` ("boolean true"). */
export function parseNameHasOwner(stdout: string): boolean | undefined {
  const text = stdout.trim();
  if (/^\(true,?\)$/.test(text) || /^boolean true$/.test(text)) return true;
  if (/^\(false,?\)$/.test(text) || /^boolean false$/.test(text)) return false;
  return undefined;
}

async function watcherPresent(run: RunCommand, env: TraySupportInput['env']): Promise<boolean | undefined> {
  const gdbus = await run(
    'gdbus',
    [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.DBus',
      '--object-path',
      '/org/freedesktop/DBus',
      '--method',
      'org.freedesktop.DBus.NameHasOwner',
      WATCHER,
    ],
    env,
  );
  if (gdbus !== undefined) return parseNameHasOwner(gdbus);
  const dbusSend = await run(
    'dbus-send',
    [
      '--session',
      '--print-reply=literal',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      `string:${WATCHER}`,
    ],
    env,
  );
  return dbusSend === undefined ? undefined : parseNameHasOwner(dbusSend);
}

export interface TraySupportInput {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  run?: RunCommand;
}

export type TraySupport = { shown: true } | { shown: false; reason: string };

export async function probeTraySupport(input: TraySupportInput): Promise<TraySupport> {
  if (input.platform !== 'linux') return { shown: true };
  if (await watcherPresent(input.run ?? runCommand, input.env)) return { shown: true };
  const desktop = (input.env.XDG_CURRENT_DESKTOP ?? '').split(':').map((d) => d.trim().toUpperCase());
  if (desktop.includes('GNOME')) {
    return {
      shown: false,
      reason:
        'GNOME shows no tray icons without the AppIndicator extension: closing the window quits camrelay',
    };
  }
  return { shown: true };
}
