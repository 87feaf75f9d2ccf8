// Runs the TURN server for the host: settings -> server config, (re)starts that keep the old
// listeners when the new ones cannot bind, the Observer feeding the log, and a 1 Hz sample of
// allocations and totals into the state (`allocations`, owned here; `relay.status`, totals
// and history through the relay slice's owner, RelayState). One TurnServer object lives for the whole run, so
// its counters (and the Prometheus metrics) survive restarts.
import type { Registry } from 'prom-client';
import { FIGURES_INTERVAL_MS } from '../../shared/events';
import {
  type AllocationShare,
  type AllocationView,
  REST_MAX_LIFETIME_SEC,
  type RelaySettings,
} from '../../shared/relay';
import type { HostContext } from '../context';
import type { SliceWriter } from '../state/state-store';
import {
  type AllocationInfo,
  type ListenerRef,
  listenerText,
  type PeerGrant,
  registerTurnMetrics,
  type SessionAddress,
  type TurnConfigInput,
  type TurnCounters,
  TurnError,
  type TurnObserver,
  TurnServer,
} from '../turn';
import { AuthFailureLog } from './auth-failure-log';
import { RelayApplyError, type RelayCredentials, type RelayRuntime } from './relay-service';
import type { RelayState } from './relay-state';

export interface TurnRuntimeOptions {
  /** The owner of the `relay` slice, where status, totals and throughput go. */
  state: RelayState;
  /** Registry for the camrelay_turn_* metrics (served at /metrics headless). */
  registry?: Registry;
  tickMs?: number;
  /** camrelay's own users of the relay: share links (see sharing/share-service.ts). */
  shares?: RelayShareHooks;
}

/** How share links use the relay: their own REST secret, their peer grant, their table label. */
export interface RelayShareHooks {
  secret: string;
  peerGrant: PeerGrant;
  describeUser(username: string): AllocationShare | undefined;
}

export function turnConfigOf(settings: RelaySettings, credentials: RelayCredentials): TurnConfigInput {
  return {
    listeners: settings.listeners.map((l) => ({
      transport: l.transport,
      host: l.host,
      port: l.port,
      ...(l.certFile ? { certFile: l.certFile } : {}),
      ...(l.keyFile ? { keyFile: l.keyFile } : {}),
    })),
    realm: settings.realm,
    relay: {
      addresses: settings.relayAddress ? [settings.relayAddress] : [],
      minPort: settings.minPort,
      maxPort: settings.maxPort,
    },
    peers: {
      allowLoopback: settings.allowLoopbackPeers,
      allowPrivate: settings.allowPrivatePeers,
      allow: settings.allowPeers,
      deny: settings.denyPeers,
    },
    quotas: { perUser: settings.userQuota, total: settings.totalQuota },
    bandwidth: Math.round((settings.bandwidthKbps * 1000) / 8),
    users: Object.fromEntries(credentials.users),
    authSecrets: credentials.secrets,
    restMaxLifetime: REST_MAX_LIFETIME_SEC,
    lifetimes: {
      defaultAllocation: Math.min(600, settings.maxLifetimeSec),
      maxAllocation: settings.maxLifetimeSec,
      permission: 300,
      channel: 600,
      nonce: 600,
    },
  };
}

const sessionText = (s: SessionAddress) =>
  `${s.transport} ${s.family === 6 ? `[${s.address}]` : s.address}:${s.port}`;

/** The listener a TurnError names, if any (read from its context, never from its message). */
function errorListener(err: TurnError): ListenerRef | undefined {
  return err.is('listen-failed') || err.is('tls-config') ? err.context.listener : undefined;
}

/** Which settings field a listener error belongs to. */
function listenerField(settings: RelaySettings, err: TurnError): string | undefined {
  if (err.is('invalid-config')) return err.context.field;
  const l = errorListener(err);
  if (l === undefined) return undefined;
  const i = settings.listeners.findIndex(
    (s) => s.transport === l.proto && s.host === l.host && s.port === l.port,
  );
  if (i < 0) return undefined;
  return err.code === 'tls-config' ? `listeners.${i}.certFile` : `listeners.${i}.port`;
}

function applyError(settings: RelaySettings, err: unknown): RelayApplyError {
  if (err instanceof TurnError) {
    const field = listenerField(settings, err);
    const inUse = err.is('listen-failed') && err.context.errno === 'EADDRINUSE';
    const l = errorListener(err);
    const message = inUse
      ? `${l ? listenerText(l) : 'a listener'}: the port is already in use by another program`
      : err.message;
    return new RelayApplyError(message, inUse ? 'port-in-use' : 'failed', field);
  }
  return new RelayApplyError((err as Error).message ?? String(err), 'failed');
}

