#!/usr/bin/env node
// The `camrelay` command. It runs the built CLI (npm run build makes out/main/cli.js); the
// CLI is plain Node: it never loads Electron.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'main', 'cli.js');
if (!existsSync(built)) {
  process.stderr.write(`camrelay: the CLI is not built yet. Run \`npm run build\` in ${root} first.\n`);
  process.exit(2);
}
const { runCli } = await import(pathToFileURL(built).href);
await runCli(process.argv.slice(2));
