// `camrelay relay` refuses to start on a key file it cannot use, with one line that says what
// is wrong and what to do (no stack trace), and leaves the file alone.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const RUN_CLI =
  "import { main } from './src/main/cli.ts'; process.exitCode = await main(process.argv.slice(1));";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camrelay-relay-cli-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html>');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runRelay(
  dataDir: string,
  extra: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        RUN_CLI,
        'relay',
        '--data-dir',
        dataDir,
        '--ui-listen',
        '127.0.0.1:0',
        ...extra,
      ],
      { cwd: ROOT, timeout: 30_000, env: { ...process.env, CAMRELAY_RENDERER_DIR: join(dir, 'renderer') } },
      (err, stdout, stderr) =>
        resolve({ code: (err as { code?: number } | null)?.code ?? 0, stdout, stderr }),
    );
  });
}

describe('camrelay relay start-up', () => {
  it('a wrong-sized secret.key stops the start with one clear line', async () => {
    const data = join(dir, 'data');
    await mkdir(data);
    const key = randomBytes(16);
    await writeFile(join(data, 'secret.key'), key);
    const { code, stdout, stderr } = await runRelay(data);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^camrelay relay: .*secret\.key is 16 bytes long; .*32 random bytes\. Put the original/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(join(data, 'secret.key'))).toEqual(key);
  });

  it('--restream-listen on a network address without a restream user is refused with one line', async () => {
    const { code, stdout, stderr } = await runRelay(join(dir, 'data'), ['--restream-listen', '0.0.0.0:0']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr
      .trim()
      .split('\n')
      .filter((l) => !/ info /.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^camrelay relay: cannot restream on 0\.0\.0\.0:0: refusing .* without a restream user/,
    );
  });
});
