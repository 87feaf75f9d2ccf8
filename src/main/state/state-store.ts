// The authoritative state and its event stream. Writers call set/delete/append; the ops are
// applied at once (readers see the new state immediately) and flushed to subscribers as one
// numbered patch at most every PATCH_FLUSH_MS. Subscribers get a snapshot first.
import type { StateEvent } from '../../shared/events';
import { PATCH_FLUSH_MS } from '../../shared/events';
import { applyOpFresh, type FreshSet, getAt, type PatchOp, type Path } from '../../shared/patch';
import type { AppState } from '../../shared/state';

export type StateListener = (event: StateEvent) => void;

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class StateStore {
  #state: AppState;
  #seq = 0;
  #pending: PatchOp[] = [];
  #flushTimer: unknown;
  /** Containers copied since the last flush: later writes in the same window change them in place. */
  #fresh: FreshSet = new WeakSet();
  readonly #listeners = new Set<StateListener>();
  readonly #scheduler: Scheduler;
  readonly #flushMs: number;

  constructor(initial: AppState, options: { scheduler?: Scheduler; flushMs?: number } = {}) {
    this.#state = initial;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#flushMs = options.flushMs ?? PATCH_FLUSH_MS;
  }

  get state(): AppState {
    return this.#state;
  }

  get seq(): number {
    return this.#seq;
  }

  get<T = unknown>(path: Path): T {
    return getAt(this.#state, path) as T;
  }

  set(path: Path, value: unknown): void {
    if (getAt(this.#state, path) === value) return;
    this.#push({ op: 'set', path, value });
  }

  delete(path: Path): void {
    if (getAt(this.#state, path) === undefined) return;
    this.#push({ op: 'delete', path });
  }

  append(path: Path, values: unknown[], limit: number): void {
    if (values.length === 0) return;
    this.#push({ op: 'append', path, values, limit });
  }

  /** Adds a listener and sends it a snapshot of the state as it is now (after a flush). */
  subscribe(listener: StateListener): () => void {
    this.flush();
    this.#listeners.add(listener);
    listener(this.snapshot());
    return () => this.#listeners.delete(listener);
  }

  snapshot(): StateEvent {
    this.flush();
    // The snapshot shares these objects with its reader: nothing in them may change in place.
    this.#fresh = new WeakSet();
    return { type: 'snapshot', seq: this.#seq, state: this.#state };
  }

  /** Sends pending ops now as one patch. */
  flush(): void {
    if (this.#flushTimer !== undefined) {
      this.#scheduler.clearTimeout(this.#flushTimer);
      this.#flushTimer = undefined;
    }
    if (this.#pending.length === 0) return;
    // From here on readers may hold the current objects (a listener keeps the state).
    this.#fresh = new WeakSet();
    const ops = this.#pending;
    this.#pending = [];
    this.#seq += 1;
    const event: StateEvent = { type: 'patch', seq: this.#seq, ops };
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber (a closed window, a dead socket) must not stop the others;
        // its transport notices the failure and unsubscribes.
      }
    }
  }

  close(): void {
    this.flush();
    this.#listeners.clear();
  }

  #push(op: PatchOp): void {
    this.#state = applyOpFresh(this.#state, op, this.#fresh);
    this.#pending.push(op);
    if (this.#flushTimer === undefined) {
      this.#flushTimer = this.#scheduler.setTimeout(() => {
        this.#flushTimer = undefined;
        this.flush();
      }, this.#flushMs);
    }
  }
}