function allocationView(
  a: AllocationInfo,
  rate: { kbpsIn: number; kbpsOut: number },
  share: AllocationShare | undefined,
): AllocationView {
  const ip = a.relay.family === 6 ? `[${a.relay.address}]` : a.relay.address;
  return {
    id: a.id,
    client: sessionText(a.session),
    transport: a.session.transport,
    username: a.username,
    relay: `${ip}:${a.relay.port}`,
    peers: a.permissions.map((p) => p.peer),
    channels: a.channels.map((c) => ({ number: c.number, peer: c.peer })),
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
    bytesIn: a.bytesToPeer,
    bytesOut: a.bytesFromPeer,
    packetsIn: a.packetsToPeer,
    packetsOut: a.packetsFromPeer,
    ...rate,
    ...(share ? { share } : {}),
  };
}

export class TurnRuntime implements RelayRuntime {
  #server: TurnServer | undefined;
  #applied: { settings: RelaySettings; config: TurnConfigInput } | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #last = new Map<string, { at: number; in: number; out: number }>();
  readonly #lastTotals = new Map<string, { at: number; in: number; out: number }>();
  #unregisterMetrics: (() => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #authFailures: AuthFailureLog;
  readonly #allocations: SliceWriter<'allocations'>;
  readonly #state: RelayState;

  constructor(
    private readonly ctx: HostContext,
    private readonly options: TurnRuntimeOptions,
  ) {
    this.#authFailures = new AuthFailureLog(ctx.log, ctx.now);
    this.#allocations = ctx.store.slice('allocations');
    this.#state = options.state;
  }

  get server(): TurnServer | undefined {
    return this.#server;
  }

