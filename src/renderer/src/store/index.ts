// One zustand store. Its slices are the top-level keys of the host's AppState (app,
// settings, log, ...) plus the link status. Fed only by snapshot/patch events: applying a
// patch keeps untouched slices' identity, so components re-render only for what changed.
// Before the first snapshot there is no state at all; after it, all of it (`synced` tells
// which). Pages render only once synced and read through `useSynced`, typed as AppState.
import { create } from 'zustand';
import type { StateEvent } from '../../../shared/events';
import { applyOps } from '../../../shared/patch';
import { APP_STATE_KEYS, type AppState } from '../../../shared/state';
import type { ConnectionStatus } from '../transport/types';

export interface SyncSlice {
  /** Sequence number of the last applied snapshot or patch; -1 before the first snapshot. */
  seq: number;
  /** How many times a gap forced a resync (shown in Settings > Diagnostics). */
  resyncs: number;
  connection: ConnectionStatus;
}

/** Before the first snapshot: no slice of the state yet. Pages render placeholders. */
export type UnsyncedStore = SyncSlice & { synced: false } & { [K in keyof AppState]?: undefined };
/** Once a snapshot was applied: every slice (a later gap resyncs without going back). */
export type SyncedStore = SyncSlice & { synced: true } & AppState;
export type Store = UnsyncedStore | SyncedStore;

export const initialStore: Store = {
  seq: -1,
  synced: false,
  resyncs: 0,
  connection: { state: 'connecting', since: Date.now() },
};

export const useStore = create<Store>()(() => initialStore);

/**
 * Selects from the synced state, typed as AppState. For components under a page: the app
 * renders pages only once synced, and a store never goes back to unsynced.
 */
export function useSynced<T>(selector: (s: SyncedStore) => T): T {
  return useStore((s) => {
    if (!s.synced) throw new Error('useSynced: the state was read before the first snapshot');
    return selector(s);
  });
}

function stateOf(s: SyncedStore): AppState {
  const out: Record<string, unknown> = {};
  for (const key of APP_STATE_KEYS) out[key] = s[key];
  return out as unknown as AppState;
}

/**
 * Applies one event from main. Returns false when the event cannot be applied (a gap in
 * the sequence, or a patch before any snapshot): the caller asks for a snapshot.
 */
export function applyStateEvent(event: StateEvent): boolean {
  const s = useStore.getState();
  if (event.type === 'snapshot') {
    useStore.setState({ ...event.state, seq: event.seq, synced: true });
    return true;
  }
  if (!s.synced || event.seq !== s.seq + 1) {
    if (s.synced && event.seq <= s.seq) return true; // already covered by a newer snapshot
    useStore.setState({ resyncs: s.resyncs + 1 });
    return false;
  }
  const before = stateOf(s);
  const after = applyOps(before, event.ops);
  const changed: Partial<Store> = { seq: event.seq };
  for (const key of APP_STATE_KEYS) {
    if (after[key] !== before[key]) (changed as Record<string, unknown>)[key] = after[key];
  }
  useStore.setState(changed);
  return true;
}

export function setConnection(connection: ConnectionStatus): void {
  useStore.setState({ connection });
}
