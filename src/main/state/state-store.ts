// The authoritative state and its event stream. Each top-level slice has one owner (see
// ARCHITECTURE.md, "State"), which writes it through the typed writer `slice(key)` returns;
// everyone else reads `state` and asks the owner to change it. Ops are applied at once
// (readers see the new state immediately) and flushed to subscribers as one numbered patch
// at most every PATCH_FLUSH_MS. Subscribers get a snapshot first.
import type { StateEvent } from '../../shared/events';
import { PATCH_FLUSH_MS } from '../../shared/events';
import { applyOpFresh, type FreshSet, getAt, type PatchOp, type Path } from '../../shared/patch';
import type { AppState } from '../../shared/state';
import type { ElementAt, SubPath, ValueAt } from './paths';
import { sameValue } from './same-value';

export type StateListener = (event: StateEvent) => void;

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The writer of one slice of the state, paths relative to the slice. A value equal in
 * structure to the one stored is not written (no op, no patch, the old object stays).
 */
export interface SliceWriter<K extends keyof AppState> {
  readonly key: K;
  /** The slice as it is now. */
  get(): AppState[K];
  set<P extends SubPath<AppState[K]>>(path: P, value: NonNullable<ValueAt<AppState[K], P>>): void;
  /** Removes an optional field or a map entry (nothing happens when it is absent). */
  delete<P extends SubPath<AppState[K]>>(path: P): void;
  /** Appends to the array at `path`, keeping its last `limit` items. */
  append<P extends SubPath<AppState[K]>>(path: P, values: ElementAt<AppState[K], P>[], limit: number): void;
}

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

  /** The typed writer of slice `key`, for its owner. */
  slice<K extends keyof AppState>(key: K): SliceWriter<K> {
    return {
      key,
      get: () => this.#state[key],
      set: (path, value) => this.#set([key, ...path], value),
      delete: (path) => this.#delete([key, ...path]),
      append: (path, values, limit) => this.#append([key, ...path], values, limit),
    };
  }

  #set(path: Path, value: unknown): void {
    if (sameValue(getAt(this.#state, path), value)) return;
    this.#push({ op: 'set', path, value });
  }

  #delete(path: Path): void {
    if (path.length < 2) throw new Error(`a state slice cannot be deleted (${String(path[0])})`);
    if (getAt(this.#state, path) === undefined) return;
    this.#push({ op: 'delete', path });
  }

  #append(path: Path, values: unknown[], limit: number): void {
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
