#!/usr/bin/env node
// `npm start`: builds, then opens the desktop app where the Electron binary is installed,
// and otherwise starts the same host headless and prints the console URL.
import { spawn, spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npx', ['electron-vite', 'build']);

// electron's path.txt names the downloaded binary; require('electron') would try to download
// a missing one instead of telling us it is not there.
const { existsSync, readFileSync } = await import('node:fs');
const pathFile = 'node_modules/electron/path.txt';
const candidate = existsSync(pathFile)
  ? `node_modules/electron/dist/${readFileSync(pathFile, 'utf8').trim()}`
  : undefined;
const electronPath = candidate && existsSync(candidate) ? candidate : undefined;

const extra = process.argv.slice(2);
if (!electronPath) {
  console.log('Electron binary not installed: starting camrelay headless. Open the URL below in a browser.');
}
const child = electronPath
  ? spawn(electronPath, ['.', ...extra], { stdio: 'inherit' })
  : spawn(process.execPath, ['bin/camrelay.mjs', 'relay', ...extra], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
