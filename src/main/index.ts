// Electron entry: hands the real Electron module to the shell (electron/app-shell.ts), which
// holds the lifecycle. Passing `electron` here is also the compile-time contract: it must fit
// ShellElectron (electron/electron-api.ts), the type the contract test's fake satisfies.
import * as electron from 'electron';
import { startApp } from './electron/app-shell';

startApp(electron, {
  argv: process.argv,
  env: process.env,
  platform: process.platform,
  execPath: process.execPath,
  resourcesPath: process.resourcesPath,
});
