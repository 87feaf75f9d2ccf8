// TURN benchmarks, every figure measured in this one run:
//  1. Data path: turnutils_uclient, 100 clients x 2000 messages x 170 bytes through a
//     turnutils_peer echo, against camrelay, coturn's turnserver (one relay thread) and a bare
//     Node UDP forwarder (bench/turn-bare-forwarder.ts: receive, send, nothing else on the
//     data path; a canned control shim lets uclient drive it). CPU-seconds of each server
//     process (/proc/PID/stat utime+stime) per relayed packet (client->peer plus peer->client),
//     loss, and the ratios. The bare forwarder runs twice: with dgram's defaults, and with the
//     IP-literal lookup camrelay's sockets use (so the ratio is also shown like for like).
//  2. Allocation rate with authentication: short clients (Allocate 401 + Allocate, Refresh 0)
//     from a Node generator, camrelay vs coturn.
//  3. Memory: camrelay's RSS with 5,000 live allocations (each with a permission and a channel).
// Run: npm run bench:turn  [-- --clients 100 --messages 2000 --interval 20 --rate 3000 --hold 5000]
// Figures are noisy on a shared 2-core machine: read the ratios, run twice if in doubt.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import {
  freeUdpPortPair,
  killAll,
  runUclient,
  startEchoPeer,
  stopChild,
  TURNSERVER,
  track,
} from '../test/peers/coturn';
import { allocationRate, holdAllocations, type LoadTarget } from './turn-load';

const here = dirname(fileURLToPath(import.meta.url));
const TICK = 100; // Linux USER_HZ
const USER = 'bench';
const PASS = 'bench-pass';

const { values: opt } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    messages: { type: 'string', default: '2000' },
    bytes: { type: 'string', default: '170' },
    interval: { type: 'string', default: '20' },
    rate: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '50' },
    hold: { type: 'string', default: '5000' },
    only: { type: 'string' },
  },
});
const N = {
  clients: Number(opt.clients),
  messages: Number(opt.messages),
  bytes: Number(opt.bytes),
  interval: Number(opt.interval),
  rate: Number(opt.rate),
  concurrency: Number(opt.concurrency),
  hold: Number(opt.hold),
};
const want = (part: string) => !opt.only || opt.only.split(',').includes(part);

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

interface Running {
  name: string;
  pid: number;
  port: number;
  auth: boolean;
  stop(): Promise<void>;
}

/** Starts a child that prints "READY <port>"; bounded wait. */
function startReady(
  name: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  auth: boolean,
): Promise<Running> {
  const child = track(
    spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} not ready in 30 s: ${out.slice(-1000)}`));
    }, 30_000);
    const on = (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ name, pid: child.pid!, port: Number(m[1]), auth, stop: () => stopChild(child, 5000) });
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before READY: ${out.slice(-1000)}`));
    });
  });
}

