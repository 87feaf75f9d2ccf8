// SessionGroup: sessions that may still be playing on a server though no client object holds
// them (retina's semantics). (1) Dropped sessions that had a valid SETUP, expiring at drop
// time + session timeout, each with a background TEARDOWN; (2) live555 stale TCP sessions
// discovered through unexpected interleaved data, assumed to expire 65 s after discovery,
// session id unknown. One timer (the earliest expiry) drives expiry.
import { type Clock, systemClock, type TimerHandle } from './clock';
import type { RtspError } from './error';

export type StaleReason = 'dropped' | 'live555-stale-tcp';

export type TeardownState =
  | { state: 'pending'; attempts: number; lastError?: RtspError }
  | { state: 'succeeded'; attempts: number }
  | { state: 'failed'; attempts: number; error: RtspError }
  | { state: 'impossible' }; // live555 stale session: id unknown, no TEARDOWN can be sent

export interface StaleSessionDetail {
  /** Group-local id. */
  id: number;
  reason: StaleReason;
  /** Monotonic ms (the group's clock) when the session may end at the latest. */
  expiresAt: number;
  /** Wall-clock ms of the same instant, for display. */
  expiresAtWall: number;
  sessionId?: string;
  /** Redacted URL of the session, when known. */
  url?: string;
  transport?: 'tcp' | 'udp';
  teardown: TeardownState;
  /** False once torn down or expired (kept briefly in `detail()` history). */
  active: boolean;
}

export interface StaleSessionStatus {
  /** Sessions that may be in Playing on the server. */
  count: number;
  /** Latest expiry among them (monotonic ms), undefined when count is 0. */
  maxExpires: number | undefined;
}

export interface TeardownFailure {
  id: number;
  sessionId?: string;
  /** Redacted URL of the session, when known. */
  url?: string;
  error: RtspError;
}

interface Entry {
  d: StaleSessionDetail;
  done?: Promise<RtspError | undefined>;
}

export interface SessionGroupOptions {
  name?: string;
  clock?: Clock;
  /** Finished entries kept in `detail()` (default 16). */
  history?: number;
}

export class SessionGroup {
  readonly name: string;
  readonly clock: Clock;
  private nextId = 1;
  private readonly active = new Map<number, Entry>();
  private readonly finished: StaleSessionDetail[] = [];
  private readonly historySize: number;
  private timer: TimerHandle | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private waiters: Array<() => void> = [];
  private listeners = new Set<() => void>();
  private failureListeners = new Set<(f: TeardownFailure) => void>();

  constructor(opts: SessionGroupOptions = {}) {
    this.name = opts.name ?? 'default';
    this.clock = opts.clock ?? systemClock;
    this.historySize = opts.history ?? 16;
  }

  /** Count and latest expiry of the sessions that may still be playing. */
  staleSessions(): StaleSessionStatus {
    this.expire();
    let max: number | undefined;
    for (const e of this.active.values()) if (max === undefined || e.d.expiresAt > max) max = e.d.expiresAt;
    return { count: this.active.size, maxExpires: max };
  }

  /** Every tracked session (active first), copies, for an operator UI. */
  detail(): StaleSessionDetail[] {
    this.expire();
    return [...[...this.active.values()].map((e) => ({ ...e.d })), ...this.finished.map((d) => ({ ...d }))];
  }

