// Helpers for the console specs (console-*.spec.ts): a fresh host per test, reading what it
// saved on disk, and a few UI steps that several specs share.

import { createSocket } from 'node:dgram';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { makeDataDir, type RelayHost, removeDataDir, startRelayHost } from './support/relay-host';

export interface Ctx {
  dataDir: string;
  host: RelayHost | undefined;
}

/** Registers beforeEach/afterEach that give each test a data dir and stop its host. */
export function hostPerTest(): Ctx {
  const ctx: Ctx = { dataDir: '', host: undefined };
  test.beforeEach(async () => {
    ctx.dataDir = await makeDataDir();
  });
  test.afterEach(async () => {
    const info = test.info();
    if (ctx.host && info.status !== info.expectedStatus) await attachHostDiagnostics(ctx.host, info);
    await ctx.host?.stop();
    ctx.host = undefined;
    await removeDataDir(ctx.dataDir);
  });
  return ctx;
}

/**
 * A failed test gets what the host knew: every camera's status (state and the failure in the
 * operator's words, counted) and the host's stderr, so a failure on a busy CI machine can be
 * diagnosed from its report alone.
 */
async function attachHostDiagnostics(host: RelayHost, info: TestInfo): Promise<void> {
  let cameras = '';
  try {
    const res = await fetch(new URL('api/v1/cameras', host.url), {
      headers: { authorization: `Bearer ${host.token}` },
      signal: AbortSignal.timeout(5000),
    });
    const list = (await res.json()) as {
      status: { state: string; attempt?: number; failure?: { kind: string; detail?: string } };
    }[];
    const counts = new Map<string, number>();
    for (const { status: s } of list) {
      // times differ per camera; what they share is the state and the failure
      const key = [s.state, s.failure?.kind, s.failure?.detail].filter(Boolean).join(' | ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    cameras = [...counts].map(([status, n]) => `${n} x ${status}`).join('\n');
  } catch (e) {
    cameras = `could not read /api/v1/cameras: ${(e as Error).message}`;
  }
  await info.attach('host cameras', { body: cameras, contentType: 'text/plain' });
  // a file, not a body: reporters cut long bodies short
  const stderrFile = info.outputPath('host-stderr.txt');
  await writeFile(stderrFile, host.stderr() || '(empty)\n');
  await info.attach('host stderr', { path: stderrFile, contentType: 'text/plain' });
}

export async function start(ctx: Ctx, page: Page, hash = '#/cameras'): Promise<RelayHost> {
  ctx.host = await startRelayHost(ctx.dataDir);
  await page.goto(`${ctx.host.openUrl}${hash}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  return ctx.host;
}

export async function restart(ctx: Ctx, page: Page, hash: string): Promise<void> {
  await ctx.host?.stop();
  await start(ctx, page, hash);
}

// biome-ignore lint/suspicious/noExplicitAny: the config file is read as plain JSON
export async function readConfig(dataDir: string): Promise<any> {
  return JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8'));
}

/** Every file the host wrote, concatenated: a secret must appear in none of them in clear. */
export async function allDataText(dataDir: string): Promise<string> {
  let out = '';
  for (const f of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
    if (f.isFile()) out += await readFile(join(f.parentPath, f.name), 'utf8').catch(() => '');
  }
  return out;
}

/** Writes a config before the host starts (fast way to many cameras). */
export async function writeConfig(dataDir: string, config: unknown): Promise<void> {
  await writeFile(join(dataDir, 'config.json'), JSON.stringify(config));
}

export function cameraRecord(i: number, over: Record<string, unknown> = {}) {
  return {
    id: `cam_${String(i).padStart(4, '0')}`,
    name: `Camera ${String(i).padStart(3, '0')}`,
    // Loopback, a closed port: nothing is contacted beyond this machine.
    url: `rtsp://127.0.0.1:9/cam${i}`,
    username: '',
    transport: 'tcp',
    group: '',
    enabled: false,
    policies: {},
    createdAt: i,
    ...over,
  };
}

/** A UDP port nothing is bound to right now on 127.0.0.1 (the relay listens on UDP). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Fills the add/edit camera dialog's main fields. */
export async function fillCamera(
  page: Page,
  v: { name?: string; url?: string; username?: string; password?: string },
): Promise<void> {
  const dialog = page.getByTestId('camera-dialog');
  if (v.name !== undefined) await dialog.getByLabel('Name', { exact: true }).fill(v.name);
  if (v.url !== undefined) await dialog.getByLabel('RTSP address', { exact: true }).fill(v.url);
  if (v.username !== undefined) await dialog.getByLabel('User name', { exact: true }).fill(v.username);
  if (v.password !== undefined) await dialog.getByLabel('Password', { exact: true }).fill(v.password);
}

export async function cameraMenu(page: Page, name: string, item: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: item }).click();
}
