// Real RTSP servers from Debian that nobody here wrote, started on free ports for interop
// tests and killed by `stop()`: Debian's RTSP::Server (`rtsp-server-perl`, a relay fed by an
// ffmpeg RECORD push) and VLC's RTP stream output with an RTSP front (`cvlc --sout
// '#rtp{sdp=rtsp://...}'`, run as an unprivileged user since VLC refuses root).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RTSP_SERVER_PERL = '/usr/bin/rtsp-server-perl';
export const CVLC = '/usr/bin/cvlc';

export interface RunningPeer {
  url: string;
  stop(): Promise<void>;
  /** The peers' recent stderr, for a failing test's message. */
  log(): string;
}

export async function freeTcpPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function spawnLogged(cmd: string, args: string[], logs: string[]): ChildProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => {
    logs.push(d.toString());
    if (logs.length > 50) logs.shift();
  });
  child.on('error', (e) => logs.push(`${cmd}: ${e.message}`));
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(t);
}

/** Polls until `probe` resolves true, bounded by `ms`; `what` names it in the error. */
export async function waitFor(probe: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`${what} not ready after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether a DESCRIBE of `url` answers 200 with an SDP (the stream is being fed). */
export async function describable(url: string): Promise<boolean> {
  const { describe } = await import('../../src/main/rtsp/session');
  const d = await describe(url, { teardownPolicy: 'never', connectTimeoutMs: 1000, responseTimeoutMs: 2000 });
  const ok = d.streams.length > 0;
  d.close();
  return ok;
}

/**
 * RTSP::Server with an ffmpeg push of H.264 video (and AAC audio unless `audio: false`) on
 * `/live`. The server answers PLAY without RTP-Info and never answers TEARDOWN over UDP;
 * it serves UDP only (SETUP over TCP is a 400).
 */
export async function startRtspServerPerl(o: { audio?: boolean } = {}): Promise<RunningPeer> {
  const logs: string[] = [];
  const [clientPort, sourcePort, rtpStart] = [await freeTcpPort(), await freeTcpPort(), await freeUdpPort()];
  const server = spawnLogged(
    RTSP_SERVER_PERL,
    [
      '--clientport',
      String(clientPort),
      '--serverport',
      String(sourcePort),
      '--client_listen_address',
      '127.0.0.1',
      '--source_listen_address',
      '127.0.0.1',
      '--rtp_start_port',
      String(rtpStart & ~1),
      '--loglevel',
      '1',
    ],
    logs,
  );
  let feeder: ChildProcess | undefined;
  const stop = async () => {
    await Promise.all([feeder ? kill(feeder) : undefined, kill(server)]);
  };
  try {
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = net.connect(sourcePort, '127.0.0.1', () => {
            s.destroy();
            resolve(true);
          });
          s.on('error', () => resolve(false));
        }),
      'rtsp-server-perl',
    );
    feeder = spawnLogged(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-re',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x240:rate=15',
        ...(o.audio === false ? [] : ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000']),
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-tune',
        'zerolatency',
        '-g',
        '15',
        ...(o.audio === false ? [] : ['-c:a', 'aac']),
        '-f',
        'rtsp',
        `rtsp://127.0.0.1:${sourcePort}/live`,
      ],
      logs,
    );
    const url = `rtsp://127.0.0.1:${clientPort}/live`;
    await waitFor(() => describable(url), 'rtsp-server-perl fed by ffmpeg');
    return { url, stop, log: () => logs.join('') };
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}: ${logs.join('').slice(-2000)}`);
  }
}

/** Runs a command as an unprivileged user when we are root (VLC refuses to run as root). */
function asUnprivileged(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['runuser', ['-u', 'nobody', '--', cmd, ...args]];
}

/**
 * VLC streaming a generated H.264 file over RTP with an RTSP front at `/x`, looping: at the
 * end of each loop it sends RTCP BYE. UDP only (SETUP over TCP is a 461).
 */
export async function startVlc(o: { seconds?: number } = {}): Promise<RunningPeer> {
  const logs: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'camrelay-vlc-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'clip.mp4');
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=15',
    '-t',
    String(o.seconds ?? 4),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '15',
    '-pix_fmt',
    'yuv420p',
    file,
  ]);
  chmodSync(file, 0o644);
  const port = await freeTcpPort();
  const [cmd, args] = asUnprivileged(CVLC, [
    '-q',
    '--no-audio',
    file,
    '--loop',
    '--sout',
    `#rtp{sdp=rtsp://127.0.0.1:${port}/x}`,
  ]);
  const vlc = spawnLogged(cmd, args, logs);
  const stop = async () => {
    await kill(vlc);
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `rtsp://127.0.0.1:${port}/x`;
  try {
    await waitFor(() => describable(url), 'VLC');
    return { url, stop, log: () => logs.join('') };
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}: ${logs.join('').slice(-2000)}`);
  }
}
