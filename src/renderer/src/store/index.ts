// One zustand store. Its slices are the top-level keys of the host's AppState (app,
// settings, log, ...) plus the link status. Fed only by snapshot/patch events: applying a
// patch keeps untouched slices' identity, so components re-render only for what changed.
import { create } from 'zustand';
import type { StateEvent } from '../../../shared/events';
import { applyOps } from '../../../shared/patch';
import { APP_STATE_KEYS, type AppState } from '../../../shared/state';
import type { ConnectionStatus } from '../transport/types';

export interface SyncSlice {
  /** Sequence number of the last applied snapshot or patch; -1 before the first snapshot. */
  seq: number;
  /** True once a snapshot was applied. Pages render placeholders before that. */
  synced: boolean;
  /** How many times a gap forced a resync (shown in Settings > Diagnostics). */
  resyncs: number;
  connection: ConnectionStatus;
}

export type Store = Partial<AppState> & SyncSlice;

export const initialStore: Store = {
  seq: -1,
  synced: false,
  resyncs: 0,
  connection: { state: 'connecting', since: Date.now() },
};

export const useStore = create<Store>()(() => initialStore);

function stateOf(s: Store): AppState {
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
