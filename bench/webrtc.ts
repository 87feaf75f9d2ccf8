// WebRTC benchmark: N viewers (default 1, 4 and 16) of one 720p30 2 Mbit/s H.264 camera (a
// pre-encoded file served by the GStreamer RTSP server), each in its own page of Debian's
// Chromium, played by `camrelay relay` three ways for the same window length:
//   - share link, relay-only: WebRTC sender + camrelay's TURN relay (what a remote viewer gets);
//   - share link, direct (host candidates): the WebRTC sender alone, so relay-only minus direct
//     is what the TURN relay costs;
//   - camrelay's own WebSocket live view (the camera page), the peer this is compared with.
// For each: camrelay's CPU per viewer-second above the camera-only baseline (from
// /proc/<pid>/stat), frames received / decoded / dropped per viewer, and for WebRTC the
// browser's jitter-buffer delay per frame. Run: npm run bench:webrtc [-- --viewers 1,4,16 --seconds 15]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from '@playwright/test';
import {
  createShare,
  launchChromium,
  type ShareHost,
  startShareHost,
  waitForLive,
} from '../e2e/share-support';
import { type RunningRtspServer, startRtspServer } from '../test/peers/rtsp-server';
import { cpuSeconds, ensureFile, FILE_720P, sleep, until } from './support';

const { values } = parseArgs({
  options: {
    viewers: { type: 'string', default: '1,4,16' },
    seconds: { type: 'string', default: '15' },
  },
});
const COUNTS = values.viewers.split(',').map(Number);
const SECONDS = Number(values.seconds);
if (COUNTS.some((n) => !Number.isInteger(n) || n < 1 || n > 32)) throw new Error('--viewers: 1 to 32 each');
// each run plays the file from its start (one non-shared session): it must not run out
if (!(SECONDS >= 5 && SECONDS <= 100)) throw new Error('--seconds: 5 to 100');

type Mode = 'relay' | 'direct' | 'live';

interface Figures {
  received: number;
  decoded: number;
  dropped: number;
  /** Σ jitter-buffer delay (s) and the frames it covers: WebRTC only. */
  jitterDelay: number;
  jitterFrames: number;
  path?: string;
}

interface Latency {
  /** presented − sent by camrelay (ms): median and 95th percentile over all viewers' frames. */
  median: number;
  p95: number;
  /** presented − last packet received (ms, median): the browser's own share. */
  inBrowser: number;
  samples: number;
}

// Page globals used inside page.evaluate (this file is type-checked for Node, without DOM).
declare const window: {
  /** Set by collectLatency: [rtpTimestamp, presented, last packet received] per frame, wall ms. */
  __benchFrames?: [number, number, number][];
  __camrelayViewer?: { state(): string; pc(): { getStats(): Promise<Map<string, Record<string, unknown>>> } };
  __camrelayLive?: {
    stats(): Promise<{
      views: { state: string; painted: number; droppedByMain: number; droppedHere: number }[];
    }>;
  };
};
declare const document: {
  querySelector(s: string): { checked: boolean; dispatchEvent(e: unknown): void } | null;
};
declare const Event: new (type: string) => unknown;

/**
 * Latency from camrelay handing a frame to the WebRTC viewers (CAMRELAY_WEBRTC_FRAME_TRACE:
 * RTP timestamp and wall time, in main) to the browser presenting it (requestVideoFrameCallback:
 * the frame's rtpTimestamp and presentation time); camrelay and Chromium share this clock.
 */
function collectLatency(page: Page): Promise<void> {
  // A string, not a function: tsx's name-keeping wrapper (__name) does not exist in the page.
  return page.evaluate(`(() => {
    const video = document.querySelector('video');
    if (!video) return;
    const frames = [];
    window.__benchFrames = frames;
    const t0 = performance.timeOrigin;
    const onFrame = (_now, m) => {
      if (m.rtpTimestamp !== undefined) frames.push([m.rtpTimestamp, t0 + m.presentationTime, t0 + (m.receiveTime ?? 0)]);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  })()`);
}

async function presentedFrames(page: Page): Promise<[number, number, number][]> {
  return (await page.evaluate(() => window.__benchFrames)) ?? [];
}

