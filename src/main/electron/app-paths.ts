// Where the app's files are, from Electron's own answers (app.getAppPath(), resourcesPath) rather
// than a bundle chunk's import.meta.url, which moves when the bundler splits chunks. In a package
// the app is app.asar: the renderer and preload load from inside it; the tray icons come from
// app.asar.unpacked (electron-builder's asarUnpack) because the desktop's tray host reads them as
// plain files.
import { join } from 'node:path';

export interface AppPaths {
  /** The built renderer (served on the app scheme). */
  renderer: string;
  preload: string;
  /** Tray icons and other files the OS reads itself. */
  resources: string;
}

export interface AppPathsInput {
  /** app.getAppPath(): the project root in development, …/resources/app.asar in a package. */
  appPath: string;
  isPackaged: boolean;
  /** process.resourcesPath. */
  resourcesPath: string;
  exists(path: string): boolean;
}

export function resolveAppPaths(input: AppPathsInput): AppPaths {
  const inApp = join(input.appPath, 'resources');
  const unpacked = join(input.resourcesPath, 'app.asar.unpacked', 'resources');
  return {
    renderer: join(input.appPath, 'out', 'renderer'),
    preload: join(input.appPath, 'out', 'preload', 'index.cjs'),
    resources: input.isPackaged && input.exists(unpacked) ? unpacked : inApp,
  };
}
