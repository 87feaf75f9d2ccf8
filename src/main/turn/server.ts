// TurnServer: the public face of the TURN library. It builds the pure core from a validated
// config, starts the listeners, runs one coarse tick, dispatches Observer events safely, and
// offers the operations API (list / delete allocations, users and secrets at runtime, counters).
import { networkInterfaces } from 'node:os';
import { Credentials } from './auth/credentials';
import { FailureThrottle } from './auth/failure-throttle';
import { NonceIssuer } from './auth/nonce';
import { RateLimiter } from './auth/rate-limiter';
import { parseTurnConfig, type TurnConfig, type TurnConfigInput } from './config';
import { TurnCore } from './core/core';
import { type DropReason, dropsToRecord, newDropCounters } from './core/drops';
import type { AuthFailure, SessionAddress, TurnEvent } from './core/types';
import { TurnError } from './errors';
import { Executor } from './io/executor';
import { type Listening, startStreamListener, startUdpListener } from './io/listeners';
import { newStreamCloseCounts, type StreamCloseCounts, StreamGuard } from './io/stream-guard';
import type { TurnObserver } from './observer';
import { type PeerFilter, type PeerGrant, PeerPolicy } from './policy/peer-policy';
import { type AllocationInfo, snapshotAllocation } from './snapshot';

export interface TurnServerOptions {
  observer?: TurnObserver;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** How long to wait for an async getPassword before treating the user as unknown. */
  passwordTimeoutMs?: number;
  /** UDP listener socket buffers, bytes. */
  udpBufferBytes?: number;
  /**
   * Wraps the configured peer policy, e.g. to let some credentials reach addresses the policy
   * refuses; called at every start with the policy built from the config.
   */
  peerFilter?: (policy: PeerPolicy) => PeerFilter;
  /** Per-user exceptions to the peer policy (see PeerGrant). */
  peerGrant?: PeerGrant;
}

export interface TurnCounters {
  /** Live now. */
  allocations: number;
  permissions: number;
  channels: number;
  /** Totals since the server object was made (across restarts). */
  allocationsCreated: number;
  bytesToPeer: number;
  packetsToPeer: number;
  bytesFromPeer: number;
  packetsFromPeer: number;
  /** Answers sent by code: '200' for success, '401', '438', ... */
  answers: Record<string, number>;
  authFailures: Record<AuthFailure, number>;
  drops: Record<DropReason, number>;
  retransmissions: number;
  peerRefusals: number;
  observerErrors: number;
  streamBacklogDrops: number;
  socketErrors: number;
  /** TCP/TLS connections closed by the stream guard, by reason (slowloris, half-open TLS, ...). */
  streamCloses: StreamCloseCounts;
  /** Bytes held now in partial TCP/TLS frames, all connections. */
  streamPendingBytes: number;
}

type Totals = Omit<
  TurnCounters,
  | 'allocations'
  | 'permissions'
  | 'channels'
  | 'drops'
  | 'answers'
  | 'authFailures'
  | 'streamCloses'
  | 'streamPendingBytes'
>;

export class TurnServer {
  private config: TurnConfig;
  private observer: TurnObserver;
  private readonly now: () => number;
  private readonly passwordTimeoutMs: number;
  private readonly udpBufferBytes: number;
  private readonly peerFilter: ((policy: PeerPolicy) => PeerFilter) | undefined;
  private readonly peerGrant: PeerGrant | undefined;
  private core: TurnCore | undefined;
  private exec: Executor | undefined;
  private guard: StreamGuard | undefined;
  private listening: Listening[] = [];
  private timer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;
  private readonly nonces: NonceIssuer;
  /** Counters of cores that have been stopped. */
  private base: Totals = emptyTotals();
  private baseDrops = newDropCounters();
  private readonly baseAnswers = new Map<number, number>();
  private readonly baseAuth = new Map<AuthFailure, number>();
  private observerErrors = 0;
  /** Owned here so that the counts survive restarts. */
  private readonly streamCloses = newStreamCloseCounts();

