// `probe(url)`: describe, set up the streams a viewer uses (video and one audio, or every
// supported one), play for a time or a number of frames, tear down, and report what the
// camera sends. Never throws: a failure is in `error`. It reports on time: a TEARDOWN the
// server leaves unanswered is waited for only `teardownWaitMs`, then left to run in the
// background. Used by `camrelay probe` and by the console's "Test connection".
import type { Logger } from '../../shared/engine-log';
import { type Clock, sleep, systemClock } from './clock';
import type { TlsOptions } from './connection';
import { RtspError, type RtspErrorKind } from './error';
import { SessionGroup } from './group';
import type { InitialTimestampPolicy, TransportChoice } from './options';
import { type DescribedSession, type PlayingSession, describe as rtspDescribe } from './session';
import { type StreamSelection, selectStreams } from './stream-select';
import { type Credentials, redactUrl } from './url';

export interface ProbeOptions {
  transport?: TransportChoice;
  /** How long to play (default 5000 ms unless `frames` is given). */
  durationMs?: number;
  /** Stop after this many frames of the main stream (the first video stream, else the first). */
  frames?: number;
  credentials?: Credentials;
  tls?: TlsOptions;
  clock?: Clock;
  signal?: AbortSignal;
  /** Limit for everything before the first frame, ms (default 15 000). */
  firstFrameTimeoutMs?: number;
  /** 'main' (default): the first video and first audio stream; 'all': every supported one. */
  streams?: StreamSelection;
  /** Default 'permissive': play servers whose RTP-Info lacks rtptime (RTSP::Server), with a warning. */
  initialTimestamp?: InitialTimestampPolicy;
  /** Longest wait for the TEARDOWN after playing, ms (default 2000); it goes on in the background. */
  teardownWaitMs?: number;
  /** Answer a Basic challenge over plain rtsp:// (the password goes in clear). Default false. */
  allowBasicAuth?: boolean;
  /** The session's diagnostics (see SessionOptions.logger). */
  logger?: Logger;
}

export interface ProbeStream {
  media: string;
  encoding: string;
  codec: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  clockRate: number | null;
  channels: number | null;
  frames: number;
  keyFrames: number;
  /** RTP bytes received. */
  bytes: number;
  lostPackets: number;
  /** RTP timestamps that stepped back by more than half a second (the sender restarted). */
  timestampJumpsBack: number;
  /** The stream was not set up (not used: a second video or audio track, or unsupported). */
  setUp: boolean;
  /** Why the stream could not be depacketized, if so. */
  unsupported?: string;
}

export interface ProbeResult {
  /** The URL probed, without credentials. */
  url: string;
  tool: string | null;
  firstFrameMs: number | null;
  streams: ProbeStream[];
  /** What the probe tolerated or could not finish (e.g. a TEARDOWN left unanswered). */
  warnings: string[];
  error?: { kind: RtspErrorKind; message: string };
}

const DEFAULT_TEARDOWN_WAIT_MS = 2000;

