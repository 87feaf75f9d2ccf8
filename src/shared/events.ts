// The state stream from main to the renderer: one snapshot, then patches numbered
// consecutively. A renderer that sees a gap (seq != last + 1) asks for a new snapshot.
import type { PatchOp } from './patch';
import type { AppState } from './state';

export interface StateSnapshot {
  type: 'snapshot';
  seq: number;
  state: AppState;
}

export interface StatePatch {
  type: 'patch';
  seq: number;
  ops: PatchOp[];
}

export type StateEvent = StateSnapshot | StatePatch;

/** Patches are flushed at most this often; engine figures are sampled slower (FIGURES_INTERVAL_MS). */
export const PATCH_FLUSH_MS = 50;
/** Live figures (bitrate, fps, bytes relayed) are written into state at this period. */
export const FIGURES_INTERVAL_MS = 1000;