/** The servers run as plain bundled JavaScript (no tsx loader in their CPU time or RSS). */
const bundles: Record<string, string> = {};
async function bundle(entry: string, dir: string): Promise<string> {
  if (bundles[entry]) return bundles[entry];
  const outfile = join(dir, `${entry.replace(/\.ts$/, '')}.mjs`);
  await build({
    entryPoints: [join(here, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  bundles[entry] = outfile;
  return outfile;
}
let workDir = '';

async function startCamrelay(extra: object = {}, ulimit = false): Promise<Running> {
  const config = {
    listeners: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
    realm: 'camrelay',
    users: { [USER]: PASS },
    peers: { allowLoopback: true },
    quotas: { perUser: 0, total: 0 },
    // one source IP (the bench) makes every 401: do not throttle it here
    unauthenticatedRate: { perSecond: 1_000_000, burst: 1_000_000 },
    ...extra,
  };
  const script = await bundle('turn-server-child.ts', workDir);
  const env = { CAMRELAY_TURN_BENCH_CONFIG: JSON.stringify(config) };
  if (ulimit) {
    return startReady(
      'camrelay',
      'bash',
      ['-c', `ulimit -n 20000 2>/dev/null; exec "${process.execPath}" "${script}"`],
      env,
      true,
    );
  }
  return startReady('camrelay', process.execPath, [script], env, true);
}

async function startBare(literalLookup = false): Promise<Running> {
  const name = literalLookup ? 'bare + literal lookup' : 'bare Node forwarder';
  const env = literalLookup ? { BARE_LITERAL_LOOKUP: '1' } : {};
  return startReady(name, process.execPath, [await bundle('turn-bare-forwarder.ts', workDir)], env, false);
}

async function startCoturn(dir: string): Promise<Running> {
  const port = await freeUdpPortPair();
  const conf = join(dir, 'turnserver.conf');
  writeFileSync(
    conf,
    [
      'listening-ip=127.0.0.1',
      `listening-port=${port}`,
      'relay-ip=127.0.0.1',
      'realm=camrelay',
      `user=${USER}:${PASS}`,
      'lt-cred-mech',
      'allow-loopback-peers',
      'no-cli',
      'no-tls',
      'no-dtls',
      'no-tcp',
      'relay-threads=1',
      'min-port=50000',
      'max-port=60000',
      `userdb=${join(dir, 'turndb')}`,
      `pidfile=${join(dir, 'turnserver.pid')}`,
      'log-file=/dev/null',
      'no-stdout-log',
    ].join('\n'),
  );
  const child = track(spawn(TURNSERVER, ['-c', conf], { stdio: 'ignore' }));
  // ready when a Binding request gets an answer
  const { createSocket } = await import('node:dgram');
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const ok = await new Promise<boolean>((resolve) => {
    const req = Buffer.from('000100002112a442000102030405060708090a0b', 'hex');
    const t = setInterval(() => s.send(req, port, '127.0.0.1'), 100);
    const deadline = setTimeout(() => {
      clearInterval(t);
      resolve(false);
    }, 15_000);
    s.once('message', () => {
      clearInterval(t);
      clearTimeout(deadline);
      resolve(true);
    });
  });
  s.close();
  if (!ok) {
    await stopChild(child);
    throw new Error('coturn turnserver did not answer a Binding within 15 s');
  }
  return {
    name: 'coturn',
    pid: child.pid!,
    port,
    auth: true,
    stop: () => stopChild(child as ChildProcess, 5000),
  };
}

interface DataResult {
  name: string;
  sent: number;
  received: number;
  lost: number;
  cpu: number;
  usPerPacket: number;
}

async function dataPath(s: Running, peerPort: number): Promise<DataResult> {
  const before = cpuSeconds(s.pid);
  const creds = s.auth ? ['-u', USER, '-w', PASS] : [];
  const r = await runUclient(
    [
      '-m',
      String(N.clients),
      '-n',
      String(N.messages),
      '-l',
      String(N.bytes),
      '-z',
      String(N.interval),
      ...creds,
      '-e',
      '127.0.0.1',
      '-r',
      String(peerPort),
      '-p',
      String(s.port),
    ],
    N.messages * N.interval + 120_000,
  );
  const cpu = cpuSeconds(s.pid) - before;
  if (!r.completed) throw new Error(`uclient against ${s.name} did not finish: ${r.output.slice(-1500)}`);
  const relayed = r.sent + r.received;
  return {
    name: s.name,
    sent: r.sent,
    received: r.received,
    lost: r.lost,
    cpu,
    usPerPacket: (cpu / relayed) * 1e6,
  };
}

const f = (x: number, d = 2) => x.toFixed(d);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'camrelay-turn-bench-'));
  workDir = dir;
  const peer = await startEchoPeer();
  const out: string[] = [];
  const log = (line: string) => {
    out.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    log(`TURN benchmarks (node ${process.version}, ${new Date().toISOString()})`);
    if (want('data')) {
      log(
        `\n1. Data path: uclient -m ${N.clients} -n ${N.messages} -l ${N.bytes} -z ${N.interval} through a turnutils_peer echo`,
      );
      const results: DataResult[] = [];
      for (const start of [
        () => startBare(),
        () => startBare(true),
        () => startCamrelay(),
        () => startCoturn(dir),
      ]) {
        const s = await start();
        try {
          results.push(await dataPath(s, peer.port));
        } finally {
          await s.stop();
        }
        const r = results.at(-1)!;
        log(
          `   ${r.name.padEnd(20)} relayed ${r.sent + r.received} (sent ${r.sent}, received ${r.received}), lost ${r.lost}, CPU ${f(r.cpu)} s, ${f(r.usPerPacket)} µs/packet`,
        );
      }
      const [bare, bareLiteral, cam, co] = results as [DataResult, DataResult, DataResult, DataResult];
      log(
        `   camrelay / bare Node forwarder: ${f(cam.usPerPacket / bare.usPerPacket)}x CPU per packet (target <= 1.25x)`,
      );
      log(
        `   camrelay / bare + literal lookup (camrelay's dgram options): ${f(cam.usPerPacket / bareLiteral.usPerPacket)}x`,
      );
      log(`   camrelay / coturn:              ${f(cam.usPerPacket / co.usPerPacket)}x CPU per packet`);
    }
    if (want('rate')) {
      log(
        `\n2. Allocation rate with authentication: ${N.rate} short clients (401, Allocate, Refresh 0), ${N.concurrency} at a time, each a new socket; best of 2 rounds, servers alternating`,
      );
      // The generator runs in this process and shares the 2 cores: alternate the servers and
      // keep each one's best round, so neither profits from the other's warm-up or quiet moment.
      const best = new Map<string, { perSecond: number; line: string }>();
      for (let round = 0; round < 2; round++) {
        for (const start of [() => startCamrelay(), () => startCoturn(dir)]) {
          const s = await start();
          try {
            const target: LoadTarget = { port: s.port, user: USER, pass: PASS };
            await allocationRate(target, Math.min(300, N.rate), N.concurrency); // warm-up
            const before = cpuSeconds(s.pid);
            const r = await allocationRate(target, N.rate, N.concurrency);
            const cpu = cpuSeconds(s.pid) - before;
            const line = `   ${s.name.padEnd(20)} ${r.ok} ok, ${r.failed} failed in ${f(r.seconds)} s: ${f(r.perSecond, 0)} allocations/s, server CPU ${f((cpu / r.ok) * 1e6, 0)} µs/allocation`;
            if (!best.has(s.name) || best.get(s.name)!.perSecond < r.perSecond)
              best.set(s.name, { perSecond: r.perSecond, line });
          } finally {
            await s.stop();
          }
        }
      }
      for (const b of best.values()) log(b.line);
      const cam = best.get('camrelay')!.perSecond;
      const co = best.get('coturn')!.perSecond;
      log(`   camrelay / coturn allocation rate: ${f(cam / co)}x (target >= 1)`);
    }
    if (want('memory')) {
      log(`\n3. Memory: ${N.hold} live allocations on camrelay, each with a permission and a channel`);
      const s = await startCamrelay({}, true);
      try {
        await new Promise((r) => setTimeout(r, 500));
        const base = rssMb(s.pid);
        const held = await holdAllocations({ port: s.port, user: USER, pass: PASS }, N.hold);
        await new Promise((r) => setTimeout(r, 1000));
        const rss = rssMb(s.pid);
        log(
          `   ${held.ok} allocations held (${held.failed} failed): RSS ${f(rss, 1)} MB (${f(base, 1)} MB idle, ${f(((rss - base) * 1024) / Math.max(1, held.ok), 1)} kB per allocation) (target < 150 MB)`,
        );
        held.close();
      } finally {
        await s.stop();
      }
    }
  } finally {
    await peer.stop();
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