/** RTP timestamp -> wall ms when camrelay sent that frame, from the host's frame trace. */
async function sentTimes(tracePath: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const text = await readFile(tracePath, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [, ts, wall] = line.split(' ');
    if (ts !== undefined && wall !== undefined) out.set(Number(ts), Number(wall));
  }
  return out;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function webrtcFigures(page: Page): Promise<Figures> {
  return page.evaluate(async () => {
    const out = { received: 0, decoded: 0, dropped: 0, jitterDelay: 0, jitterFrames: 0, path: '' };
    const pc = window.__camrelayViewer?.pc();
    if (!pc) return out;
    const stats = await pc.getStats();
    const byId = new Map<string, Record<string, unknown>>();
    stats.forEach((s) => {
      byId.set(s.id as string, s);
    });
    for (const s of byId.values()) {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        out.received = Number(s.framesReceived ?? 0);
        out.decoded = Number(s.framesDecoded ?? 0);
        out.dropped = Number(s.framesDropped ?? 0);
        out.jitterDelay = Number(s.jitterBufferDelay ?? 0);
        out.jitterFrames = Number(s.jitterBufferEmittedCount ?? 0);
      }
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        const pair = byId.get(s.selectedCandidatePairId as string);
        out.path = String(byId.get(pair?.localCandidateId as string)?.candidateType ?? '');
      }
    }
    return out;
  });
}

async function liveFigures(page: Page): Promise<Figures> {
  const s = await page.evaluate(() => window.__camrelayLive!.stats());
  const v = s.views[0];
  const painted = v?.painted ?? 0;
  const dropped = (v?.droppedByMain ?? 0) + (v?.droppedHere ?? 0);
  return { received: painted + dropped, decoded: painted, dropped, jitterDelay: 0, jitterFrames: 0 };
}

async function openViewers(mode: Mode, sh: ShareHost, browser: Browser, n: number): Promise<Page[]> {
  const pages = await Promise.all(Array.from({ length: n }, () => browser.newPage()));
  if (mode === 'live') {
    await Promise.all(pages.map((p) => p.goto(`${sh.host.openUrl}#/camera/cam_gate`)));
    for (const p of pages) {
      await until(
        'live view playing',
        async () =>
          (await p.evaluate(() => window.__camrelayLive?.stats())) !== undefined &&
          (await p.evaluate(() => window.__camrelayLive!.stats())).views.some((v) => v.state === 'playing'),
        30_000,
      );
    }
    return pages;
  }
  const share = await createShare(sh.host, 3600, `bench ${mode}`);
  await Promise.all(pages.map((p) => p.goto(share.url)));
  if (mode === 'direct') {
    for (const p of pages) {
      await p.evaluate(() => {
        const box = document.querySelector('#direct')!;
        box.checked = true;
        box.dispatchEvent(new Event('change'));
      });
    }
  }
  // direct: whatever ICE picked that is not the relay (host or, for Chromium's mDNS-named
  // host candidates, a server-reflexive one)
  const onPath = (path: string | undefined) =>
    mode === 'relay' ? path === 'relay' : !!path && path !== 'relay';
  for (const p of pages) {
    await until(
      `${mode} viewer playing`,
      async () => {
        const f = await webrtcFigures(p);
        return onPath(f.path) && f.decoded > 0;
      },
      30_000,
    );
  }
  return pages;
}

interface Row {
  mode: Mode;
  n: number;
  cpu: number;
  perViewer: Figures;
  latency?: Latency;
}