  /** Resolves when no stale session may be playing (all torn down or expired). */
  awaitStaleSessions(signal?: AbortSignal): Promise<void> {
    this.expire();
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(w);
    });
  }

  /**
   * Waits for the TEARDOWNs in flight when called (starts none) and reports the ones that
   * failed.
   */
  async awaitTeardown(): Promise<TeardownFailure[]> {
    const inflight = [...this.active.values()].filter((e) => e.done !== undefined);
    const results = await Promise.all(inflight.map((e) => e.done!));
    const out: TeardownFailure[] = [];
    results.forEach((err, i) => {
      if (err) {
        const d = inflight[i]!.d;
        out.push({ id: d.id, ...(d.sessionId !== undefined ? { sessionId: d.sessionId } : {}), error: err });
      }
    });
    return out;
  }

  /**
   * The operator asserts these sessions are gone (e.g. the camera was rebooted): stop
   * tracking every active one. Background TEARDOWNs in flight carry on. Returns how many.
   */
  forget(): number {
    const ids = [...this.active.keys()];
    for (const id of ids) this.retire(id);
    return ids.length;
  }

  /** Called on any change (entry added, teardown progressed, expiry). */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Called when a background TEARDOWN gives up (the session may play on until it expires). */
  onTeardownFailed(fn: (f: TeardownFailure) => void): () => void {
    this.failureListeners.add(fn);
    return () => this.failureListeners.delete(fn);
  }

  // ---- used by the session layer ----

  /** Tracks a dropped session; `teardown` reports progress through the returned handle. */
  addDropped(info: {
    sessionId: string;
    expiresAt: number;
    url?: string;
    transport: 'tcp' | 'udp';
  }): DroppedHandle {
    const id = this.nextId++;
    const d: StaleSessionDetail = {
      id,
      reason: 'dropped',
      expiresAt: info.expiresAt,
      expiresAtWall: this.wallOf(info.expiresAt),
      sessionId: info.sessionId,
      transport: info.transport,
      teardown: { state: 'pending', attempts: 0 },
      active: true,
      ...(info.url !== undefined ? { url: info.url } : {}),
    };
    const entry: Entry = { d };
    this.active.set(id, entry);
    this.arm();
    this.changed();
    return {
      id,
      attempt: (lastError) => {
        if (d.teardown.state === 'pending') {
          d.teardown = {
            state: 'pending',
            attempts: d.teardown.attempts + 1,
            ...(lastError ? { lastError } : {}),
          };
          this.changed();
        }
      },
      track: (p) => {
        entry.done = p;
      },
      finish: (error, stillPlaying) => {
        const attempts = d.teardown.state === 'pending' ? d.teardown.attempts : 0;
        d.teardown = error ? { state: 'failed', attempts, error } : { state: 'succeeded', attempts };
        // A failed TEARDOWN leaves the session tracked until expiry, unless the caller knows
        // the server ended it (the TCP connection closed on a server without the live555 bug).
        // Reported before the session leaves the group (whoever listens may drop the group then).
        if (error) {
          const failure: TeardownFailure = {
            id,
            ...(d.sessionId !== undefined ? { sessionId: d.sessionId } : {}),
            ...(d.url !== undefined ? { url: d.url } : {}),
            error,
          };
          for (const fn of this.failureListeners) fn(failure);
        }
        if (!error || !stillPlaying) this.retire(id);
        else this.changed();
      },
    };
  }

  /**
   * Notes unexpected interleaved data that a live555 stale TCP session explains. Returns
   * false when an already known stale session explains it (nothing added).
   */
  noteLive555Stale(info: { url?: string }): boolean {
    this.expire();
    const now = this.clock.now();
    for (const e of this.active.values()) {
      if (e.d.reason === 'live555-stale-tcp') return false;
      if (e.d.reason === 'dropped' && e.d.transport === 'tcp' && e.d.expiresAt > now) return false;
    }
    const id = this.nextId++;
    const expiresAt = now + 65_000;
    this.active.set(id, {
      d: {
        id,
        reason: 'live555-stale-tcp',
        expiresAt,
        expiresAtWall: this.wallOf(expiresAt),
        teardown: { state: 'impossible' },
        active: true,
        ...(info.url !== undefined ? { url: info.url } : {}),
      },
    });
    this.arm();
    this.changed();
    return true;
  }

  private wallOf(mono: number): number {
    return this.clock.wallNow() + (mono - this.clock.now());
  }

  private retire(id: number): void {
    const e = this.active.get(id);
    if (!e) return;
    this.active.delete(id);
    e.d.active = false;
    this.finished.unshift(e.d);
    if (this.finished.length > this.historySize) this.finished.length = this.historySize;
    this.changed();
  }

  private expire(): void {
    const now = this.clock.now();
    for (const [id, e] of this.active) if (e.d.expiresAt <= now) this.retire(id);
  }

  private arm(): void {
    let min = Number.POSITIVE_INFINITY;
    for (const e of this.active.values()) if (e.d.expiresAt < min) min = e.d.expiresAt;
    if (min === this.timerAt) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = min;
    if (min === Number.POSITIVE_INFINITY) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.expire();
        this.arm();
      },
      Math.max(0, min - this.clock.now()),
    );
  }

  private changed(): void {
    if (this.active.size === 0) {
      for (const w of this.waiters.splice(0)) w();
    }
    this.arm();
    for (const fn of this.listeners) fn();
  }
}

export interface DroppedHandle {
  id: number;
  /** One more TEARDOWN attempt was made (and failed with `lastError`, if given). */
  attempt(lastError?: RtspError): void;
  /** The background TEARDOWN's completion (resolves to its final error, if any). */
  track(p: Promise<RtspError | undefined>): void;
  /** Final outcome. `stillPlaying`: after a failure, the session may still play until expiry. */
  finish(error: RtspError | undefined, stillPlaying: boolean): void;
}