  /** Validates `config` (TurnError 'invalid-config' naming the field). Nothing starts yet. */
  constructor(config: TurnConfigInput, options: TurnServerOptions = {}) {
    this.config = parseTurnConfig(config);
    new PeerPolicy(this.config.peers); // validated now, not at start
    this.observer = options.observer ?? {};
    this.now = options.now ?? Date.now;
    this.passwordTimeoutMs = options.passwordTimeoutMs ?? 5000;
    this.udpBufferBytes = options.udpBufferBytes ?? 4 << 20;
    this.peerFilter = options.peerFilter;
    this.peerGrant = options.peerGrant;
    this.nonces = new NonceIssuer(this.config.lifetimes.nonce);
  }

  get running(): boolean {
    return this.core !== undefined;
  }

  /** The listeners' bound addresses (the real port when a listener asked for port 0). */
  get addresses(): { transport: 'udp' | 'tcp' | 'tls'; address: string; port: number }[] {
    return this.listening.map(({ transport, address, port }) => ({ transport, address, port }));
  }

  /** The relay IPs in use (configured, or derived from the listeners / interfaces). */
  get relayAddresses(): string[] {
    return relayAddresses(this.config);
  }

  setObserver(observer: TurnObserver): void {
    this.observer = observer;
  }

  /** Binds every listener; rejects with TurnError ('listen-failed' / 'tls-config') naming it. */
  async start(): Promise<void> {
    if (this.core || this.starting)
      throw new TurnError('already-running', 'the TURN server is already running');
    this.starting = this.doStart();
    try {
      await this.starting;
    } finally {
      this.starting = undefined;
    }
  }

  private async doStart(): Promise<void> {
    const c = this.config;
    const policy = new PeerPolicy(c.peers);
    const core = new TurnCore({
      realm: c.realm,
      software: c.software,
      now: this.now,
      lifetimes: c.lifetimes,
      relayAddresses: relayAddresses(c),
      announce: new Map(Object.entries(c.relay.announce)),
      ports: { min: c.relay.minPort, max: c.relay.maxPort },
      peerPolicy: this.peerFilter ? this.peerFilter(policy) : policy,
      ...(this.peerGrant ? { peerGrant: this.peerGrant } : {}),
      quotas: {
        perUser: c.quotas.perUser || Number.POSITIVE_INFINITY,
        total: c.quotas.total || Number.POSITIVE_INFINITY,
      },
      bandwidth: c.bandwidth,
      channelMax: c.channelRange === 'rfc8656' ? 0x4fff : 0x7fff,
      credentials: new Credentials(c.users, c.authSecrets, {
        observerLookup: true,
        restMaxLifetimeSec: c.restMaxLifetime,
      }),
      failureThrottle: new FailureThrottle(c.authFailures),
      nonces: this.nonces,
      rateLimiter: new RateLimiter(c.unauthenticatedRate, {
        perSecond: c.unauthenticatedRate.perSecond * 50,
        burst: c.unauthenticatedRate.burst * 50,
      }),
    });
    const exec = new Executor(
      core,
      { event: (e) => this.dispatch(e), lookupPassword: (u) => this.lookupPassword(core, exec, u) },
      c.maxStreamBacklog,
    );
    const guard = new StreamGuard(c.streams, this.now, this.streamCloses);
    const streamOptions = { guard, maxConnections: c.streams.maxConnections };
    const started: Listening[] = [];
    try {
      for (const [i, l] of c.listeners.entries()) {
        const info = core.addListener({ transport: l.transport, localAddress: l.host, localPort: l.port });
        const ln =
          l.transport === 'udp'
            ? await startUdpListener(exec, l, i, this.udpBufferBytes)
            : await startStreamListener(exec, l, i, streamOptions);
        (info as { localPort: number }).localPort = ln.port;
        started.push(ln);
      }
    } catch (err) {
      exec.stopped = true;
      await Promise.all(started.map((s) => s.close()));
      throw err;
    }
    this.core = core;
    this.exec = exec;
    this.guard = guard;
    this.listening = started;
    this.timer = setInterval(() => {
      exec.run(core.handle({ kind: 'tick' }));
      guard.sweep();
    }, c.tickMs);
    this.timer.unref();
  }

