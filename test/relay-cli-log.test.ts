// `camrelay relay --log-level` and CAMRELAY_DEBUG as a command: a bad level is a usage error
// (exit 2); CAMRELAY_DEBUG=restream prints the restream engine's debug lines (each request)
// on stderr while the level keeps every other engine quiet; `camrelay turn --log-level debug`
// prints a line per TURN request.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { rtspAsk } from './helpers/restream';
import { stopChild } from './peers/coturn';
import { freeTcpPort } from './peers/field-servers';

const ROOT = join(import.meta.dirname, '..');
const RUN_CLI =
  "import { main } from './src/main/cli.ts'; process.exitCode = await main(process.argv.slice(1));";
const cliArgs = (args: string[]) => ['--import', 'tsx', '--input-type=module', '-e', RUN_CLI, ...args];

let cli: ChildProcess | undefined;
let dir: string | undefined;

afterAll(async () => {
  if (cli) await stopChild(cli);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function waitFor(out: () => string, re: RegExp, ms: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = re.exec(out());
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${out().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('camrelay relay --log-level', () => {
  it('refuses an unknown level with exit 2', async () => {
    const run = promisify(execFile);
    const bad = await run(process.execPath, cliArgs(['relay', '--log-level', 'loud']), {
      cwd: ROOT,
      timeout: 30_000,
    }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr).toMatch(/--log-level expects one of debug, info, warn/);
  });

  it('CAMRELAY_DEBUG=restream prints each restream request; other engines stay at the level', async () => {
    dir = await mkdtemp(join(tmpdir(), 'camrelay-relay-log-'));
    const port = await freeTcpPort();
    cli = spawn(
      process.execPath,
      cliArgs([
        'relay',
        '--data-dir',
        dir,
        '--ui-listen',
        '127.0.0.1:0',
        '--restream-listen',
        `127.0.0.1:${port}`,
        '--log-level',
        'error',
      ]),
      { cwd: ROOT, env: { ...process.env, CAMRELAY_DEBUG: 'restream' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    let out = '';
    cli.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    cli.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await waitFor(() => out + err, /camrelay console:/, 60_000);
    const s = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
    const answer = await rtspAsk(s, [`OPTIONS rtsp://127.0.0.1:${port}/x RTSP/1.0`, 'CSeq: 7']);
    s.destroy();
    expect(answer).toMatch(/^RTSP\/1.0 200/);
    const line = await waitFor(() => err, /^.*DEBUG restream OPTIONS .*$/m, 10_000);
    expect(line[0]).toMatch(/status=200 cseq=7 from=127\.0\.0\.1/);
    // At level error nothing else of the engines is printed at debug.
    expect(err).not.toMatch(/DEBUG (?!restream)/);
  }, 90_000);
});

describe('camrelay turn --log-level', () => {
  it('debug prints one line per request (a STUN Binding from a bare UDP socket)', async () => {
    const { createSocket } = await import('node:dgram');
    const { randomBytes } = await import('node:crypto');
    const probe = createSocket('udp4');
    await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    probe.close(); // a free UDP port for the server (bound again by it just below)
    const turn = spawn(
      process.execPath,
      cliArgs(['turn', '--listen', `udp://127.0.0.1:${port}`, '--user', 'u:p', '--log-level', 'debug']),
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    let out = '';
    turn.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    turn.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    try {
      await waitFor(() => out + err, /listening|started/i, 60_000);
      const client = createSocket('udp4');
      const binding = Buffer.concat([
        Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]),
        randomBytes(12),
      ]);
      const answered = new Promise<Buffer>((r) => client.once('message', r));
      client.send(binding, port, '127.0.0.1');
      const answer = await answered;
      client.close();
      expect(answer.readUInt16BE(0)).toBe(0x0101); // Binding success
      const line = await waitFor(() => err, /^.*DEBUG turn:request .*$/m, 10_000);
      expect(line[0]).toMatch(/binding/i);
      expect(line[0]).toContain('127.0.0.1');
    } finally {
      await stopChild(turn);
    }
  }, 90_000);
});
