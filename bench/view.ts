// Live view benchmark: N tiles (default 16) of 720p30 H.264 from one shared GStreamer mount
// (a pre-encoded file, so the server costs almost nothing), played by `camrelay relay` and
// shown in headless Chromium (Debian's, --disable-gpu: WebCodecs' software decoder).
// Measures over the same window length:
//   - main-process CPU of `camrelay relay` with no view open, then with the grid open
//     (from /proc/<pid>/stat), per stream;
//   - arrival-to-paint latency (RTP arrival in main -> canvas draw in the renderer's worker;
//     median and p95 over every frame painted in the window);
//   - frames dropped (by main for a view behind, or in the renderer), frames painted.
// Run: npm run bench:view [-- --tiles 16 --seconds 30]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { histogramQuantile, mergeHistograms } from '../src/renderer/src/live/engine/latency';
import type { LiveStats } from '../src/shared/media';
import { startRtspServer } from '../test/peers/rtsp-server';
import {
  cpuSeconds,
  ensureFile,
  FILE_720P,
  machineBusySeconds,
  rssMb,
  sleep,
  treeCpuSeconds,
  until,
} from './support';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..');

const { values } = parseArgs({
  options: {
    tiles: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '30' },
  },
});
const TILES = Number(values.tiles);
const SECONDS = Number(values.seconds);
if (![1, 4, 9, 16].includes(TILES)) throw new Error('--tiles must be 1, 4, 9 or 16');
if (SECONDS * 2 + 50 > 150) throw new Error('--seconds: at most 50 (the test file lasts 150 s)');

interface Relay {
  child: ChildProcess;
  openUrl: string;
  url: string;
  token: string;
  playing(): number;
  log(): string;
}

