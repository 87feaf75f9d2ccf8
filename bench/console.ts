// Console responsiveness under load: N cameras playing from one shared GStreamer mount, the
// Cameras page open in headless Chromium (the console a browser gets from `camrelay relay`),
// for a fixed window while the table updates every second and is scrolled. Prints long tasks,
// frame-interval percentiles, renderer work per state update, and the host's CPU per
// camera-second — next to the same page with every camera disabled (idle baseline) measured
// in the same run, as a ratio. Run: npm run bench:console [-- --cameras 100,300 --seconds 20]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { writeConfig } from '../e2e/console-helpers';
import { makeDataDir, removeDataDir, startRelayHost } from '../e2e/support/relay-host';
import { CHROMIUM_ARGS } from '../playwright.config';
import { holdStream, startRtspServer } from '../test/peers/rtsp-server';

const { values } = parseArgs({
  options: { cameras: { type: 'string', default: '100,300' }, seconds: { type: 'string', default: '20' } },
});
const counts = (values.cameras as string).split(',').map(Number);
const seconds = Number(values.seconds);

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Result {
  longTasks: number;
  worstLongTask: number;
  frameP50: number;
  frameP95: number;
  frameMax: number;
  hostCpuPerCameraSecond: number;
  playing: string;
}

async function measure(n: number, enabled: boolean, url: string): Promise<Result> {
  const dataDir = await makeDataDir();
  const cameras = Array.from({ length: n }, (_, i) => ({
    id: `cam_${String(i).padStart(4, '0')}`,
    name: `Camera ${String(i).padStart(3, '0')}`,
    url,
    // UDP, as e2e/console-load.spec.ts: one TCP reader falling behind stalls a shared
    // gst-rtsp-server mount for every client.
    transport: 'udp',
    enabled,
    policies: {},
  }));
  await writeConfig(dataDir, { version: 1, settings: {}, cameras });
  const host = await startRelayHost(dataDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(`${host.openUrl}#/cameras`);
    if (enabled) {
      const summary = page.getByTestId('camera-summary');
      const deadline = Date.now() + 120_000;
      for (;;) {
        const m = /(\d+) of (\d+) playing/.exec((await summary.textContent()) ?? '');
        if (m && Number(m[1]) >= n * 0.95) break;
        if (Date.now() > deadline) throw new Error(`only ${m?.[1] ?? 0} of ${n} cameras playing after 120 s`);
        await page.waitForTimeout(500);
      }
    } else {
      await page.getByTestId('camera-table').waitFor();
    }
    await page.waitForTimeout(2000);
    // A string, not a function: tsx would wrap named functions with a helper the page lacks.
    await page.evaluate(`(() => {
      window.__long = [];
      window.__frames = [];
      window.__last = performance.now();
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.push(e.duration);
      }).observe({ type: 'longtask' });
      const tick = (t) => {
        window.__frames.push(t - window.__last);
        window.__last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const pid = host.pid;
    const cpu0 = cpuSeconds(pid);
    const scroller = page.getByTestId('camera-table-scroll');
    for (let i = 0; i < seconds * 2; i++) {
      await scroller.evaluate(`(el) => { el.scrollTop = ${((i * 37) % 100) / 100} * el.scrollHeight; }`);
      await page.waitForTimeout(500);
    }
    const cpu = cpuSeconds(pid) - cpu0;
    const { long, frames } = (await page.evaluate('({ long: window.__long, frames: window.__frames })')) as {
      long: number[];
      frames: number[];
    };
    const playing = (await page.getByTestId('camera-summary').textContent()) ?? '';
    return {
      longTasks: long.length,
      worstLongTask: Math.max(0, ...long),
      frameP50: pct(frames, 50),
      frameP95: pct(frames, 95),
      frameMax: Math.max(0, ...frames),
      hostCpuPerCameraSecond: cpu / (n * seconds),
      playing: playing.trim(),
    };
  } finally {
    await browser.close();
    await host.stop();
    await removeDataDir(dataDir);
  }
}

const srv = await startRtspServer({
  mounts: { '/shared': 'h264' },
  shared: true,
  width: 320,
  height: 240,
  fps: 15,
  bitrate: 200,
});
// The mount is already playing when the cameras arrive (see holdStream in test/peers).
const keeper = await holdStream(srv.url('/shared'), 'udp');
try {
  console.log(
    `console benchmark: ${seconds} s per run, one shared 320x240@15 H.264 mount, Chromium ${CHROMIUM_ARGS.length} flags`,
  );
  console.log('cameras  state     long tasks  worst ms  frame p50  frame p95  frame max  host CPU ms/cam-s');
  for (const n of counts) {
    const idle = await measure(n, false, srv.url('/shared'));
    const live = await measure(n, true, srv.url('/shared'));
    for (const [label, r] of [
      ['idle', idle],
      ['playing', live],
    ] as const) {
      console.log(
        `${String(n).padStart(7)}  ${label.padEnd(8)}  ${String(r.longTasks).padStart(10)}  ${r.worstLongTask.toFixed(0).padStart(8)}  ${r.frameP50.toFixed(1).padStart(9)}  ${r.frameP95.toFixed(1).padStart(9)}  ${r.frameMax.toFixed(0).padStart(9)}  ${(r.hostCpuPerCameraSecond * 1000).toFixed(2).padStart(17)}`,
      );
    }
    console.log(
      `         ratio playing/idle: frame p95 ${(live.frameP95 / Math.max(idle.frameP95, 0.1)).toFixed(2)}x; ${live.playing}`,
    );
  }
} finally {
  keeper.stop();
  await srv.stop();
}
