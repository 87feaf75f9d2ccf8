// "Start at login". Electron's setLoginItemSettings only works on macOS and Windows; on Linux
// desktops follow the XDG Autostart spec: a .desktop entry in $XDG_CONFIG_HOME/autostart
// (~/.config/autostart by default). Every platform starts the app hidden (--hidden on Linux and
// Windows; on macOS the shell reads getLoginItemSettings().wasOpenedAtLogin).
import { mkdir, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { CodedError } from '../../shared/coded-error';
import type { ShellApp } from './electron-api';

export const HIDDEN_FLAG = '--hidden';
const DESKTOP_FILE = 'camrelay.desktop';

export class AutostartError extends CodedError<{ 'unquotable-argument': { argument: string } }> {}

export interface AutostartOptions {
  platform: NodeJS.Platform;
  app: Pick<ShellApp, 'setLoginItemSettings' | 'isPackaged' | 'getAppPath'>;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  /** process.execPath: the Electron binary (or the packaged app). */
  execPath: string;
}

export interface Autostart {
  /** Where the Linux entry lives (undefined elsewhere). */
  readonly desktopFile: string | undefined;
  apply(enabled: boolean): Promise<void>;
}

/** $XDG_CONFIG_HOME/autostart/camrelay.desktop; a relative XDG_CONFIG_HOME is ignored, as the spec says. */
export function autostartFile(env: AutostartOptions['env'], homeDir: string): string {
  const configHome =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homeDir, '.config');
  return join(configHome, 'autostart', DESKTOP_FILE);
}

const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One Exec= value from argv, per the Desktop Entry spec: an argument with a reserved character
 * is double-quoted with " ` $ \ escaped inside; % is doubled (field codes); then the value's own
 * string escaping doubles every backslash. Control characters cannot be written and are refused.
 */
export function desktopExec(argv: readonly string[]): string {
  const quoted = argv.map((arg) => {
    if (/[\x00-\x1f\x7f]/.test(arg) || arg === '') {
      throw new AutostartError(
        'unquotable-argument',
        `cannot write ${JSON.stringify(arg)} into a desktop entry`,
        { argument: arg },
      );
    }
    const escaped = arg.replaceAll('%', '%%');
    return RESERVED.test(escaped) ? `"${escaped.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : escaped;
  });
  return quoted.join(' ').replaceAll('\\', '\\\\');
}

/** The command that starts this app hidden: the AppImage itself when run from one. */
export function launchCommand(options: AutostartOptions): string[] {
  const command = options.env.APPIMAGE || options.execPath;
  // Unpackaged (`electron .`), the Electron binary needs the app's directory first.
  const app = options.app.isPackaged ? [] : [options.app.getAppPath()];
  return [command, ...app, HIDDEN_FLAG];
}

export function desktopEntry(argv: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=camrelay',
    'Comment=Camera and relay manager, started in the tray at login',
    `Exec=${desktopExec(argv)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function createAutostart(options: AutostartOptions): Autostart {
  if (options.platform !== 'linux') {
    return {
      desktopFile: undefined,
      async apply(enabled) {
        // args reach Windows' Run key; macOS ignores them and reports wasOpenedAtLogin instead.
        options.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
      },
    };
  }
  const file = autostartFile(options.env, options.homeDir);
  return {
    desktopFile: file,
    async apply(enabled) {
      if (!enabled) {
        await rm(file, { force: true });
        return;
      }
      const entry = desktopEntry(launchCommand(options));
      await mkdir(dirname(file), { recursive: true });
      await writeFileAtomic(file, entry, { mode: 0o644 });
    },
  };
}
