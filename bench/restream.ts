// Restream benchmark: one camera (the GStreamer RTSP server sending the pre-encoded 1080p30
// H.264 4 Mbit/s file, as bench/rtsp.ts uses), relayed to N ffmpeg consumers over TCP by
// camrelay (RTSP client -> FrameFanOut -> RestreamServer, in its own Node process) and by a
// GStreamer relay doing the same fan-out (gst-rtsp-server, a shared mount `rtspsrc !
// rtph264depay ! rtph264pay`). The relay process alone is measured from /proc over the same
// window after a warm-up: CPU per consumer-second, peak RSS; and at the consumers, frames per
// second (ffmpeg -progress), so a relay that falls behind shows as loss; camrelay also
// reports its drops to key frames. Each run starts a new relay and a new camera session.
// Run: npm run bench:restream [-- --consumers 1,8,32 --seconds 20]
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { holdStream, type RunningRtspServer, startRtspServer } from '../test/peers/rtsp-server';
import { cpuSeconds, ensureFile1080p, FILE_1080P, rssMb, sleep, until } from './support';

const FPS = 30;

// ---------- camrelay's relay (run in its own process) ----------

async function relayMain(cameraUrl: string): Promise<void> {
  const { FrameFanOut, RestreamServer } = await import('../src/main/restream/index');
  const { describe } = await import('../src/main/rtsp/index');
  const fanOut = new FrameFanOut();
  const d = await describe(cameraUrl);
  for (const s of d.streams) if (s.supported) await d.setup(s.index, { transport: 'tcp' });
  const playing = await d.play();
  void (async () => {
    for await (const f of playing.frames()) fanOut.onFrame(f, playing.streams);
  })();
  const server = new RestreamServer({ port: 0, maxSessions: 1024, maxConnections: 1024 });
  server.setPath('cam', fanOut);
  await server.listen();
  process.stdout.write(`READY ${server.port}\n`);
  setInterval(() => {
    const drops = server.stats.drops + server.consumers().reduce((a, c) => a + c.drops, 0);
    process.stdout.write(`STATS ${JSON.stringify({ drops, consumers: server.consumers().length })}\n`);
  }, 1000);
  process.once('SIGTERM', () => process.exit(0));
}

// ---------- the harness ----------

interface Relay {
  url: string;
  pid: number;
  /** camrelay's drops to key frames so far (undefined for GStreamer). */
  drops(): number | undefined;
  stop(): Promise<void>;
}

async function startCamrelay(cameraUrl: string): Promise<Relay> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--relay', cameraUrl],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  let port = 0;
  let drops = 0;
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = out.split('\n');
    out = lines.pop()!;
    for (const l of lines) {
      if (l.startsWith('READY ')) port = Number(l.slice(6));
      if (l.startsWith('STATS ')) drops = (JSON.parse(l.slice(6)) as { drops: number }).drops;
    }
  });
  await until('camrelay relay to listen', () => port > 0 || child.exitCode !== null, 30_000);
  if (!port) throw new Error('camrelay relay ended before listening');
  return {
    url: `rtsp://127.0.0.1:${port}/cam`,
    pid: child.pid!,
    drops: () => drops,
    stop: () => stopChild(child),
  };
}

async function startGstreamer(cameraUrl: string): Promise<Relay> {
  const relay: RunningRtspServer = await startRtspServer({
    mounts: { '/cam': `relay:${cameraUrl}` },
    shared: true,
  });
  return {
    url: relay.url('/cam'),
    pid: relay.process.pid!,
    drops: () => undefined,
    stop: () => relay.stop(),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(t);
}

/** An ffmpeg consumer (`-c copy`), its frame count from -progress. */
function consumer(url: string): { proc: ChildProcess; frames(): number } {
  const proc = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostats', '-rtsp_transport', 'tcp', '-i', url],
      ...['-map', '0:v', '-c', 'copy', '-f', 'null', '-', '-progress', 'pipe:1', '-stats_period', '0.5'],
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let frames = 0;
  let rest = '';
  proc.stdout!.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop()!;
    for (const l of lines) if (l.startsWith('frame=')) frames = Number(l.slice(6));
  });
  return { proc, frames: () => frames };
}

interface Row {
  relay: string;
  consumers: number;
  cpuS: number;
  perConsumerSecond: number;
  rssMb: number;
  minFps: number;
  meanFps: number;
  drops: number | undefined;
}

