// TurnServer: the public face of the TURN library. It builds the pure core from a validated
// config, starts the listeners, runs one coarse tick, and offers the operations API (list /
// delete allocations, users and secrets at runtime, counters). Building and listening are in
// server-start.ts, the counters in server-counters.ts, Observer events in observer-dispatch.ts.
import { type Logger, silentLogger } from '../../shared/engine-log';
import { NonceIssuer } from './auth/nonce';
import { parseTurnConfig, type TurnConfig, type TurnConfigInput } from './config';
import type { TurnCore } from './core/core';
import type { SessionAddress } from './core/types';
import { TurnError } from './errors';
import { Executor } from './io/executor';
import type { Listening } from './io/listeners';
import type { NodeIo } from './io/node-io';
import { StreamGuard } from './io/stream-guard';
import type { TurnObserver } from './observer';
import { ObserverDispatch } from './observer-dispatch';
import { type PeerFilter, type PeerGrant, PeerPolicy } from './policy/peer-policy';
import { relayAddresses } from './relay-addresses';
import { CounterBook, type TurnCounters } from './server-counters';
import { buildCore, startListeners } from './server-start';
import { type AllocationInfo, snapshotAllocation } from './snapshot';

export { relayAddresses } from './relay-addresses';
export type { TurnCounters } from './server-counters';

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
  /**
   * Diagnostics (default silent): debug lines per request (`turn:request`) and per allocation,
   * permission and channel (`turn:allocation`); failed logins as rate-limited warnings
   * (`turn:auth`). Never a password or key.
   */
  logger?: Logger;
}

export class TurnServer {
  private config: TurnConfig;
  private readonly now: () => number;
  private readonly udpBufferBytes: number;
  private readonly peerFilter: ((policy: PeerPolicy) => PeerFilter) | undefined;
  private readonly peerGrant: PeerGrant | undefined;
  private readonly logger: Logger;
  private core: TurnCore<NodeIo> | undefined;
  private exec: Executor | undefined;
  private guard: StreamGuard | undefined;
  private listening: Listening[] = [];
  private timer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;
  private readonly nonces: NonceIssuer;
  private readonly book = new CounterBook();
  private readonly events: ObserverDispatch;

  /** Validates `config` (TurnError 'invalid-config' naming the field). Nothing starts yet. */
  constructor(config: TurnConfigInput, options: TurnServerOptions = {}) {
    this.config = parseTurnConfig(config);
    new PeerPolicy(this.config.peers); // validated now, not at start
    this.now = options.now ?? Date.now;
    this.udpBufferBytes = options.udpBufferBytes ?? 4 << 20;
    this.peerFilter = options.peerFilter;
    this.peerGrant = options.peerGrant;
    this.logger = options.logger ?? silentLogger;
    this.nonces = new NonceIssuer(this.config.lifetimes.nonce);
    this.events = new ObserverDispatch(
      options.observer ?? {},
      this.logger,
      this.now,
      this.book,
      options.passwordTimeoutMs ?? 5000,
    );
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
    this.events.observer = observer;
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
    const core = buildCore(c, {
      now: this.now,
      nonces: this.nonces,
      peerFilter: this.peerFilter,
      peerGrant: this.peerGrant,
      logger: this.logger,
    });
    const exec = new Executor(
      core,
      {
        event: (e) => this.events.dispatch(e),
        lookupPassword: (u) => this.events.lookupPassword(core, exec, u),
      },
      c.maxStreamBacklog,
    );
    const guard = new StreamGuard(c.streams, this.now, this.book.streamCloses);
    const started = await startListeners(c, core, exec, guard, this.udpBufferBytes);
    this.core = core;
    this.exec = exec;
    this.guard = guard;
    this.listening = started;
    this.timer = setInterval(() => {
      exec.run(core.handle({ kind: 'tick' }));
      guard.sweep();
    }, c.tickMs);
    this.timer.unref();
    this.logger.info('started', {
      listeners: started.map((l) => `${l.transport}:${l.address}:${l.port}`).join(','),
    });
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
    this.book.accumulate(core, exec);
    this.core = undefined;
    this.exec = undefined;
    this.guard = undefined;
    const ls = this.listening;
    this.listening = [];
    await Promise.all(ls.map((l) => l.close()));
    this.logger.info('stopped');
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
    return this.book.read({ core: this.core, exec: this.exec, guard: this.guard });
  }
}

export type { SessionAddress };
