// One camera's connect / play / back-off loop. States (reported through `onStatus`):
// connecting -> playing -> backing-off -> (waiting-stale) -> connecting ... and disabled once
// stopped. Before every connect it waits until its SessionGroup has no stale session that
// may still be playing on the camera. Time comes from the injected clock.
//
// Lifetimes: the supervisor's AbortController lives as long as the camera runs; each
// attempt has its own controller linked to it, and every listener an attempt or a wait adds
// is removed when it ends, so a camera that fails for days holds nothing per attempt.
// Refused logins follow the camera's AuthGate (auth-schedule.ts), not the reconnect back-off.
import type { CameraFailure } from '../../shared/cameras';
import {
  type PlayingSession,
  RtspError,
  redactUrl,
  describe as rtspDescribe,
  type StreamInfo,
  type StreamStats,
  selectStreams,
  sleep,
} from '../rtsp';
import { linkedController } from './abort';
import { backoffDelay } from './backoff';
import { authHold, classifyFailure, noSupportedStream } from './failure';
import {
  freshCounters,
  type PlayCounters,
  type SupervisorConfig,
  type SupervisorDeps,
  type SupervisorHooks,
} from './supervisor-types';

export type {
  DescribeInfo,
  PlayCounters,
  SupervisorConfig,
  SupervisorDeps,
  SupervisorHooks,
} from './supervisor-types';

const IMMEDIATE_RECONNECT_AFTER_MS = 1000;

export class CameraSupervisor {
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #session: PlayingSession | undefined;
  #streams: readonly StreamInfo[] = [];
  #counters: PlayCounters = freshCounters();
  #attempt = 0;
  #lastSessionError: unknown;
  /** Cuts the current back-off short (the operator's "Retry now"). */
  #wake: AbortController | undefined;
  /** The next attempt ignores the refused-login schedule once (the operator asked). */
  #retryAsked = false;
  #ended = false;

  constructor(
    readonly config: SupervisorConfig,
    private readonly deps: SupervisorDeps,
    private readonly hooks: SupervisorHooks,
  ) {}

  start(): void {
    this.#loop ??= this.#run()
      .catch((err) => {
        // The loop handles its own errors; reaching here is a bug. Report and stop.
        this.hooks.failure(classifyFailure(err, this.deps.clock.wallNow()));
      })
      .finally(() => {
        this.#ended = true;
      });
  }

  /** The loop returned (stopped, or abandoned so the camera can move to another group). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Stops the loop; a playing session is closed (torn down per policy, in the background). */
  async stop(): Promise<void> {
    this.#abort.abort(new Error('camera stopped'));
    this.#session?.close();
    await this.#loop;
  }

  get stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Aborted when the supervisor stops; every attempt's own signal is linked to it. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /**
   * The operator's "Retry now": a camera backing off (including after a refused login)
   * tries once at once. A camera waiting for stale sessions keeps waiting (that wait
   * protects the camera; "Forget stale sessions" ends it). Returns whether a wait was cut.
   */
  retryNow(): boolean {
    if (this.stopped) return false;
    this.#retryAsked = true;
    const wake = this.#wake;
    wake?.abort();
    return wake !== undefined;
  }

  /** The playing session's per-stream counters, or undefined when not playing. */
  stats(): StreamStats[] | undefined {
    return this.#session?.closed === false ? this.#session.stats() : undefined;
  }

  get counters(): PlayCounters {
    return this.#counters;
  }

  get streams(): readonly StreamInfo[] {
    return this.#streams;
  }

