// coturn's command-line tools (Debian package `coturn`) as real TURN peers for tests and
// benchmarks: turnutils_peer (UDP echo), turnutils_uclient (load client), turnutils_stunclient,
// and turnserver itself (the reference server, in benchmarks). Every child is tracked so that
// `killAll()` in afterAll ends them even when a test failed midway; every wait is bounded.
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';

export const UCLIENT = '/usr/bin/turnutils_uclient';
export const PEER = '/usr/bin/turnutils_peer';
export const STUNCLIENT = '/usr/bin/turnutils_stunclient';
export const TURNSERVER = '/usr/bin/turnserver';

const children = new Set<ChildProcess>();

export function coturnToolsInstalled(): boolean {
  return [UCLIENT, PEER, STUNCLIENT].every((p) => existsSync(p));
}

/** Kills every child these helpers started and is still running (SIGKILL). */
export function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}

export function track(c: ChildProcess): ChildProcess {
  children.add(c);
  c.once('exit', () => children.delete(c));
  return c;
}

/** A UDP port free right now (and its successor, for uclient's RTCP peer port). */
export async function freeUdpPortPair(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 6000) * 2;
    if ((await udpPortFree(port, host)) && (await udpPortFree(port + 1, host))) return port;
  }
  throw new Error('no free UDP port pair found in 50 attempts');
}

function udpPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    s.once('error', () => resolve(false));
    s.bind(port, host, () => s.close(() => resolve(true)));
  });
}

/** Whether IPv6 loopback (::1) can be bound here. */
export function ipv6LoopbackAvailable(): Promise<boolean> {
  return udpPortFree(0, '::1');
}

export interface RunningPeer {
  port: number;
  stop(): Promise<void>;
}

/** turnutils_peer echoing on host:port (and port + 1); resolves once it echoes. */
export async function startEchoPeer(port?: number, host = '127.0.0.1'): Promise<RunningPeer> {
  const p = port ?? (await freeUdpPortPair(host));
  const child = track(spawn(PEER, ['-L', host, '-p', String(p)], { stdio: 'ignore' }));
  const stop = () => stopChild(child);
  if (!(await echoes(p, 5000, host))) {
    await stop();
    throw new Error(`turnutils_peer on port ${p} did not echo within 5 s`);
  }
  return { port: p, stop };
}

/** Sends probes until one comes back (bounded by `timeoutMs`). */
function echoes(port: number, timeoutMs: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const probe = Buffer.from('camrelay-probe');
    let timer: NodeJS.Timeout;
    const finish = (ok: boolean) => {
      clearInterval(timer);
      clearTimeout(deadline);
      s.close();
      resolve(ok);
    };
    const deadline = setTimeout(() => finish(false), timeoutMs);
    s.on('message', () => finish(true));
    s.on('error', () => undefined);
    s.bind(0, host, () => {
      timer = setInterval(() => s.send(probe, port, host), 50);
    });
  });
}

export function stopChild(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface UclientResult {
  code: number | null;
  output: string;
  sent: number;
  received: number;
  lost: number;
  sendDropped: number;
  /** The run finished (printed its totals) rather than being killed by the timeout. */
  completed: boolean;
}

/** Parses turnutils_uclient's summary lines. */
export function parseUclient(output: string): Omit<UclientResult, 'code' | 'output'> {
  const totals = [...output.matchAll(/tot_send_msgs=(\d+), tot_recv_msgs=(\d+)\s*$/gm)].at(-1);
  const lost = /Total lost packets (\d+)/.exec(output);
  const dropped = /total send dropped (\d+)/.exec(output);
  return {
    sent: totals ? Number(totals[1]) : 0,
    received: totals ? Number(totals[2]) : 0,
    lost: lost ? Number(lost[1]) : -1,
    sendDropped: dropped ? Number(dropped[1]) : -1,
    completed: lost !== null,
  };
}

/** Runs turnutils_uclient with `args` against 127.0.0.1; killed after `timeoutMs`. */
export function runUclient(args: string[], timeoutMs = 60_000): Promise<UclientResult> {
  const child = track(spawn(UCLIENT, [...args, '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  const add = (d: Buffer) => {
    output = (output + d.toString()).slice(-200_000);
  };
  child.stdout!.on('data', add);
  child.stderr!.on('data', add);
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(t);
      resolve({ code, output, ...parseUclient(output) });
    });
  });
}

/** Runs turnutils_stunclient against 127.0.0.1:port; the reflexive address it printed. */
export function runStunclient(
  port: number,
  timeoutMs = 10_000,
): Promise<{ code: number | null; output: string }> {
  const child = track(
    spawn(STUNCLIENT, ['-p', String(port), '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(t);
      resolve({ code, output });
    });
  });
}