  /** Closes every allocation (Observer `closed` for each) and every listener. */
  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const core = this.core;
    const exec = this.exec;
    if (!core || !exec) return;
    clearInterval(this.timer);
    exec.run(core.handle({ kind: 'stop' }));
    exec.stopped = true;
    this.accumulate(core, exec);
    this.core = undefined;
    this.exec = undefined;
    this.guard = undefined;
    const ls = this.listening;
    this.listening = [];
    await Promise.all(ls.map((l) => l.close()));
  }

  /** Stops and starts again, with a new config when given (validated before anything stops). */
  async restart(config?: TurnConfigInput): Promise<void> {
    const next = config === undefined ? this.config : parseTurnConfig(config);
    new PeerPolicy(next.peers);
    await this.stop();
    this.config = next;
    await this.start();
  }

  listAllocations(): AllocationInfo[] {
    const core = this.core;
    if (!core) return [];
    const now = this.now();
    const out: AllocationInfo[] = [];
    for (const a of core.state.table.all()) {
      if (a.state === 'active') out.push(snapshotAllocation(a, now, core.state.announced(a.relayAddress)));
    }
    return out;
  }

  /** Ends one allocation (Observer `closed`); false when there is no such allocation. */
  deleteAllocation(id: string): boolean {
    const core = this.core;
    if (!core || !this.exec) return false;
    const a = core.state.table.byId(id);
    if (a?.state !== 'active') return false;
    this.exec.run(core.handle({ kind: 'delete', id }));
    return true;
  }

  /** Replaces the static users (existing allocations keep running). */
  setUsers(users: Record<string, string>): void {
    this.config = { ...this.config, users: { ...users } };
    this.core?.auth.credentials.setUsers(users);
  }

  /** Replaces the REST shared secrets (several at once allow rotation). */
  setSecrets(secrets: string[]): void {
    this.config = { ...this.config, authSecrets: [...secrets] };
    this.core?.auth.credentials.setSecrets(secrets);
  }

  counters(): TurnCounters {
    const core = this.core;
    const exec = this.exec;
    const t = { ...this.base };
    const drops = new Float64Array(this.baseDrops);
    const answers = new Map(this.baseAnswers);
    const auth = new Map(this.baseAuth);
    if (core && exec) {
      addTotals(t, totalsOf(core, exec));
      core.out.drops.forEach((v, i) => {
        drops[i]! += v;
      });
      for (const [k, v] of core.out.answers) answers.set(k, (answers.get(k) ?? 0) + v);
      for (const [k, v] of core.auth.failures) auth.set(k, (auth.get(k) ?? 0) + v);
    }
    return {
      allocations: core ? core.state.table.size : 0,
      permissions: core ? core.state.permissionCount : 0,
      channels: core ? core.state.channelCount : 0,
      ...t,
      observerErrors: this.observerErrors,
      answers: Object.fromEntries([...answers].map(([k, v]) => [String(k), v])),
      authFailures: {
        'bad-integrity': auth.get('bad-integrity') ?? 0,
        'unknown-user': auth.get('unknown-user') ?? 0,
        expired: auth.get('expired') ?? 0,
        'lifetime-too-long': auth.get('lifetime-too-long') ?? 0,
        throttled: auth.get('throttled') ?? 0,
      },
      drops: dropsToRecord(drops),
      streamCloses: { ...this.streamCloses },
      streamPendingBytes: this.guard?.pendingBytes ?? 0,
    };
  }

  private accumulate(core: TurnCore, exec: Executor): void {
    addTotals(this.base, totalsOf(core, exec));
    core.out.drops.forEach((v, i) => {
      this.baseDrops[i]! += v;
    });
    for (const [k, v] of core.out.answers) this.baseAnswers.set(k, (this.baseAnswers.get(k) ?? 0) + v);
    for (const [k, v] of core.auth.failures) this.baseAuth.set(k, (this.baseAuth.get(k) ?? 0) + v);
  }

  private dispatch(e: TurnEvent): void {
    const o = this.observer;
    try {
      let r: unknown;
      switch (e.type) {
        case 'allocated':
          r = o.allocated?.(e.session, e.username, e.port, e.id);
          break;
        case 'channelBind':
          r = o.channelBind?.(e.session, e.username, e.channel, e.id);
          break;
        case 'createPermission':
          r = o.createPermission?.(e.session, e.username, e.peers, e.id);
          break;
        case 'refresh':
          r = o.refresh?.(e.session, e.username, e.lifetime, e.id);
          break;
        case 'closed':
          r = o.closed?.(e.session, e.username, e.id, e.reason);
          break;
        case 'authFailed':
          r = o.authFailed?.(e.session, e.username, e.reason);
          break;
      }
      if (r instanceof Promise) r.catch(() => this.observerErrors++);
    } catch {
      this.observerErrors++;
    }
  }

  private lookupPassword(core: TurnCore, exec: Executor, username: string): void {
    const answer = (password: string | null | undefined) => {
      if (exec.stopped) return;
      exec.run(
        core.handle({ kind: 'password', username, password: typeof password === 'string' ? password : null }),
      );
    };
    let result: ReturnType<NonNullable<TurnObserver['getPassword']>>;
    try {
      result = this.observer.getPassword ? this.observer.getPassword(username) : null;
    } catch {
      this.observerErrors++;
      result = null;
    }
    if (!(result instanceof Promise)) {
      answer(result);
      return;
    }
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      answer(null);
    }, this.passwordTimeoutMs);
    timer.unref();
    result.then(
      (p) => {
        if (done) return;
        clearTimeout(timer);
        answer(p);
      },
      () => {
        if (done) return;
        clearTimeout(timer);
        this.observerErrors++;
        answer(null);
      },
    );
  }
}

