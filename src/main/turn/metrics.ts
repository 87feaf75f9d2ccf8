// Prometheus metrics for the TURN server (prom-client). Nothing is counted per packet here:
// each metric reads the server's counters when scraped.
import { Counter, Gauge, type Registry } from 'prom-client';
import { DROP_REASONS } from './core/drops';
import type { TurnCounters } from './server-counters';

/** Anything with counters: a TurnServer, or a function returning the current server's. */
export interface CounterSource {
  counters(): TurnCounters;
}

/**
 * Registers the TURN metrics (prefix `camrelay_turn_`) into `registry`; returns a function that
 * removes them again. One scrape calls `source.counters()` once.
 */
export function registerTurnMetrics(
  registry: Registry,
  source: CounterSource,
  prefix = 'camrelay_turn_',
): () => void {
  let cached: TurnCounters | undefined;
  let cachedAt = -1;
  // several metrics are collected in one scrape: read the counters once per tick of the event loop
  const read = (): TurnCounters => {
    const t = performance.now();
    if (!cached || t - cachedAt > 50) {
      cached = source.counters();
      cachedAt = t;
    }
    return cached;
  };
  const names: string[] = [];
  const gauge = (name: string, help: string, pick: (c: TurnCounters) => number) => {
    names.push(prefix + name);
    return new Gauge({
      name: prefix + name,
      help,
      registers: [registry],
      collect() {
        this.set(pick(read()));
      },
    });
  };
  const counter = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    fill: (c: TurnCounters, set: (labels: Partial<Record<L, string>>, v: number) => void) => void,
  ) => {
    names.push(prefix + name);
    return new Counter<L>({
      name: prefix + name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        fill(read(), (labels, v) => {
          if (v > 0) this.inc(labels as never, v);
        });
      },
    });
  };

  gauge('allocations', 'Live TURN allocations', (c) => c.allocations);
  gauge('permissions', 'Live permissions', (c) => c.permissions);
  gauge('channels', 'Live channel bindings', (c) => c.channels);
  counter('allocations_created_total', 'Allocations created', [], (c, set) => set({}, c.allocationsCreated));
  counter('relayed_bytes_total', 'Bytes relayed, by direction', ['direction'], (c, set) => {
    set({ direction: 'to_peer' }, c.bytesToPeer);
    set({ direction: 'from_peer' }, c.bytesFromPeer);
  });
  counter('relayed_packets_total', 'Packets relayed, by direction', ['direction'], (c, set) => {
    set({ direction: 'to_peer' }, c.packetsToPeer);
    set({ direction: 'from_peer' }, c.packetsFromPeer);
  });
  counter('responses_total', 'STUN answers sent, by code (200 = success)', ['code', 'class'], (c, set) => {
    for (const [code, v] of Object.entries(c.answers)) {
      const n = Number(code);
      set({ code, class: n < 300 ? '2xx' : n < 500 ? '4xx' : '5xx' }, v);
    }
  });
  counter('auth_failures_total', 'Failed authentications, by reason', ['reason'], (c, set) => {
    for (const [reason, v] of Object.entries(c.authFailures)) set({ reason }, v);
  });
  counter('dropped_packets_total', 'Packets dropped without an answer, by reason', ['reason'], (c, set) => {
    for (const reason of DROP_REASONS) set({ reason }, c.drops[reason]);
  });
  counter(
    'stream_closes_total',
    'TCP/TLS connections closed by the server (caps, deadlines, byte bounds), by reason',
    ['reason'],
    (c, set) => {
      for (const [reason, v] of Object.entries(c.streamCloses)) set({ reason }, v);
    },
  );
  counter('observer_errors_total', 'Observer callbacks that threw', [], (c, set) =>
    set({}, c.observerErrors),
  );
  return () => {
    for (const n of names) registry.removeSingleMetric(n);
  };
}
