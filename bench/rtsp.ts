// RTSP client benchmark: CPU-seconds per stream-second of camrelay (one Node process, every
// stream depacketized into frames), ffmpeg (`-c copy -f null`, one process per stream) and
// GStreamer (`rtspsrc ! rtph264depay ! fakesink`, one process per stream), all pulling the
// same pre-encoded 1080p30 H.264 file at 4 Mbit/s over TCP from the GStreamer RTSP server.
// Every client is measured from /proc over the same window (after a warm-up), and the
// server separately. Run: npm run bench:rtsp [-- --streams 8,32 --seconds 20]
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startRtspServer } from '../test/peers/rtsp-server';

const here = dirname(fileURLToPath(import.meta.url));
const CACHE = join(here, '.cache');
const FILE = join(CACHE, '1080p30-h264-4M-40s.mp4');
const TICK = 100; // clock ticks per second (Linux USER_HZ)

function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK; // utime + stime
  } catch {
    return Number.NaN;
  }
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ensureFile(): void {
  if (existsSync(FILE)) return;
  mkdirSync(CACHE, { recursive: true });
  process.stderr.write(
    'making the 1080p30 4 Mbit/s test file with ffmpeg (once, cached in bench/.cache)...\n',
  );
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1920x1080:rate=30',
      '-t',
      '40',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-b:v',
      '4M',
      '-maxrate',
      '4M',
      '-bufsize',
      '8M',
      '-g',
      '60',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      FILE,
    ],
    { stdio: 'inherit' },
  );
}

// ---------- the camrelay client (run in its own process) ----------

async function clientMain(url: string, n: number, seconds: number): Promise<void> {
  const { describe } = await import('../src/main/rtsp/index');
  const sessions = await Promise.all(
    Array.from({ length: n }, async () => {
      const d = await describe(url);
      await d.setup(0, { transport: 'tcp' });
      return d.play();
    }),
  );
  let rssMax = 0;
  const rssTimer = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }, 500);
  const stop = Date.now() + seconds * 1000;
  let frames = 0;
  await Promise.all(
    sessions.map(async (p) => {
      for await (const f of p.frames()) {
        frames++;
        if (f.data.length === 0) throw new Error('empty frame');
        if (Date.now() > stop) break;
      }
    }),
  );
  clearInterval(rssTimer);
  const stats = sessions.flatMap((p) => p.stats());
  const out = {
    frames,
    lost: stats.reduce((a, s) => a + s.lost, 0),
    codecErrors: stats.reduce((a, s) => a + s.codecErrors, 0),
    rssMaxMb: Math.round(Math.max(rssMax, process.memoryUsage().rss) / 1048576),
  };
  for (const p of sessions) p.close();
  process.stdout.write(
    `RESULT ${JSON.stringify({ ...out, cpu: process.cpuUsage(), bytes: stats.reduce((a, s) => a + s.bytes, 0) })}\n`,
  );
  await sleep(200);
  process.exit(0);
}

// ---------- the harness ----------

interface Measured {
  client: string;
  streams: number;
  cpuS: number;
  serverCpuS: number;
  perStreamSecond: number;
  rssMb: number;
  lost: number | string;
}

async function measure(
  client: string,
  n: number,
  seconds: number,
  warmupS: number,
  serverPid: number,
  start: () => ChildProcess[],
  finish?: (procs: ChildProcess[]) => Promise<{ lost: number | string; rssMb?: number }>,
): Promise<Measured> {
  const procs = start();
  await sleep(warmupS * 1000);
  const pids = procs.map((p) => p.pid!);
  const c0 = pids.map(cpuSeconds);
  const s0 = cpuSeconds(serverPid);
  let rss = 0;
  for (let t = 0; t < seconds; t++) {
    await sleep(1000);
    rss = Math.max(
      rss,
      pids.reduce((a, p) => a + (rssMb(p) || 0), 0),
    );
  }
  const c1 = pids.map(cpuSeconds);
  const s1 = cpuSeconds(serverPid);
  const alive = c1.filter((x) => !Number.isNaN(x)).length;
  const cpuS = c1.reduce((a, x, i) => a + (x - c0[i]!), 0);
  const extra = finish ? await finish(procs) : { lost: 'n/a' };
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  await sleep(500);
  if (alive < procs.length)
    process.stderr.write(`warning: ${procs.length - alive} ${client} process(es) ended early\n`);
  return {
    client,
    streams: n,
    cpuS,
    serverCpuS: s1 - s0,
    perStreamSecond: cpuS / (n * seconds),
    rssMb: Math.round(extra.rssMb ?? rss),
    lost: extra.lost,
  };
}

