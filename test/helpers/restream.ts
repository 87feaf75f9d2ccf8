// Shared by the restream tests: camrelay's RTSP client feeding a FrameFanOut (as a camera
// supervisor does), a counting TCP proxy in front of a camera, bounded waits, and real clients
// run to their end (ffmpeg, VLC as an unprivileged user). No test-framework import.
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import type { FrameFanOut } from '../../src/main/restream/index';
import { type PlayingSession, describe as rtspDescribe } from '../../src/main/rtsp/index';

/** camrelay's RTSP client playing `url` (TCP) into `into`. */
export async function feed(url: string, into: FrameFanOut): Promise<PlayingSession> {
  const d = await rtspDescribe(url);
  for (const s of d.streams) if (s.supported) await d.setup(s.index, { transport: 'tcp' });
  const p = await d.play();
  void (async () => {
    try {
      for await (const f of p.frames()) into.onFrame(f, p.streams);
    } catch {
      // closed by the test
    }
  })();
  return p;
}

/** Polls `check` until true, at most `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A TCP proxy to `port` that counts the connections it took (what the camera saw). */
export async function countingProxy(
  port: number,
): Promise<{ server: Server; port: number; connections(): number }> {
  let n = 0;
  const server = createServer((socket) => {
    n += 1;
    const upstream = tcpConnect(port, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as { port: number }).port, connections: () => n };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  /** Output so far (the last 200 KB). */
  stdout(): string;
  stderr(): string;
  /** Called with each chunk of stdout. */
  onStdout(fn: (chunk: string) => void): void;
  done: Promise<Run>;
  kill(): void;
}

/** Starts a command, killed after `ms`. */
export function start(cmd: string, args: string[], ms = 25_000): Running {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners: ((chunk: string) => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    const s = d.toString();
    stdout = (stdout + s).slice(-200_000);
    for (const l of listeners) l(s);
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  const done = new Promise<Run>((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    onStdout: (fn) => listeners.push(fn),
    done,
    kill: () => child.kill('SIGKILL'),
  };
}

/** Runs a command to its end, killed after `ms`. */
export function run(cmd: string, args: string[], ms = 25_000): Promise<Run> {
  return start(cmd, args, ms).done;
}

/** ffmpeg decoding the video of `url` and printing one framemd5 line per frame on stdout. */
export function ffmpegArgs(url: string, transport: 'tcp' | 'udp', frames?: number): string[] {
  return [
    ...['-hide_banner', '-nostats', '-loglevel', 'error', '-rtsp_transport', transport, '-i', url],
    ...['-map', '0:v', ...(frames === undefined ? [] : ['-frames:v', String(frames)]), '-f', 'framemd5', '-'],
  ];
}

/** Arrival times (ms) of the frames an ffmpeg decodes, one framemd5 line each, flushed per frame. */
export function frameClock(u: string, transport: 'tcp' | 'udp', ms = 40_000) {
  const times: number[] = [];
  const args = ffmpegArgs(u, transport);
  args.splice(args.length - 1, 0, '-flush_packets', '1'); // an output option, before `-`
  const p = start('ffmpeg', args, ms);
  let partial = '';
  p.onStdout((chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    const now = performance.now();
    for (const l of lines) if (/^0,/.test(l)) times.push(now);
  });
  return { times, p };
}

/** Decoded video frames ffmpeg printed (framemd5 lines of stream 0). */
export function decodedFrames(stdout: string): number {
  return stdout.split('\n').filter((l) => /^0,/.test(l)).length;
}

/** A command as an unprivileged user when we are root (VLC refuses to run as root). */
export function asUnprivileged(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['runuser', ['-u', 'nobody', '--', cmd, ...args]];
}

/** Sends one RTSP request on a raw socket and waits (bounded) for the response head. */
export function rtspAsk(s: Socket, lines: string[], ms = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no answer: ${text}`)), ms);
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        clearTimeout(timer);
        s.off('data', onData);
        resolve(text);
      }
    };
    s.on('data', onData);
    s.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/**
 * A TCP client that SETUPs and PLAYs `url` (track 0, interleaved) and then never reads again:
 * the kernel buffers fill, then the server's backlog for it.
 */
export async function stalledClient(host: string, port: number, url: string): Promise<Socket> {
  const s = tcpConnect(port, host);
  s.on('error', () => {});
  await new Promise((r) => s.once('connect', r));
  const setup = await rtspAsk(s, [
    `SETUP ${url}/trackID=0 RTSP/1.0`,
    'CSeq: 1',
    'Transport: RTP/AVP/TCP;unicast;interleaved=0-1',
  ]);
  const session = /Session: ([0-9a-f]+)/.exec(setup)?.[1];
  if (!session) throw new Error(`SETUP failed: ${setup}`);
  const play = await rtspAsk(s, [`PLAY ${url}/ RTSP/1.0`, 'CSeq: 2', `Session: ${session}`]);
  if (!/ 200 /.test(play)) throw new Error(`PLAY failed: ${play}`);
  s.pause();
  return s;
}
