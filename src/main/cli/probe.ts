// `camrelay probe <url>...`: probes RTSP URLs concurrently and prints what they send. The work
// is `probe()` in src/main/rtsp/probe.ts; this file parses arguments and prints.
import { readFile } from 'node:fs/promises';
import { type ProbeResult, probe, type TlsOptions, type TransportChoice } from '../rtsp';
import { type CliCommand, parseCliArgs, UsageError, withUsage } from './command';
import { PASSWORD_ENV, resolveCredentials } from './password-source';

const HELP = `Usage: camrelay probe <url>... [options]

Describes each RTSP URL, sets up the first video and first audio stream (or every supported
one), plays, tears down, and prints the server tool, the first-frame latency and, per
stream, media, encoding, codec, dimensions, frame rate, clock rate, channels, frames, key
frames, bytes and lost packets. URLs are probed concurrently; the same URL may be given more
than once. A TEARDOWN the server leaves unanswered is waited for 2 s at most (a warning).

Options:
  --transport tcp|udp|auto   RTP transport (default tcp; auto tries UDP, then TCP on 461)
  --duration S               seconds to play (default 5, or until --frames)
  --frames N                 stop after N frames of the main stream
  --all-streams              set up every supported stream, not only video and one audio
  --user U                   user name (else the one in the URL), with its password from:
  --password-file FILE       a file holding the password (one trailing newline is dropped)
                             or the environment variable ${PASSWORD_ENV}
  --password P               or the command line (visible to other local users: avoid)
  --allow-basic              answer Basic auth over plain rtsp:// (sends the password in clear)
  --tls-fingerprint SHA256   rtsps://: accept exactly this certificate (self-signed cameras)
  --tls-ca FILE              rtsps://: also trust the CA certificate(s) in this PEM file
  --strict-timestamps        refuse several streams without RTP-Info rtptime (retina's default)
  --json                     print one JSON array, one object per URL
  -h, --help                 this help

Exit status: 0 if every URL played, 1 if any failed, 2 on bad usage.`;

export const command: CliCommand = {
  help: HELP,
  run: (argv) =>
    withUsage('probe', HELP, async () => {
      const { values, positionals } = parseCliArgs(argv, {
        allowPositionals: true,
        options: {
          transport: { type: 'string' },
          duration: { type: 'string' },
          frames: { type: 'string' },
          user: { type: 'string' },
          password: { type: 'string' },
          'all-streams': { type: 'boolean' },
          'allow-basic': { type: 'boolean' },
          'tls-fingerprint': { type: 'string' },
          'tls-ca': { type: 'string' },
          'strict-timestamps': { type: 'boolean' },
          'password-file': { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      if (positionals.length === 0) throw new UsageError('give at least one rtsp:// or rtsps:// URL');
      const transport = (values.transport ?? 'tcp') as TransportChoice;
      if (!['tcp', 'udp', 'auto'].includes(transport))
        throw new UsageError(`--transport must be tcp, udp or auto`);
      const duration = values.duration !== undefined ? Number(values.duration) : undefined;
      if (duration !== undefined && !(duration > 0 && duration <= 86_400))
        throw new UsageError('--duration must be a number of seconds > 0');
      const frames = values.frames !== undefined ? Number(values.frames) : undefined;
      if (frames !== undefined && !(Number.isInteger(frames) && frames > 0))
        throw new UsageError('--frames must be a positive integer');
      const { credentials, warning } = await resolveCredentials({
        user: values.user,
        password: values.password,
        passwordFile: values['password-file'],
        env: process.env,
      });
      if (warning) process.stderr.write(`camrelay probe: ${warning}\n`);
      const tls = await tlsOptions(values['tls-fingerprint'], values['tls-ca']);
      // The RTSP client's timers are unref'd (a library must not keep a process alive), so
      // while probes wait only on timers Node would find nothing left to run and end with
      // status 13 before printing: this command holds the process until it has printed.
      const hold = setInterval(() => undefined, 60_000);
      const results = await Promise.all(
        positionals.map((url) =>
          probe(url, {
            transport,
            ...(duration !== undefined ? { durationMs: duration * 1000 } : {}),
            ...(frames !== undefined ? { frames } : {}),
            ...(credentials ? { credentials } : {}),
            ...(tls ? { tls } : {}),
            ...(values['all-streams'] ? { streams: 'all' as const } : {}),
            ...(values['allow-basic'] ? { allowBasicAuth: true } : {}),
            ...(values['strict-timestamps'] ? { initialTimestamp: 'default' as const } : {}),
          }),
        ),
      ).finally(() => clearInterval(hold));
      if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      else process.stdout.write(results.map(formatResult).join('\n'));
      return results.some((r) => r.error) ? 1 : 0;
    }),
};

async function tlsOptions(
  fingerprint: string | undefined,
  caFile: string | undefined,
): Promise<TlsOptions | undefined> {
  if (fingerprint === undefined && caFile === undefined) return undefined;
  const out: TlsOptions = {};
  if (fingerprint !== undefined) {
    const hex = fingerprint.replace(/:/g, '');
    if (!/^[0-9a-fA-F]{64}$/.test(hex))
      throw new UsageError('--tls-fingerprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed');
    out.fingerprint256 = hex;
  }
  if (caFile !== undefined) {
    const pem = await readFile(caFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(`--tls-ca: cannot read ${caFile}: ${e.code ?? e.message}`);
    });
    if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      throw new UsageError(`--tls-ca: ${caFile} holds no PEM certificate`);
    out.ca = pem;
  }
  return out;
}

function formatResult(r: ProbeResult): string {
  const lines = [`${r.url}`];
  lines.push(
    `  tool: ${r.tool ?? '-'}   first frame: ${r.firstFrameMs !== null ? `${r.firstFrameMs} ms` : '-'}`,
  );
  if (r.error) lines.push(`  error (${r.error.kind}): ${r.error.message}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  r.streams.forEach((s, i) => {
    const dims = s.width !== null ? `${s.width}x${s.height}` : '';
    const fps = s.fps !== null ? `${s.fps} fps` : '';
    const ch = s.channels !== null && s.media === 'audio' ? `${s.channels} ch` : '';
    const what = [s.codec ?? s.encoding, dims, fps, s.clockRate !== null ? `${s.clockRate} Hz` : '', ch]
      .filter(Boolean)
      .join(', ');
    lines.push(`  stream ${i}: ${s.media} ${s.encoding} (${what})${s.setUp ? '' : ' [not set up]'}`);
    lines.push(
      `    frames ${s.frames}, key frames ${s.keyFrames}, bytes ${s.bytes}, lost packets ${s.lostPackets}`,
    );
    if (s.unsupported) lines.push(`    not depacketized: ${s.unsupported}`);
  });
  return `${lines.join('\n')}\n`;
}
