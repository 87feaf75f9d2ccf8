// Starts the Electron shell against the fake Electron, around a real host (real config, state and
// IPC payloads; no cameras or TURN), in its own temp directories: the contract tests' harness.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { IPC } from '../../../shared/api';
import { createHost, type Host, type HostOptions } from '../../host';
import { type AppShellOptions, startApp } from '../app-shell';
import type { TraySupport } from '../tray-support';
import { createFakeElectron, type FakeElectron } from './fake-electron';

export interface Launched {
  fake: FakeElectron;
  root: string;
  appDir: string;
  reports: string[];
  host: () => Host;
  started: Promise<string>;
}

const roots: string[] = [];
const running: FakeElectron[] = [];
/** For afterEach: quits what a test left running, then removes its directories. */
export async function cleanUpLaunched(): Promise<void> {
  // Quit whatever a test left running, so its host closes before the directories go.
  for (const fake of running.splice(0)) {
    if (fake.app.exitCode === undefined) fake.app.quit();
  }
  await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
}

export async function launch(
  opts: {
    argv?: string[];
    env?: Record<string, string>;
    platform?: NodeJS.Platform;
    tray?: TraySupport;
    ready?: boolean;
    hostWrapper?: (host: Host) => Host;
    createHost?: AppShellOptions['createHost'];
    before?: (fake: FakeElectron, root: string) => void | Promise<void>;
  } = {},
): Promise<Launched> {
  const root = await mkdtemp(join(tmpdir(), 'camrelay-shell-'));
  roots.push(root);
  const appDir = join(root, 'app');
  await mkdir(join(appDir, 'out', 'renderer'), { recursive: true });
  await writeFile(join(appDir, 'out', 'renderer', 'index.html'), '<!doctype html><title>camrelay</title>');
  await writeFile(join(root, 'app', 'secret.txt'), 'not for the renderer');
  const fake = createFakeElectron();
  running.push(fake);
  fake.app.appPath = appDir;
  await opts.before?.(fake, root);
  const reports: string[] = [];
  let host: Host | undefined;
  const shell = startApp(fake.electron, {
    argv: opts.argv ?? ['/opt/camrelay/camrelay'],
    env: { CAMRELAY_DATA_DIR: join(root, 'data'), XDG_CONFIG_HOME: join(root, 'xdg'), ...opts.env },
    platform: opts.platform ?? 'linux',
    execPath: '/opt/electron/electron',
    resourcesPath: join(root, 'resources'),
    homeDir: join(root, 'home'),
    probeTray: async () => opts.tray ?? { shown: true },
    report: (m) => reports.push(m),
    quitDeadlineMs: 200,
    createHost:
      opts.createHost ??
      (async (o: HostOptions) => {
        const real = await createHost({ ...o, cameraRuntime: null, relayRuntime: null });
        host = opts.hostWrapper ? opts.hostWrapper(real) : real;
        return host;
      }),
  });
  if (opts.ready !== false) fake.app.becomeReady();
  return {
    fake,
    root,
    appDir,
    reports,
    host: () => {
      if (!host) throw new Error('no host yet');
      return host;
    },
    started: shell.started,
  };
}

/** The first window, once it has loaded and shown (ready-to-show comes after loadURL). */
export async function mainWindow(fake: FakeElectron) {
  await expect.poll(() => fake.windows.length).toBe(1);
  return fake.windows[0]!;
}

export const settings = (l: Launched, patch: Record<string, unknown>) => {
  const wc = l.fake.windows[0]!.webContents;
  return l.fake.invoke(IPC.command('updateSettings'), l.fake.ipcEvent(wc), patch);
};
