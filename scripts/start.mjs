#!/usr/bin/env node
// `npm start`: builds, then opens the desktop app where the Electron binary is installed,
// and otherwise starts the same host headless and prints the console URL.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npx', ['electron-vite', 'build']);

let electronPath;
try {
  // The electron package exports the binary's path; its presence means the binary was downloaded.
  const candidate = createRequire(import.meta.url)('electron');
  const { existsSync } = await import('node:fs');
  if (typeof candidate === 'string' && existsSync(candidate)) electronPath = candidate;
} catch {
  electronPath = undefined;
}

const extra = process.argv.slice(2);
if (!electronPath) {
  console.log('Electron binary not installed: starting camrelay headless. Open the URL below in a browser.');
}
const child = electronPath
  ? spawn(electronPath, ['.', ...extra], { stdio: 'inherit' })
  : spawn(process.execPath, ['bin/camrelay.mjs', 'relay', ...extra], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
