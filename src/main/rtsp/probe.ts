// `probe(url)`: describe, set up every stream, play for a time or a number of frames, tear
// down, and report what the camera sends. Never throws: a failure is in `error`. Used by
// `camrelay probe` and by the console's "Test connection".
import { type Clock, systemClock } from './clock';
import type { TlsOptions } from './connection';
import { RtspError, type RtspErrorKind } from './error';
import { SessionGroup } from './group';
import type { TransportChoice } from './options';
import { type DescribedSession, type PlayingSession, describe as rtspDescribe } from './session';
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
  /** Why the stream could not be depacketized, if so. */
  unsupported?: string;
}

export interface ProbeResult {
  /** The URL probed, without credentials. */
  url: string;
  tool: string | null;
  firstFrameMs: number | null;
  streams: ProbeStream[];
  error?: { kind: RtspErrorKind; message: string };
}

export async function probe(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const clock = options.clock ?? systemClock;
  const start = clock.now();
  const result: ProbeResult = { url: redactUrl(url), tool: null, firstFrameMs: null, streams: [] };
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
    });
    result.tool = described.tool ?? null;
    for (const s of described.streams)
      if (s.description) await described.setup(s.index, { transport: options.transport ?? 'tcp' });
    playing = await described.play();
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
      throw new RtspError('timeout', `no frame within ${options.firstFrameTimeoutMs ?? 15_000} ms`);
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
    if (described) {
      result.streams = described.streams.map((s) => {
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
          ...(s.unsupportedReason !== undefined ? { unsupported: s.unsupportedReason } : {}),
        };
      });
    }
    playing?.close();
    described?.close();
    const failures = await group.awaitTeardown();
    if (failures.length > 0 && !result.error) {
      result.error = {
        kind: failures[0]!.error.kind,
        message: `TEARDOWN failed: ${failures[0]!.error.message}`,
      };
    }
  }
  return result;
}