async function measure(rtsp: RunningRtspServer, mode: Mode, n: number, baseline: number): Promise<Row> {
  const dataDir = await mkdtemp(join(tmpdir(), 'camrelay-bench-webrtc-'));
  const trace = join(dataDir, 'frame-trace.txt');
  process.env.CAMRELAY_WEBRTC_FRAME_TRACE = trace;
  const sh = await startShareHost(dataDir, rtsp.url('/cam'));
  delete process.env.CAMRELAY_WEBRTC_FRAME_TRACE;
  let browser: Browser | undefined;
  try {
    await waitForLive(await createShare(sh.host, 60, 'probe'));
    browser = await launchChromium();
    const pages = await openViewers(mode, sh, browser, n);
    const read = (p: Page) => (mode === 'live' ? liveFigures(p) : webrtcFigures(p));
    await sleep(2000);
    if (mode !== 'live') await Promise.all(pages.map(collectLatency));
    const before = await Promise.all(pages.map(read));
    const c0 = cpuSeconds(sh.host.pid);
    await sleep(SECONDS * 1000);
    const cpu = cpuSeconds(sh.host.pid) - c0;
    const after = await Promise.all(pages.map(read));
    let latency: Latency | undefined;
    if (mode !== 'live') {
      const sent = await sentTimes(trace);
      const total: number[] = [];
      const inBrowser: number[] = [];
      for (const frames of await Promise.all(pages.map(presentedFrames))) {
        for (const [ts, presented, received] of frames) {
          const at = sent.get(ts);
          if (at === undefined) continue;
          total.push(presented - at);
          if (received > 0) inBrowser.push(presented - received);
        }
      }
      total.sort((a, b) => a - b);
      inBrowser.sort((a, b) => a - b);
      latency = {
        median: quantile(total, 0.5),
        p95: quantile(total, 0.95),
        inBrowser: quantile(inBrowser, 0.5),
        samples: total.length,
      };
    }
    const sum = (k: keyof Omit<Figures, 'path'>) =>
      after.reduce((t, a, i) => t + (a[k] - before[i]![k]), 0) / n;
    return {
      mode,
      n,
      cpu: Math.max(0, cpu - baseline),
      perViewer: {
        received: sum('received'),
        decoded: sum('decoded'),
        dropped: sum('dropped'),
        jitterDelay: sum('jitterDelay'),
        jitterFrames: sum('jitterFrames'),
      },
      ...(latency ? { latency } : {}),
    };
  } finally {
    await browser?.close();
    await sh.host.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** camrelay's CPU over the window with the camera playing and nobody watching. */
async function baselineCpu(rtsp: RunningRtspServer): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'camrelay-bench-webrtc-'));
  const sh = await startShareHost(dataDir, rtsp.url('/cam'));
  try {
    await waitForLive(await createShare(sh.host, 60, 'probe'));
    await sleep(2000);
    const c0 = cpuSeconds(sh.host.pid);
    await sleep(SECONDS * 1000);
    return cpuSeconds(sh.host.pid) - c0;
  } finally {
    await sh.host.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  ensureFile();
  // Not shared: every host's one camera session plays the file from its start.
  const rtsp = await startRtspServer({ mounts: { '/cam': `file:${FILE_720P}` } });
  try {
    const baseline = await baselineCpu(rtsp);
    const rows: Row[] = [];
    for (const n of COUNTS) {
      for (const mode of ['relay', 'direct', 'live'] as const) {
        process.stderr.write(`${n} viewer(s), ${mode}...\n`);
        rows.push(await measure(rtsp, mode, n, baseline));
      }
    }
    const pct = (r: Row) => (r.cpu / SECONDS / r.n) * 100;
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    process.stdout.write(`\ncamrelay WebRTC benchmark (${new Date().toISOString()})\n`);
    process.stdout.write(
      `  machine: ${cpus().length} cores, load average ${load} at the end; 720p30 H.264 2 Mbit/s, ` +
        `${SECONDS} s per run; camera-only baseline ${((baseline / SECONDS) * 100).toFixed(1)} % of a core (subtracted)\n`,
    );
    process.stdout.write(
      '  viewers  mode    CPU % of a core per viewer  fps received  fps decoded  dropped/viewer  jitter buffer ms/frame  latency ms median / p95 (in browser)\n',
    );
    for (const r of rows) {
      const f = r.perViewer;
      const jitter = f.jitterFrames > 0 ? ((f.jitterDelay / f.jitterFrames) * 1000).toFixed(0) : '–';
      const l = r.latency;
      const latency =
        l && l.samples > 0
          ? `${l.median.toFixed(0)} / ${l.p95.toFixed(0)} (${Number.isNaN(l.inBrowser) ? '–' : l.inBrowser.toFixed(0)})`
          : '–';
      process.stdout.write(
        `  ${String(r.n).padStart(7)}  ${r.mode.padEnd(6)}  ${pct(r).toFixed(2).padStart(26)}  ` +
          `${(f.received / SECONDS).toFixed(1).padStart(12)}  ${(f.decoded / SECONDS).toFixed(1).padStart(11)}  ` +
          `${f.dropped.toFixed(0).padStart(14)}  ${jitter.padStart(22)}  ${latency.padStart(20)}\n`,
      );
    }
    process.stdout.write('  ratios (same run):\n');
    for (const n of COUNTS) {
      const by = (m: Mode) => rows.find((r) => r.n === n && r.mode === m)!;
      const relay = pct(by('relay'));
      const direct = pct(by('direct'));
      const live = pct(by('live'));
      process.stdout.write(
        `    ${n} viewer(s): WebRTC relayed / WebSocket live view ${(relay / live).toFixed(2)}x; ` +
          `TURN relay's share of the relayed cost ${relay > 0 ? (((relay - direct) / relay) * 100).toFixed(0) : '–'} %\n`,
      );
    }
    const top = rows.find((r) => r.mode === 'relay' && r.n === Math.max(...COUNTS))!;
    process.stdout.write('  targets:\n');
    const targets = [
      [`at most 2 % of a core per relayed viewer at ${top.n} viewers`, pct(top) <= 2],
      [
        `median latency (sent by camrelay to presented) under 150 ms at ${top.n} relayed viewers`,
        (top.latency?.samples ?? 0) > 0 && top.latency!.median < 150,
      ],
      [
        'no frames dropped by relayed viewers',
        rows.every((r) => r.mode !== 'relay' || r.perViewer.dropped === 0),
      ],
    ] as const;
    for (const [t, ok] of targets) process.stdout.write(`    ${ok ? 'met ' : 'MISS'}  ${t}\n`);
  } finally {
    await rtsp.stop();
  }
}

await main();