  #observer(): TurnObserver {
    const { log } = this.ctx;
    return {
      allocated: (addr, username, port, id) => {
        log.info(
          'allocation',
          `allocated for "${username}" from ${sessionText(addr)}, relay port ${port}`,
          id,
        );
        this.#sampleSoon();
      },
      authFailed: (addr, username, reason) => this.#authFailures.record(addr, username, reason),
      createPermission: () => this.#sampleSoon(),
      channelBind: () => this.#sampleSoon(),
      closed: (addr, username, id) => {
        log.info('allocation', `closed: "${username}" from ${sessionText(addr)}`, id);
        this.#allocations.delete([id]);
        this.#last.delete(id);
      },
    };
  }

  /** Serialised: a second apply waits for the first. */
  apply(settings: RelaySettings, credentials: RelayCredentials): Promise<void> {
    const run = this.#queue.then(() => this.#apply(settings, credentials));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The operator's credentials plus the share links' own secret. */
  #withShares(credentials: RelayCredentials): RelayCredentials {
    const own = this.options.shares?.secret;
    return own ? { users: credentials.users, secrets: [...credentials.secrets, own] } : credentials;
  }

  async #apply(settings: RelaySettings, given: RelayCredentials): Promise<void> {
    const { now } = this.ctx;
    const credentials = this.#withShares(given);
    if (!settings.enabled) {
      if (this.#server?.running) {
        await this.#server.stop();
        this.ctx.log.info('relay', 'relay stopped');
      }
      this.#applied = { settings, config: turnConfigOf(settings, credentials) };
      this.#state.setStatus({ state: 'stopped' });
      this.#stopTimer();
      return;
    }
    const config = turnConfigOf(settings, credentials);
    this.#state.setStatus({ state: 'starting' });
    const previous = this.#applied;
    try {
      if (!this.#server) {
        this.#server = new TurnServer(config, {
          observer: this.#observer(),
          now,
          logger: this.ctx.logger.child('turn'),
          ...(this.options.shares ? { peerGrant: this.options.shares.peerGrant } : {}),
        });
        if (this.options.registry)
          this.#unregisterMetrics = registerTurnMetrics(this.options.registry, this.#server);
        await this.#server.start();
      } else {
        await this.#server.restart(config);
      }
    } catch (err) {
      const failure = applyError(settings, err);
      // Keep the relay serving on the settings that worked.
      if (previous?.settings.enabled && (await this.#restore(previous.config))) {
        this.#running();
        this.ctx.log.error(
          'relay',
          `new relay settings refused: ${failure.message}; still serving the previous ones`,
        );
        throw failure;
      }
      this.#state.setStatus({
        state: 'error',
        message: failure.message,
        ...(failure.field ? { field: failure.field } : {}),
        at: now(),
      });
      this.ctx.log.error('relay', `the relay could not start: ${failure.message}`);
      throw failure;
    }
    this.#applied = { settings, config };
    this.#running();
    this.ctx.log.info('relay', `relay listening on ${this.#listening().join(', ')}`);
  }

  async #restore(config: TurnConfigInput): Promise<boolean> {
    try {
      await this.#server?.restart(config);
      return this.#server?.running ?? false;
    } catch {
      return false;
    }
  }

  #listening(): string[] {
    return (this.#server?.addresses ?? []).map(
      (a) => `${a.transport} ${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`,
    );
  }

  #running(): void {
    this.#state.setStatus({
      state: 'running',
      since: this.ctx.now(),
      listening: this.#listening(),
    });
    if (!this.#timer) {
      this.#timer = setInterval(() => this.sample(), this.options.tickMs ?? FIGURES_INTERVAL_MS);
      this.#timer.unref();
    }
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #soon: NodeJS.Timeout | undefined;
  /** Observer events show in the table within ~100 ms, coalesced. */
  #sampleSoon(): void {
    this.#soon ??= setTimeout(() => {
      this.#soon = undefined;
      this.sample(false);
    }, 100);
  }

  setCredentials(given: RelayCredentials): void {
    const credentials = this.#withShares(given);
    const users = Object.fromEntries(credentials.users);
    this.#server?.setUsers(users);
    this.#server?.setSecrets(credentials.secrets);
    if (this.#applied)
      this.#applied.config = { ...this.#applied.config, users, authSecrets: credentials.secrets };
  }

  deleteAllocation(id: string): boolean {
    return this.#server?.deleteAllocation(id) ?? false;
  }

  /**
   * Allocations and totals into the state. The 1 Hz tick takes a full sample (rates are bytes
   * since the previous full sample); an Observer-driven sample in between refreshes the rows
   * and keeps the rates of the last full one.
   */
  sample(full = true): void {
    const server = this.#server;
    if (!server) return;
    const t = performance.now();
    const seen = new Set<string>();
    for (const a of server.listAllocations()) {
      seen.add(a.id);
      const previous: AllocationView | undefined = this.#allocations.get()[a.id];
      const rate = full
        ? this.#rate(this.#last, a.id, a.bytesToPeer, a.bytesFromPeer, t)
        : { kbpsIn: previous?.kbpsIn ?? 0, kbpsOut: previous?.kbpsOut ?? 0 };
      this.#allocations.set([a.id], allocationView(a, rate, this.options.shares?.describeUser(a.username)));
    }
    for (const id of Object.keys(this.#allocations.get())) {
      if (!seen.has(id)) {
        this.#allocations.delete([id]);
        this.#last.delete(id);
      }
    }
    this.#totals(server.counters(), t, full);
    if (full) this.#authFailures.flush();
  }

  /** kbit/s each way since the baseline stored under `key`, which moves to now. */
  #rate(
    baselines: Map<string, { at: number; in: number; out: number }>,
    key: string,
    bytesIn: number,
    bytesOut: number,
    t: number,
  ): { kbpsIn: number; kbpsOut: number } {
    const prev = baselines.get(key);
    baselines.set(key, { at: t, in: bytesIn, out: bytesOut });
    if (!prev || t <= prev.at) return { kbpsIn: 0, kbpsOut: 0 };
    return {
      kbpsIn: Math.round(((bytesIn - prev.in) * 8) / (t - prev.at)),
      kbpsOut: Math.round(((bytesOut - prev.out) * 8) / (t - prev.at)),
    };
  }

  #totals(c: TurnCounters, t: number, full: boolean): void {
    const hadBaseline = this.#lastTotals.has('all');
    const rate = full
      ? this.#rate(this.#lastTotals, 'all', c.bytesToPeer, c.bytesFromPeer, t)
      : { kbpsIn: this.#state.totals.kbpsIn, kbpsOut: this.#state.totals.kbpsOut };
    let authFailures = 0;
    for (const v of Object.values(c.authFailures)) authFailures += v;
    this.#state.setTotals({
      allocations: c.allocations,
      permissions: c.permissions,
      channels: c.channels,
      bytesIn: c.bytesToPeer,
      bytesOut: c.bytesFromPeer,
      packetsIn: c.packetsToPeer,
      packetsOut: c.packetsFromPeer,
      ...rate,
      authFailures,
    });
    if (full && hadBaseline) {
      this.#state.appendThroughput(this.ctx.now(), rate.kbpsIn, rate.kbpsOut);
    }
  }

  async close(): Promise<void> {
    this.#stopTimer();
    if (this.#soon) clearTimeout(this.#soon);
    await this.#queue.catch(() => undefined);
    await this.#server?.stop();
    this.#unregisterMetrics?.();
  }
}
