// Starts test/peers/rtsp-server.py (a GStreamer RTSP server) for tests and benchmarks.
// `startRtspServer({ mounts: { '/cam': 'h264-aac' } })` -> { port, url('/cam'), stop() }.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type MountKind =
  | 'h264-aac'
  | 'h264'
  | 'h265'
  | 'mjpeg'
  | 'g711'
  | 'pcmu'
  | 'opus'
  | `file:${string}`
  | `relay:${string}`;

export interface RtspServerOptions {
  /** Mount path -> kind, e.g. { '/cam': 'h264-aac' }. */
  mounts: Record<string, MountKind>;
  /** 0 (default): any free port. */
  port?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Key frame every N frames (x264/x265 key-int-max). */
  keyInt?: number;
  /** kbit/s. */
  bitrate?: number;
  /** videotestsrc pattern (default ball); `snow` is incompressible, so frames fill the bitrate. */
  pattern?: string;
  users?: Array<{ name: string; password: string }>;
  auth?: 'basic' | 'digest';
  shared?: boolean;
  /** How long to wait for READY (default 20 s). */
  startTimeoutMs?: number;
}

export interface RunningRtspServer {
  port: number;
  /** rtsp://127.0.0.1:port/mount, with user:password@ when given. */
  url(mount: string, user?: { name: string; password: string }): string;
  /** RTSP clients connected right now, as the server last reported. */
  clients(): number;
  /** The child process (e.g. to kill it mid-play). */
  process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after 2 s); resolves when it has exited. */
  stop(): Promise<void>;
}

export const PYTHON = '/usr/bin/python3';
export const SERVER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'rtsp-server.py');

/** Whether the GStreamer RTSP server can run here (Debian python3 with gi present). */
export function rtspServerAvailable(): boolean {
  return existsSync(PYTHON);
}

export function startRtspServer(o: RtspServerOptions): Promise<RunningRtspServer> {
  const args = [SERVER_SCRIPT, '--port', String(o.port ?? 0)];
  for (const [path, kind] of Object.entries(o.mounts)) args.push('--mount', `${path}=${kind}`);
  if (o.width) args.push('--width', String(o.width));
  if (o.height) args.push('--height', String(o.height));
  if (o.fps) args.push('--fps', String(o.fps));
  if (o.keyInt) args.push('--key-int', String(o.keyInt));
  if (o.bitrate) args.push('--bitrate', String(o.bitrate));
  if (o.pattern) args.push('--pattern', o.pattern);
  for (const u of o.users ?? []) args.push('--user', `${u.name}:${u.password}`);
  if (o.auth) args.push('--auth', o.auth);
  if (o.shared) args.push('--shared');
  const child = spawn(PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  // A test peer that dies mid-test explains the failures after it: say so, with its last words.
  child.once('exit', (code, sig) => {
    if (!stopping) process.stderr.write(`rtsp-server.py died (${code ?? sig}): ${stderr.slice(-1500)}\n`);
  });
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(t);
    }
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let clients = 0;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`rtsp-server.py not ready after ${o.startTimeoutMs ?? 20000} ms: ${stderr}`));
    }, o.startTimeoutMs ?? 20_000);
    let ready = false;
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const counts = [...out.matchAll(/^CLIENTS (-?\d+)$/gm)];
      if (counts.length > 0) clients = Number(counts.at(-1)![1]);
      const m = /READY (\d+)/.exec(out);
      out = out.slice(out.lastIndexOf('\n') + 1); // keep only the unfinished last line
      if (ready || !m) return;
      ready = true;
      clearTimeout(timer);
      const port = Number(m[1]);
      resolve({
        port,
        process: child,
        clients: () => clients,
        url: (mount, user) =>
          `rtsp://${user ? `${encodeURIComponent(user.name)}:${encodeURIComponent(user.password)}@` : ''}127.0.0.1:${port}${mount}`,
        stop,
      });
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`rtsp-server.py exited (${code ?? sig}) before READY: ${stderr}`));
    });
  });
}

/**
 * Keeps one session playing on a shared mount until `stop()`. Debian's gst-rtsp-server can
 * abort (`gst_rtsp_media_get_rates: assertion failed`) when many clients PLAY a shared live
 * media at the very moment it starts; a media already playing takes them safely.
 */
export async function holdStream(url: string, transport: 'tcp' | 'udp' = 'tcp'): Promise<{ stop(): void }> {
  const { describe } = await import('../../src/main/rtsp/session');
  const session = await describe(url, { teardownPolicy: 'never' });
  for (const s of session.streams) if (s.supported) await session.setup(s.index, { transport });
  const playing = await session.play();
  // Drain frames in the background so the connection never backs up.
  void (async () => {
    try {
      for await (const _ of playing.frames()) {
        // discard
      }
    } catch {
      // the session ended (stop() or the server went away)
    }
  })();
  return { stop: () => playing.close() };
}