async function measure(
  name: string,
  start: (cameraUrl: string) => Promise<Relay>,
  camera: RunningRtspServer,
  n: number,
  seconds: number,
  warmupS: number,
): Promise<Row> {
  const relay = await start(camera.url('/file'));
  // Debian's gst-rtsp-server can abort when many clients PLAY a shared live media the moment
  // it starts; one held session first makes it safe. camrelay gets the same extra consumer.
  const hold = await holdStream(relay.url);
  const consumers: ReturnType<typeof consumer>[] = [];
  try {
    for (let i = 0; i < n; i++) {
      consumers.push(consumer(relay.url));
      await sleep(50);
    }
    await sleep(warmupS * 1000);
    const f0 = consumers.map((c) => c.frames());
    const c0 = cpuSeconds(relay.pid);
    const d0 = relay.drops();
    const t0 = performance.now();
    let rss = rssMb(relay.pid);
    for (let t = 0; t < seconds; t++) {
      await sleep(1000);
      rss = Math.max(rss, rssMb(relay.pid));
    }
    const cpuS = cpuSeconds(relay.pid) - c0;
    const elapsed = (performance.now() - t0) / 1000;
    const fps = consumers.map((c, i) => (c.frames() - f0[i]!) / elapsed);
    const d1 = relay.drops();
    const dead = consumers.filter((c) => c.proc.exitCode !== null).length;
    if (dead > 0) process.stderr.write(`warning: ${dead} ffmpeg consumer(s) of ${name} ended early\n`);
    return {
      relay: name,
      consumers: n,
      cpuS,
      perConsumerSecond: cpuS / ((n + 1) * elapsed),
      rssMb: Math.round(rss),
      minFps: Math.min(...fps),
      meanFps: fps.reduce((a, b) => a + b, 0) / fps.length,
      drops: d0 === undefined || d1 === undefined ? undefined : d1 - d0,
    };
  } finally {
    for (const c of consumers) c.proc.kill('SIGKILL');
    hold.stop();
    await relay.stop();
    await sleep(500);
  }
}

async function benchMain(): Promise<void> {
  const { values } = parseArgs({
    options: { consumers: { type: 'string', default: '1,8,32' }, seconds: { type: 'string', default: '20' } },
  });
  const counts = values.consumers!.split(',').map(Number);
  const seconds = Number(values.seconds);
  const warmupS = 4;
  if (seconds + warmupS > 35) throw new Error('--seconds at most 31: the camera file is 45 s long');
  ensureFile1080p();
  const camera = await startRtspServer({ mounts: { '/file': `file:${FILE_1080P}` } });
  const rows: Row[] = [];
  try {
    for (const n of counts) {
      rows.push(await measure('camrelay', startCamrelay, camera, n, seconds, warmupS));
      rows.push(await measure('gstreamer', startGstreamer, camera, n, seconds, warmupS));
    }
  } finally {
    await camera.stop();
  }
  const f = (x: number, d: number) => x.toFixed(d);
  const lines = [
    `Restream fan-out, ${seconds} s per run after ${warmupS} s warm-up: one 1080p30 H.264 4 Mbit/s camera (GStreamer file server), N ffmpeg consumers over TCP (+1 held session)`,
    '',
    'relay      consumers  relay CPU-s  CPU-s per consumer-s  RSS MB  fps min/mean  drops',
  ];
  for (const r of rows) {
    lines.push(
      `${r.relay.padEnd(10)} ${String(r.consumers).padStart(9)}  ${f(r.cpuS, 2).padStart(11)}  ${f(r.perConsumerSecond, 5).padStart(20)}  ${String(r.rssMb).padStart(6)}  ${`${f(r.minFps, 1)}/${f(r.meanFps, 1)}`.padStart(12)}  ${String(r.drops ?? 'n/a').padStart(5)}`,
    );
  }
  lines.push('');
  for (const n of counts) {
    const get = (relay: string) => rows.find((r) => r.relay === relay && r.consumers === n)!;
    const c = get('camrelay');
    const g = get('gstreamer');
    const loss = c.minFps < FPS * 0.97 ? ` (camrelay consumers below ${FPS} fps: ${f(c.minFps, 1)})` : '';
    lines.push(
      `${n} consumers: camrelay / gstreamer CPU per consumer = ${(c.perConsumerSecond / g.perConsumerSecond).toFixed(2)}x (target <= 0.5), camrelay RSS ${c.rssMb} MB (target < 200)${loss}`,
    );
  }
  // The cost of one more consumer, apart from the camera session both relays pay once (in a
  // Node process that fixed part, not the fan-out, dominates the per-consumer figure).
  if (counts.length >= 2) {
    const lo = Math.min(...counts);
    const hi = Math.max(...counts);
    const marginal = (relay: string) => {
      const a = rows.find((r) => r.relay === relay && r.consumers === lo)!;
      const b = rows.find((r) => r.relay === relay && r.consumers === hi)!;
      return (b.cpuS - a.cpuS) / ((hi - lo) * seconds);
    };
    const mc = marginal('camrelay');
    const mg = marginal('gstreamer');
    lines.push(
      `each consumer added (${lo} -> ${hi}): camrelay ${f(mc * 100, 3)} % of a core, gstreamer ${f(mg * 100, 3)} %: ${mg > 0 ? (mc / mg).toFixed(2) : 'n/a'}x`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--relay') {
  await relayMain(argv[1]!);
} else {
  await benchMain();
}