async function startRelay(dataDir: string): Promise<Relay> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'camrelay.mjs'), 'relay', '--data-dir', dataDir, '--ui-listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`camrelay relay did not start:\n${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /camrelay console: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`camrelay relay exited (${code}):\n${err}`)));
  });
  const u = new URL(openUrl);
  const token = u.searchParams.get('token') ?? '';
  u.search = '';
  return {
    child,
    openUrl,
    url: u.href,
    token,
    playing: () => (err.match(/" playing/g) ?? []).length,
    log: () => err,
  };
}

// Page globals used inside page.evaluate (this file is type-checked for Node, without DOM).
interface DebugView {
  cameraId: string;
  state: string;
  painted: number;
  decoded: number;
  droppedByMain: number;
  droppedHere: number;
  skippedPaint: number;
  errors: number;
  histogram: number[];
}
declare const window: { __camrelayLive?: { stats(): Promise<{ worker: boolean; views: DebugView[] }> } };
declare const localStorage: { setItem(key: string, value: string): void };

async function main(): Promise<void> {
  ensureFile();
  const rtsp = await startRtspServer({ mounts: { '/cam': `file:${FILE_720P}` }, shared: true });
  // One reference client keeps the shared media prepared: 16 sessions racing to prepare it
  // can leave GStreamer answering 503.
  const keeper = spawn(
    'ffmpeg',
    ['-loglevel', 'quiet', '-rtsp_transport', 'tcp', '-i', rtsp.url('/cam'), '-c', 'copy', '-f', 'null', '-'],
    {
      stdio: 'ignore',
    },
  );
  await sleep(2000);
  const dataDir = await mkdtemp(join(tmpdir(), 'camrelay-bench-view-'));
  let relay: Relay | undefined;
  let browser: Browser | undefined;
  try {
    const cameras = Array.from({ length: TILES }, (_, i) => ({
      id: `cam_${String(i + 1).padStart(2, '0')}`,
      name: `Camera ${i + 1}`,
      url: rtsp.url('/cam'),
      policies: {},
    }));
    await writeFile(join(dataDir, 'config.json'), JSON.stringify({ version: 1, settings: {}, cameras }));
    relay = await startRelay(dataDir);
    const r = relay;
    const pid = r.child.pid!;
    await until(`${TILES} cameras playing`, () => r.playing() >= TILES, 90_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${r.log().split('\n').slice(-20).join('\n')}`);
    });
    await sleep(3000);

    // Views closed: the cameras play, nobody watches.
    let c0 = cpuSeconds(pid);
    await sleep(SECONDS * 1000);
    const closedCpu = cpuSeconds(pid) - c0;
    const closedRss = rssMb(pid);

    // Views open: the grid of TILES tiles.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.addInitScript(
      (layout) => localStorage.setItem('camrelay.live.grid', JSON.stringify({ layout, ids: null })),
      TILES,
    );
    await page.goto(`${r.openUrl}#/live`);
    const stats = () => page.evaluate(() => window.__camrelayLive!.stats());
    await until(
      `${TILES} tiles playing`,
      async () => (await stats()).views.filter((v) => v.state === 'playing').length === TILES,
      30_000,
    );
    await sleep(3000);
    // Chromium's processes: everything this benchmark started but the relay and the server.
    const others = new Set([pid, rtsp.process.pid ?? -1]);
    const s0 = await stats();
    c0 = cpuSeconds(pid);
    const b0 = treeCpuSeconds(process.pid, others);
    const m0 = machineBusySeconds();
    const ours = () => cpuSeconds(process.pid) + treeCpuSeconds(process.pid, new Set());
    const own0 = ours();
    await sleep(SECONDS * 1000);
    const openCpu = cpuSeconds(pid) - c0;
    const browserCpu = treeCpuSeconds(process.pid, others) - b0;
    // Everything else on the machine in the window (other users' work competes for the cores).
    const othersCpu = machineBusySeconds() - m0 - (ours() - own0);
    const s1 = await stats();
    const openRss = rssMb(pid);
    const res = await fetch(`${r.url}media/stats`, { headers: { authorization: `Bearer ${r.token}` } });
    const server = (await res.json()) as LiveStats;

    const before = new Map(s0.views.map((v) => [v.cameraId, v]));
    const histograms: number[][] = [];
    let painted = 0;
    let dropped = 0;
    let droppedByMain = 0;
    let skipped = 0;
    let errors = 0;
    for (const v of s1.views) {
      const b = before.get(v.cameraId);
      if (!b) continue;
      histograms.push(v.histogram.map((n, i) => n - (b.histogram[i] ?? 0)));
      painted += v.painted - b.painted;
      droppedByMain += v.droppedByMain - b.droppedByMain;
      dropped += v.droppedByMain - b.droppedByMain + (v.droppedHere - b.droppedHere);
      skipped += v.skippedPaint - b.skippedPaint;
      errors += v.errors - b.errors;
    }
    const all = mergeHistograms(histograms);
    const median = histogramQuantile(all, 0.5);
    const p95 = histogramQuantile(all, 0.95);
    const perStream = (cpu: number) => ((cpu / SECONDS / TILES) * 100).toFixed(2);
    const ratio = openCpu / closedCpu;

    const rows: [string, string][] = [
      ['tiles / seconds measured', `${TILES} x 720p30 H.264 2 Mbit/s, ${SECONDS} s (worker: ${s1.worker})`],
      ['latency arrival -> paint, median', `${median?.toFixed(1)} ms`],
      ['latency arrival -> paint, p95', `${p95?.toFixed(1)} ms`],
      ['frames painted', `${painted} (${(painted / SECONDS / TILES).toFixed(1)} fps per tile)`],
      [
        'frames dropped (by main / in total)',
        `${droppedByMain} / ${dropped}; decoded but not painted ${skipped}; decoder errors ${errors}`,
      ],
      [
        'main CPU, views closed',
        `${perStream(closedCpu)} % of a core per stream (${closedCpu.toFixed(2)} CPU-s)`,
      ],
      ['main CPU, views open', `${perStream(openCpu)} % of a core per stream (${openCpu.toFixed(2)} CPU-s)`],
      ['main CPU open / closed', `${ratio.toFixed(2)}x`],
      ['main RSS closed / open', `${closedRss.toFixed(0)} MB / ${openRss.toFixed(0)} MB`],
      ['Chromium CPU (all processes)', `${((browserCpu / SECONDS) * 100).toFixed(0)} % of a core`],
      [
        'main: sent / dropped (whole run)',
        `${server.subscriptions.reduce((n, s) => n + s.sent, 0)} / ${server.subscriptions.reduce((n, s) => n + s.dropped, 0)}`,
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\ncamrelay live view benchmark (${new Date().toISOString()})\n`);
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    process.stdout.write(
      `  machine: ${cpus().length} cores, load average ${load} at the end; other processes used ` +
        `${((othersCpu / SECONDS) * 100).toFixed(0)} % of a core during the views-open window\n`,
    );
    for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
    const targets = [
      ['median latency < 100 ms', median !== undefined && median < 100],
      [`no drops at ${TILES} tiles`, dropped === 0],
      ['main CPU open <= 1.5x closed', ratio <= 1.5],
    ] as const;
    process.stdout.write('  targets:\n');
    for (const [t, ok] of targets) process.stdout.write(`    ${ok ? 'met ' : 'MISS'}  ${t}\n`);
  } finally {
    await browser?.close();
    if (relay && relay.child.exitCode === null) {
      const exited = new Promise((done) => relay!.child.once('exit', done));
      relay.child.kill('SIGTERM');
      await exited;
    }
    keeper.kill('SIGTERM');
    await rtsp.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