async function benchMain(): Promise<void> {
  const { values } = parseArgs({
    options: { streams: { type: 'string', default: '8,32' }, seconds: { type: 'string', default: '20' } },
  });
  const counts = values.streams!.split(',').map(Number);
  const seconds = Number(values.seconds);
  const warmupS = 4;
  ensureFile();
  const server = await startRtspServer({ mounts: { '/file': `file:${FILE}` } });
  const url = server.url('/file');
  const serverPid = server.process.pid!;
  const rows: Measured[] = [];
  try {
    for (const n of counts) {
      rows.push(
        await measure(
          'camrelay',
          n,
          seconds,
          warmupS,
          serverPid,
          () => [
            spawn(
              process.execPath,
              [
                '--import',
                'tsx',
                fileURLToPath(import.meta.url),
                '--client',
                url,
                String(n),
                String(seconds + warmupS),
              ],
              {
                stdio: ['ignore', 'pipe', 'inherit'],
              },
            ),
          ],
          async ([p]) => {
            let out = '';
            p!.stdout!.on('data', (d: Buffer) => {
              out += d.toString();
            });
            const deadline = Date.now() + 15_000;
            while (!/RESULT /.test(out) && Date.now() < deadline && p!.exitCode === null) await sleep(100);
            const m = /RESULT (.*)/.exec(out);
            const r = m
              ? (JSON.parse(m[1]!) as { lost: number; rssMaxMb: number; codecErrors: number })
              : undefined;
            return r ? { lost: r.lost, rssMb: r.rssMaxMb } : { lost: 'no result' };
          },
        ),
      );
      rows.push(
        await measure('ffmpeg', n, seconds, warmupS, serverPid, () =>
          Array.from({ length: n }, () =>
            spawn(
              'ffmpeg',
              [
                '-hide_banner',
                '-loglevel',
                'error',
                '-rtsp_transport',
                'tcp',
                '-i',
                url,
                '-c',
                'copy',
                '-f',
                'null',
                '-',
              ],
              {
                stdio: 'ignore',
              },
            ),
          ),
        ),
      );
      rows.push(
        await measure('gstreamer', n, seconds, warmupS, serverPid, () =>
          Array.from({ length: n }, () =>
            spawn(
              'gst-launch-1.0',
              ['-q', 'rtspsrc', `location=${url}`, 'protocols=tcp', '!', 'rtph264depay', '!', 'fakesink'],
              {
                stdio: 'ignore',
              },
            ),
          ),
        ),
      );
    }
  } finally {
    await server.stop();
  }
  const fmt = (x: number, d = 4) => x.toFixed(d);
  const lines = [
    `RTSP client CPU, ${seconds} s per run after ${warmupS} s warm-up, 1080p30 H.264 4 Mbit/s over TCP from the GStreamer server`,
    '',
    'client     streams  client CPU-s  CPU-s per stream-s  server CPU-s  RSS MB  lost packets',
  ];
  for (const r of rows) {
    lines.push(
      `${r.client.padEnd(10)} ${String(r.streams).padStart(7)}  ${fmt(r.cpuS, 2).padStart(12)}  ${fmt(r.perStreamSecond).padStart(18)}  ${fmt(r.serverCpuS, 2).padStart(12)}  ${String(r.rssMb).padStart(6)}  ${String(r.lost).padStart(12)}`,
    );
  }
  lines.push('');
  for (const n of counts) {
    const get = (c: string) => rows.find((r) => r.client === c && r.streams === n)!.perStreamSecond;
    const cr = get('camrelay');
    lines.push(
      `${n} streams: camrelay / ffmpeg = ${(cr / get('ffmpeg')).toFixed(2)}x (target <= 0.3), camrelay / gstreamer = ${(cr / get('gstreamer')).toFixed(2)}x (target <= 0.4)`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--client') {
  await clientMain(argv[1]!, Number(argv[2]), Number(argv[3]));
} else {
  await benchMain();
}
