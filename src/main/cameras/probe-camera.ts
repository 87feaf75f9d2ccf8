// "Test connection": a short probe of a camera that is not saved yet, reported in the
// console's terms. A failure becomes a CommandFailure whose message the operator understands.
import type { ProbeReport } from '../../shared/cameras';
import type { Logger } from '../../shared/engine-log';
import { CommandFailure } from '../../shared/errors';
import { hasLive555TcpBug, probe, RtspError } from '../rtsp/index';
import type { ProbeInput } from './camera-service';
import { classifyFailure } from './failure';

export async function probeCamera(
  input: ProbeInput,
  durationMs = 2500,
  logger?: Logger,
): Promise<ProbeReport> {
  const result = await probe(input.url, {
    transport: input.transport,
    durationMs,
    ...(logger ? { logger } : {}),
    ...(input.username || input.password
      ? { credentials: { username: input.username, password: input.password ?? '' } }
      : {}),
    ...(input.policies?.tlsFingerprint ? { tls: { fingerprint256: input.policies.tlsFingerprint } } : {}),
    ...(input.policies?.basicAuthOverPlainRtsp === 'allow' ? { allowBasicAuth: true } : {}),
    ...(input.policies?.initialTimestamp ? { initialTimestamp: input.policies.initialTimestamp } : {}),
  });
  if (result.error) {
    const failure = classifyFailure(new RtspError(result.error.kind, result.error.message), Date.now());
    throw new CommandFailure({
      code: 'failed',
      kind: failure.kind,
      message: `${failure.message} (${result.error.message})`,
    });
  }
  return {
    url: result.url,
    ...(result.tool ? { tool: result.tool } : {}),
    live555Bug: hasLive555TcpBug(result.tool ?? undefined),
    ...(result.firstFrameMs !== null ? { firstFrameMs: Math.round(result.firstFrameMs) } : {}),
    streams: result.streams.map((s, index) => ({
      index,
      media: s.media,
      encoding: s.encoding,
      ...(s.codec ? { codec: s.codec } : {}),
      ...(s.width !== null ? { width: s.width } : {}),
      ...(s.height !== null ? { height: s.height } : {}),
      ...(s.fps !== null ? { fps: s.fps } : {}),
      clockRate: s.clockRate ?? 0,
      ...(s.channels !== null ? { channels: s.channels } : {}),
      ...(s.unsupported ? { unsupported: s.unsupported } : {}),
      frames: s.frames,
      keyFrames: s.keyFrames,
      bytes: s.bytes,
      lostPackets: s.lostPackets,
    })),
  };
}