  /** The camera's URL for the log (never credentials). */
  #url(): string {
    return redactUrl(this.config.url);
  }

  async #run(): Promise<void> {
    const { clock } = this.deps;
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      await this.#waitForStaleSessions(signal);
      if (signal.aborted) return;
      await this.#holdForAuth();
      if (signal.aborted) return;
      this.#retryAsked = false;
      this.hooks.status({ state: 'connecting', since: clock.wallNow(), attempt: this.#attempt });
      const startedAt = clock.now();
      let failure: CameraFailure | undefined;
      let error: unknown;
      const attempt = linkedController(signal);
      try {
        failure = await this.#connectAndPlay(attempt.signal);
      } catch (err) {
        error = err;
        failure = classifyFailure(err, clock.wallNow());
      } finally {
        // Whatever the attempt left open ends with it; its link to the camera's signal goes.
        attempt.dispose();
      }
      if (signal.aborted) return;
      // Abandoned on purpose (the camera must move to another group): the manager replaces
      // this supervisor with one for the new group.
      if (failure === undefined) return;
      this.hooks.failure(failure, error ?? this.#lastSessionError);
      // The camera said RTCP BYE on every stream after playing: it asked us to go, so come
      // back at once (VLC ends each loop of a file so). A BYE right after PLAY backs off as
      // any failure does, or a server that always says BYE would be hammered.
      if (failure.kind === 'ended' && clock.now() - startedAt >= IMMEDIATE_RECONNECT_AFTER_MS) {
        this.deps.logger?.debug('reconnecting at once: the camera ended the stream', { url: this.#url() });
        this.#attempt = 0;
        continue;
      }
      if (clock.now() - startedAt >= this.deps.backoff.resetAfterMs) this.#attempt = 0;
      this.#attempt += 1;
      const now = clock.wallNow();
      const retryAt =
        failure.kind === 'auth' && this.deps.auth
          ? this.deps.auth.refused(now)
          : now + backoffDelay(this.deps.backoff, this.#attempt, this.deps.random);
      this.deps.logger?.debug('reconnecting after a back-off', {
        url: this.#url(),
        failure: failure.kind,
        attempt: this.#attempt,
        inMs: retryAt - now,
      });
      this.hooks.status({ state: 'backing-off', since: now, retryAt, attempt: this.#attempt, failure });
      await this.#pause(retryAt - now);
    }
  }

  /** Before a login: wait out the refused-login schedule (kept across supervisors and restarts). */
  async #holdForAuth(): Promise<void> {
    const auth = this.deps.auth;
    const { clock } = this.deps;
    for (;;) {
      const notBefore = auth?.notBefore();
      const now = clock.wallNow();
      if (notBefore === undefined || notBefore <= now || this.#retryAsked || this.stopped) return;
      this.hooks.status({
        state: 'backing-off',
        since: now,
        retryAt: notBefore,
        attempt: this.#attempt,
        failure: authHold(now, notBefore),
      });
      await this.#pause(notBefore - now);
    }
  }

  /** Sleeps `ms` unless stopped or woken by `retryNow()`. */
  async #pause(ms: number): Promise<void> {
    const wake = linkedController(this.#abort.signal);
    this.#wake = wake.controller;
    try {
      await sleep(this.deps.clock, Math.max(0, ms), wake.signal);
    } catch {
      // stopped or woken
    } finally {
      if (this.#wake === wake.controller) this.#wake = undefined;
      wake.dispose();
    }
  }

  async #waitForStaleSessions(signal: AbortSignal): Promise<void> {
    const { group, groupId } = this.config;
    for (;;) {
      const stale = group.staleSessions();
      if (stale.count === 0) return;
      const until = Math.max(
        0,
        ...group
          .detail()
          .filter((d) => d.active)
          .map((d) => d.expiresAtWall),
      );
      this.hooks.status({
        state: 'waiting-stale',
        since: this.deps.clock.wallNow(),
        until,
        count: stale.count,
        groupId,
      });
      // Re-evaluate on every change of the group (a teardown succeeded, an expiry, a new
      // discovery); both listeners go as soon as either fires.
      await new Promise<void>((resolve) => {
        const done = () => {
          off();
          signal.removeEventListener('abort', done);
          resolve();
        };
        const off = group.onChange(done);
        signal.addEventListener('abort', done, { once: true });
      });
      if (signal.aborted) return;
    }
  }

  /** Returns the failure that ended the attempt, or undefined when it was abandoned on purpose. */
  async #connectAndPlay(signal: AbortSignal): Promise<CameraFailure | undefined> {
    const { config, deps } = this;
    const describe = deps.describe ?? rtspDescribe;
    const p = config.policies;
    this.#lastSessionError = undefined;
    // Released once PLAY is answered (or the attempt fails): a playing session holds none.
    const release = (await deps.slot?.acquire(signal)) ?? (() => undefined);
    let described: Awaited<ReturnType<typeof rtspDescribe>>;
    try {
      described = await describe(config.url, {
        ...(config.username || config.password
          ? { credentials: { username: config.username, password: config.password ?? '' } }
          : {}),
        group: config.group,
        teardownPolicy: p.teardownPolicy,
        unassignedChannelData: p.unassignedChannelData,
        sessionId: p.sessionId,
        clock: deps.clock,
        signal,
        ...(deps.logger ? { logger: deps.logger } : {}),
        ...(p.tlsFingerprint ? { tls: { fingerprint256: p.tlsFingerprint } } : {}),
      });
    } catch (err) {
      release();
      throw err;
    }
    // The login worked: a refused-login schedule is over.
    deps.auth?.accepted();
    try {
      this.#streams = described.streams;
      const keep = this.hooks.described({
        tool: described.tool,
        live555Bug: described.serverHasLive555TcpBug,
        streams: described.streams,
      });
      if (!keep) {
        release();
        described.close();
        return undefined;
      }
      // Only what the live view and restream use: video and one audio track.
      const usable = selectStreams(described.streams);
      if (usable instanceof RtspError) {
        described.close();
        return noSupportedStream(
          deps.clock.wallNow(),
          described.streams.map(
            (s) => `${s.media} ${s.encodingName || '?'}: ${s.unsupportedReason ?? 'unsupported'}`,
          ),
        );
      }
      for (const s of usable) await described.setup(s.index, { transport: config.transport });
      const session = await described.play({
        initialTimestamp: p.initialTimestamp,
        initialSequence: p.initialSequence,
        unknownRtcpSsrc: p.unknownRtcpSsrc,
        frameTimeoutMs: p.frameTimeoutSec * 1000,
      });
      release();
      this.#session = session;
      this.#counters = freshCounters();
      this.#counters.mainStream = usable.find((s) => s.media === 'video')?.index ?? usable[0]?.index;
      this.#counters.clockRate = described.streams[this.#counters.mainStream ?? 0]?.clockRate ?? 90_000;
      for (const w of session.warnings) this.hooks.warning?.(w.message);
      this.hooks.status({ state: 'playing', since: deps.clock.wallNow() });
      await this.#consume(session, signal);
      if (signal.aborted) return undefined;
      this.#lastSessionError = session.error;
      return classifyFailure(session.error ?? new Error('the session ended'), deps.clock.wallNow());
    } catch (err) {
      described.close();
      throw err;
    } finally {
      release();
      this.#session?.close();
      this.#session = undefined;
    }
  }

  async #consume(session: PlayingSession, signal: AbortSignal): Promise<void> {
    const c = this.#counters;
    const tap = this.hooks.frame;
    const streams = session.streams;
    try {
      for await (const frame of session.frames(signal)) {
        if (frame.streamIndex === c.mainStream) {
          c.frames += 1;
          c.lastTs = frame.timestamp;
          if (frame.kind === 'video') {
            if (frame.hasNewParameters) c.parametersChanged = true;
            if (frame.isRandomAccessPoint) {
              c.keyFrames += 1;
              if (c.lastKeyTs !== undefined && frame.timestamp > c.lastKeyTs) {
                c.keyIntervalSec = (frame.timestamp - c.lastKeyTs) / frame.clockRate;
              }
              c.lastKeyTs = frame.timestamp;
            }
          }
        }
        tap?.(frame, streams);
      }
    } catch (err) {
      if (!signal.aborted && !session.error) throw err;
    }
  }
}