export async function probe(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const clock = options.clock ?? systemClock;
  const start = clock.now();
  const result: ProbeResult = {
    url: redactUrl(url),
    tool: null,
    firstFrameMs: null,
    streams: [],
    warnings: [],
  };
  const group = new SessionGroup({ name: `probe ${result.url}`, clock });
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let described: DescribedSession | undefined;
  let playing: PlayingSession | undefined;
  const firstFrameTimer = clock.setTimeout(() => abort.abort(), options.firstFrameTimeoutMs ?? 15_000);
  let durationTimer: ReturnType<Clock['setTimeout']> | undefined;
  const firstSeen: number[] = [];
  const lastSeen: number[] = [];
  const videoFrames: number[] = [];
  try {
    described = await rtspDescribe(url, {
      group,
      clock,
      signal: abort.signal,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.allowBasicAuth ? { allowBasicAuth: true } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    result.tool = described.tool ?? null;
    const used = selectStreams(described.streams, options.streams ?? 'main');
    if (used instanceof RtspError) throw used;
    for (const s of used) await described.setup(s.index, { transport: options.transport ?? 'tcp' });
    playing = await described.play({ initialTimestamp: options.initialTimestamp ?? 'permissive' });
    result.warnings.push(...playing.warnings.map((w) => w.message));
    const streams = playing.streams;
    const main = streams.find((s) => s.supported && s.media === 'video') ?? streams.find((s) => s.supported);
    const wantFrames = options.frames;
    const duration = options.durationMs ?? (wantFrames === undefined ? 5000 : undefined);
    let mainFrames = 0;
    for await (const f of playing.frames(abort.signal)) {
      if (result.firstFrameMs === null) {
        result.firstFrameMs = Math.round(clock.now() - start);
        clock.clearTimeout(firstFrameTimer);
        if (duration !== undefined) durationTimer = clock.setTimeout(() => abort.abort(), duration);
      }
      const i = f.streamIndex;
      if (firstSeen[i] === undefined) firstSeen[i] = f.timestamp;
      lastSeen[i] = f.timestamp;
      if (f.kind === 'video') videoFrames[i] = (videoFrames[i] ?? 0) + 1;
      if (main !== undefined && i === main.index && wantFrames !== undefined && ++mainFrames >= wantFrames)
        break;
    }
    const err = playing.error;
    if (err && !(err.kind === 'closed')) throw err;
    if (result.firstFrameMs === null && abort.signal.aborted && !options.signal?.aborted) {
      throw new RtspError('timeout', `no frame within ${options.firstFrameTimeoutMs ?? 15_000} ms`, {
        phase: 'frames',
      });
    }
  } catch (e) {
    const err =
      e instanceof RtspError ? e : new RtspError('protocol', e instanceof Error ? e.message : String(e));
    result.error = { kind: err.kind, message: err.message };
  } finally {
    clock.clearTimeout(firstFrameTimer);
    if (durationTimer !== undefined) clock.clearTimeout(durationTimer);
    options.signal?.removeEventListener('abort', onOuterAbort);
    const stats = playing?.stats() ?? [];
    const d = described;
    if (d) {
      result.streams = d.streams.map((s) => {
        const st = stats.find((x) => x.index === s.index);
        const p = s.parameters;
        const clockRate = s.clockRate ?? null;
        const vf = videoFrames[s.index] ?? 0;
        const span = (lastSeen[s.index] ?? 0) - (firstSeen[s.index] ?? 0);
        const measuredFps =
          vf > 1 && span > 0 && clockRate ? Math.round(((vf - 1) * clockRate * 100) / span) / 100 : null;
        return {
          media: s.media,
          encoding: s.encodingName,
          codec: p?.kind === 'video' || p?.kind === 'audio' ? (p.rfc6381Codec ?? p.codec) : null,
          width: p?.kind === 'video' ? p.width : null,
          height: p?.kind === 'video' ? p.height : null,
          fps: p?.kind === 'video' ? (p.frameRate ?? measuredFps ?? s.frameRate ?? null) : null,
          clockRate,
          channels: p?.kind === 'audio' ? p.channels : (s.channels ?? null),
          frames: st?.frames ?? 0,
          keyFrames: st?.keyFrames ?? 0,
          bytes: st?.bytes ?? 0,
          lostPackets: st?.lost ?? 0,
          timestampJumpsBack: st?.timestampJumpsBack ?? 0,
          setUp: d.transportOf(s.index) !== undefined,
          ...(s.unsupportedReason !== undefined ? { unsupported: s.unsupportedReason } : {}),
        };
      });
    }
    for (const s of result.streams)
      if (s.timestampJumpsBack > 0)
        result.warnings.push(
          `${s.media} ${s.encoding}: RTP timestamps jumped back ${s.timestampJumpsBack} time(s) (the server restarted its stream)`,
        );
    playing?.close();
    described?.close();
    await reportTeardown(group, result, clock, options.teardownWaitMs ?? DEFAULT_TEARDOWN_WAIT_MS);
  }
  return result;
}

/**
 * Waits for the TEARDOWN at most `waitMs`. RTSP::Server never answers TEARDOWN on a UDP
 * session, and the 'always' policy then retries on fresh connections until the session
 * expires (a minute): the probe reports what it saw instead, and the TEARDOWN carries on.
 */
async function reportTeardown(
  group: SessionGroup,
  result: ProbeResult,
  clock: Clock,
  waitMs: number,
): Promise<void> {
  const timedOut = Symbol('timed out');
  const deadline = new AbortController();
  const failures = await Promise.race([
    group.awaitTeardown(),
    sleep(clock, waitMs, deadline.signal).then(
      () => timedOut,
      () => timedOut,
    ),
  ]);
  deadline.abort();
  if (typeof failures === 'symbol') {
    result.warnings.push(
      `TEARDOWN not answered within ${waitMs} ms; it goes on in the background until the session expires`,
    );
    return;
  }
  if (failures.length > 0 && !result.error) {
    result.error = {
      kind: failures[0]!.error.kind,
      message: `TEARDOWN failed: ${failures[0]!.error.message}`,
    };
  }
}
