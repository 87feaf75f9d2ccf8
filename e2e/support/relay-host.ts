// Starts `camrelay relay` (the built CLI) as a child process on a free port with its own
// data directory, and stops it. Every spec gets a fresh host.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface RelayHost {
  dataDir: string;
  /** Base URL without token, e.g. http://127.0.0.1:43210/ */
  url: string;
  /** URL with ?token= */
  openUrl: string;
  token: string;
  /** The host process (for CPU and memory readings in benchmarks). */
  pid: number;
  stderr: () => string;
  stop(): Promise<void>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'camrelay-e2e-'));
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function startRelayHost(dataDir: string, extraArgs: string[] = []): Promise<RelayHost> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'camrelay.mjs'),
      'relay',
      '--data-dir',
      dataDir,
      '--ui-listen',
      '127.0.0.1:0',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const openUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`camrelay relay did not start in 20 s:\n${err}`)),
      20_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /camrelay console: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`camrelay relay exited with ${code}:\n${err}`));
    });
  });
  const parsed = new URL(openUrl);
  const token = parsed.searchParams.get('token') ?? '';
  parsed.search = '';
  return {
    dataDir,
    url: parsed.href,
    openUrl,
    token,
    pid: child.pid ?? 0,
    stderr: () => err,
    async stop() {
      // a host killed by a signal has no exit code, only a signal code
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