function emptyTotals(): Totals {
  return {
    allocationsCreated: 0,
    bytesToPeer: 0,
    packetsToPeer: 0,
    bytesFromPeer: 0,
    packetsFromPeer: 0,
    retransmissions: 0,
    peerRefusals: 0,
    observerErrors: 0,
    streamBacklogDrops: 0,
    socketErrors: 0,
  };
}

function totalsOf(core: TurnCore, exec: Executor): Totals {
  return {
    allocationsCreated: core.state.allocationsCreated,
    ...core.traffic(),
    retransmissions: core.out.retransmissions,
    peerRefusals: core.state.peerRefusals,
    observerErrors: 0,
    streamBacklogDrops: exec.streamBacklogDrops,
    socketErrors: exec.socketErrors,
  };
}

function addTotals(into: Totals, more: Totals): void {
  for (const k of Object.keys(into) as (keyof Totals)[]) into[k] += more[k];
}

/** Configured relay IPs; else the listeners' specific IPs; else the first external interfaces. */
export function relayAddresses(c: TurnConfig): string[] {
  if (c.relay.addresses.length > 0) return c.relay.addresses;
  const specific = [...new Set(c.listeners.map((l) => l.host).filter((h) => h !== '0.0.0.0' && h !== '::'))];
  if (specific.length > 0) return specific;
  const found: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) {
      if (i.internal) continue;
      if (i.family === 'IPv4' && !found.some((f) => !f.includes(':'))) found.push(i.address);
      if (i.family === 'IPv6' && !i.address.startsWith('fe80') && !found.some((f) => f.includes(':')))
        found.push(i.address);
    }
  }
  return found.length > 0 ? found : ['127.0.0.1'];
}

export type { SessionAddress };
