// `camrelay turn` and `camrelay turn-credentials` as commands: a child process running the CLI
// relays for coturn's uclient with REST credentials printed by turn-credentials, logs one line
// per allocation event, serves /metrics, and stops cleanly on SIGTERM.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { killAll, type RunningPeer, runUclient, startEchoPeer, stopChild, track } from './peers/coturn';

// real peers on a shared 2-core machine: generous, bounded time per test
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const ROOT = join(import.meta.dirname, '..');
const RUN_CLI =
  "import { main } from './src/main/cli.ts'; process.exitCode = await main(process.argv.slice(1));";
const cliArgs = (args: string[]) => ['--import', 'tsx', '--input-type=module', '-e', RUN_CLI, ...args];

let cli: ChildProcess | undefined;
let peer: RunningPeer | undefined;

afterAll(async () => {
  if (cli) await stopChild(cli);
  await peer?.stop();
  killAll();
});

/** Waits (bounded) until `out()` matches `re`. */
async function waitFor(out: () => string, re: RegExp, ms: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = re.exec(out());
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${out().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('camrelay turn-credentials', () => {
  it('prints REST credentials, and JSON with --json; bad usage exits 2', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      cliArgs(['turn-credentials', '--secret', 's3cret', '--user', 'bob', '--json', '--ttl', '120']),
      {
        cwd: ROOT,
        timeout: 20_000,
      },
    );
    const c = JSON.parse(stdout) as { username: string; password: string; expiresAt: number; ttl: number };
    expect(c.username).toBe(`${c.expiresAt}:bob`);
    expect(c.ttl).toBe(120);
    expect(Math.abs(c.expiresAt - (Date.now() / 1000 + 120))).toBeLessThan(30);
    const bad = await run(process.execPath, cliArgs(['turn-credentials', '--user', 'bob']), {
      cwd: ROOT,
      timeout: 20_000,
    }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr).toMatch(/--secret/);
  });
});

describe('camrelay turn', () => {
  it('relays for uclient with REST credentials, logs allocation events, serves metrics, stops on SIGTERM', async () => {
    peer = await startEchoPeer();
    const child = track(
      spawn(
        process.execPath,
        cliArgs([
          'turn',
          '--listen',
          'udp://127.0.0.1:0',
          '--auth-secret',
          'cli-secret',
          '--allow-loopback-peers',
          '--user-quota',
          '0',
          '--metrics',
          '127.0.0.1:0',
          '--min-port',
          '40000',
          '--max-port',
          '49999',
        ]),
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    cli = child;
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const port = Number((await waitFor(() => out, /listening udp:\/\/127\.0\.0\.1:(\d+)/, 20_000))[1]);
    const metricsUrl = (await waitFor(() => out, /metrics (http:\/\/\S+)/, 5000))[1]!;

    const r = await runUclient([
      '-m',
      '2',
      '-n',
      '50',
      '-l',
      '170',
      '-u',
      'cli-user',
      '-W',
      'cli-secret',
      '-e',
      '127.0.0.1',
      '-r',
      String(peer.port),
      '-p',
      String(port),
    ]);
    expect(r.completed, r.output.slice(-1500)).toBe(true);
    expect([r.sent, r.received, r.lost]).toEqual([100, 100, 0]);
    await waitFor(
      () => out,
      /allocated a\w+ udp 127\.0\.0\.1:\d+ via 127\.0\.0\.1:\d+ user=\d+:cli-user relay-port=4\d{4}/,
      5000,
    );
    await waitFor(() => out, /channel a\w+ .* channel=0x[4-7][0-9a-f]{3}/, 5000);
    await waitFor(() => out, /closed a\w+ .* reason=refresh-zero/, 5000);

    const metrics = await (await fetch(metricsUrl)).text();
    expect(metrics).toMatch(/camrelay_turn_allocations_created_total 3/);
    expect(metrics).toMatch(/camrelay_turn_relayed_packets_total\{direction="to_peer"\} \d+/);
    expect(metrics).toMatch(/camrelay_turn_responses_total\{code="401",class="4xx"\} \d+/);
    expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    expect(await exited).toBe(0);
    clearTimeout(timer);
    expect(out).toMatch(/SIGTERM: stopping/);
    // every allocated id got a closed line (uclient's probe allocation is closed by the stop)
    const allocated = [...out.matchAll(/ allocated (a\w+) /g)].map((m) => m[1]).sort();
    const closed = [...out.matchAll(/ closed (a\w+) /g)].map((m) => m[1]).sort();
    expect(allocated.length).toBe(3);
    expect(closed).toEqual(allocated);
    expect(out).toMatch(/stopped: 3 allocations, \d+ packets relayed/);
    expect(out).toMatch(/closed a\w+ .* reason=stopped/); // uclient's probe allocation
  });

  it('a port in use exits 1 naming the listener', async () => {
    const first = track(
      spawn(process.execPath, cliArgs(['turn', '--listen', 'tcp://127.0.0.1:0', '--user', 'a:b']), {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    first.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const port = Number((await waitFor(() => out, /listening tcp:\/\/127\.0\.0\.1:(\d+)/, 20_000))[1]);
    const run = promisify(execFile);
    const err = (await run(
      process.execPath,
      cliArgs(['turn', '--listen', `tcp://127.0.0.1:${port}`, '--user', 'a:b']),
      {
        cwd: ROOT,
        timeout: 20_000,
      },
    ).catch((e: unknown) => e)) as { code: number; stderr: string };
    await stopChild(first);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain(`tcp://127.0.0.1:${port}`);
    expect(err.stderr).toMatch(/EADDRINUSE/);
  });
});
