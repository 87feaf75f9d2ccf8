// Relay socket reuse. Binding a UDP socket and closing it cost more than the rest of a short
// client's Allocate and Refresh 0 together, so the bound socket of a closed allocation is
// parked for a few seconds and handed to the next plain Allocate (no EVEN-PORT, no token) of
// the same family and relay address. A parked socket delivers nothing (its peers have no
// permission on the new allocation anyway). Bounded in count and in time.
import type { Allocation } from './allocation';
import type { CoreParts, CoreState, SpareRelay } from './state';

export const PARK_MAX = 128;
export const PARK_MS = 10_000;

/** Parks `a`'s relay socket if there is room; true when parked (the port stays ours). */
export function park(c: CoreParts, a: Allocation): boolean {
  const spares = c.state.spareRelays;
  if (a.io === undefined || spares.length >= PARK_MAX || a.state !== 'closed') return false;
  spares.push({
    port: a.relayPort,
    family: a.family,
    relayAddress: a.relayAddress,
    io: a.io,
    until: c.state.nowMs + PARK_MS,
  });
  c.out.push({ kind: 'park-relay', io: a.io });
  a.io = undefined;
  return true;
}

/** A parked socket for a plain Allocate of this family and relay address, most recent first. */
export function unpark(state: CoreState, family: 4 | 6, relayAddress: string): SpareRelay | undefined {
  const list = state.spareRelays;
  for (let i = list.length - 1; i >= 0; i--) {
    const p = list[i]!;
    if (p.family === family && p.relayAddress === relayAddress) {
      list.splice(i, 1);
      return p;
    }
  }
  return undefined;
}

/** Closes parked sockets whose time is up (all of them with `all`). */
export function expireParked(c: CoreParts, all = false): void {
  const list = c.state.spareRelays;
  let keep = 0;
  for (const p of list) {
    if (all || p.until <= c.state.nowMs) {
      c.state.ports.release(p.port);
      c.out.push({ kind: 'close-parked', io: p.io });
    } else {
      list[keep++] = p;
    }
  }
  list.length = keep;
}
