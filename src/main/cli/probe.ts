// `camrelay probe <url>...`: probes RTSP URLs concurrently and prints what they send. The work
// is `probe()` in src/main/rtsp/probe.ts; this file parses arguments and prints.
import type { TransportChoice } from '../rtsp/options';
import { type ProbeResult, probe } from '../rtsp/probe';
import { type CliCommand, parseCliArgs, UsageError, withUsage } from './command';
import { PASSWORD_ENV, resolveCredentials } from './password-source';

const HELP = `Usage: camrelay probe <url>... [options]

Describes each RTSP URL, sets up every stream, plays, tears down, and prints the server tool,
the first-frame latency and, per stream, media, encoding, codec, dimensions, frame rate,
clock rate, channels, frames, key frames, bytes and lost packets. URLs are probed
concurrently; the same URL may be given more than once.

Options:
  --transport tcp|udp|auto   RTP transport (default tcp; auto tries UDP, then TCP on 461)
  --duration S               seconds to play (default 5, or until --frames)
  --frames N                 stop after N frames of the main stream
  --user U                   user name (else the one in the URL), with its password from:
  --password-file FILE       a file holding the password (one trailing newline is dropped)
                             or the environment variable ${PASSWORD_ENV}
  --password P               or the command line (visible to other local users: avoid)
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
      const results = await Promise.all(
        positionals.map((url) =>
          probe(url, {
            transport,
            ...(duration !== undefined ? { durationMs: duration * 1000 } : {}),
            ...(frames !== undefined ? { frames } : {}),
            ...(credentials ? { credentials } : {}),
          }),
        ),
      );
      if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      else process.stdout.write(results.map(formatResult).join('\n'));
      return results.some((r) => r.error) ? 1 : 0;
    }),
};

function formatResult(r: ProbeResult): string {
  const lines = [`${r.url}`];
  lines.push(
    `  tool: ${r.tool ?? '-'}   first frame: ${r.firstFrameMs !== null ? `${r.firstFrameMs} ms` : '-'}`,
  );
  if (r.error) lines.push(`  error (${r.error.kind}): ${r.error.message}`);
  r.streams.forEach((s, i) => {
    const dims = s.width !== null ? `${s.width}x${s.height}` : '';
    const fps = s.fps !== null ? `${s.fps} fps` : '';
    const ch = s.channels !== null && s.media === 'audio' ? `${s.channels} ch` : '';
    const what = [s.codec ?? s.encoding, dims, fps, s.clockRate !== null ? `${s.clockRate} Hz` : '', ch]
      .filter(Boolean)
      .join(', ');
    lines.push(`  stream ${i}: ${s.media} ${s.encoding} (${what})`);
    lines.push(
      `    frames ${s.frames}, key frames ${s.keyFrames}, bytes ${s.bytes}, lost packets ${s.lostPackets}`,
    );
    if (s.unsupported) lines.push(`    not depacketized: ${s.unsupported}`);
  });
  return `${lines.join('\n')}\n`;
}
