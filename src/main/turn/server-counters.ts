// The server's counters: what the live core and I/O layer count, plus what the cores stopped
// before counted (a TurnServer keeps its totals across restarts, and so do the metrics).
import type { TurnCore } from './core/core';
import { type DropReason, dropsToRecord, newDropCounters } from './core/drops';
import type { AuthFailure } from './core/types';
import type { Executor } from './io/executor';
import { newStreamCloseCounts, type StreamCloseCounts, type StreamGuard } from './io/stream-guard';

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

/** The running parts counters are read from (all undefined while stopped). */
export interface Running {
  core: TurnCore | undefined;
  exec: Executor | undefined;
  guard: StreamGuard | undefined;
}

export class CounterBook {
  observerErrors = 0;
  /** Owned here so that the counts survive restarts (the stream guard adds to them). */
  readonly streamCloses = newStreamCloseCounts();
  /** Counters of cores that have been stopped. */
  private readonly base: Totals = emptyTotals();
  private readonly baseDrops = newDropCounters();
  private readonly baseAnswers = new Map<number, number>();
  private readonly baseAuth = new Map<AuthFailure, number>();

  /** Adds a stopping core's counts to the totals. */
  accumulate(core: TurnCore, exec: Executor): void {
    addTotals(this.base, totalsOf(core, exec));
    core.out.drops.forEach((v, i) => {
      this.baseDrops[i]! += v;
    });
    addCounts(this.baseAnswers, core.out.answers);
    addCounts(this.baseAuth, core.auth.failures);
  }

  read({ core, exec, guard }: Running): TurnCounters {
    const t = { ...this.base };
    const drops = new Float64Array(this.baseDrops);
    const answers = new Map(this.baseAnswers);
    const auth = new Map(this.baseAuth);
    if (core && exec) {
      addTotals(t, totalsOf(core, exec));
      core.out.drops.forEach((v, i) => {
        drops[i]! += v;
      });
      addCounts(answers, core.out.answers);
      addCounts(auth, core.auth.failures);
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
      streamPendingBytes: guard?.pendingBytes ?? 0,
    };
  }
}

function addCounts<K>(into: Map<K, number>, more: ReadonlyMap<K, number>): void {
  for (const [k, v] of more) into.set(k, (into.get(k) ?? 0) + v);
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
