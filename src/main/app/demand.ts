// Who wants each camera now: restream sessions (and DESCRIBEs waiting for a first frame),
// console live views and WebRTC viewers, counted per source. A camera is demanded while any
// count is above zero and for a grace period after the last one left, so a player that
// reconnects (or DESCRIBEs, then SETUPs) does not make an on-demand camera reconnect.
// `changed` runs when a camera starts or stops being demanded (the camera manager resyncs).

/** `waiting`: a player (restream DESCRIBE, WebRTC offer) waits for the first key frame. */
export type DemandSource = 'restream' | 'console' | 'webrtc' | 'waiting';

export interface DemandOptions {
  /** Grace after the last consumer left, ms (read each time: a settings change applies). */
  graceMs: () => number;
  changed: (cameraId: string) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Demand {
  readonly #counts = new Map<string, Map<DemandSource, number>>();
  readonly #active = new Set<string>();
  readonly #grace = new Map<string, unknown>();
  readonly #setTimer: (fn: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;

  constructor(private readonly options: DemandOptions) {
    this.#setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const t = setTimeout(fn, ms);
        t.unref?.();
        return t;
      });
    this.#clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  /** Whether the camera has a consumer or is in its grace period. */
  has(cameraId: string): boolean {
    return this.#active.has(cameraId);
  }

  count(cameraId: string): number {
    let n = 0;
    for (const c of this.#counts.get(cameraId)?.values() ?? []) n += c;
    return n;
  }

  set(cameraId: string, source: DemandSource, count: number): void {
    let bySource = this.#counts.get(cameraId);
    if (!bySource) {
      if (count === 0) return;
      bySource = new Map();
      this.#counts.set(cameraId, bySource);
    }
    if (count === 0) bySource.delete(source);
    else bySource.set(source, count);
    if (bySource.size === 0) this.#counts.delete(cameraId);
    const total = this.count(cameraId);
    if (total > 0) {
      this.#cancelGrace(cameraId);
      if (!this.#active.has(cameraId)) {
        this.#active.add(cameraId);
        this.options.changed(cameraId);
      }
    } else if (this.#active.has(cameraId) && !this.#grace.has(cameraId)) {
      const handle = this.#setTimer(() => {
        this.#grace.delete(cameraId);
        if (this.count(cameraId) > 0 || !this.#active.delete(cameraId)) return;
        this.options.changed(cameraId);
      }, this.options.graceMs());
      this.#grace.set(cameraId, handle);
    }
  }

  /** A camera left the config: it holds nothing here. */
  forget(cameraId: string): void {
    this.#cancelGrace(cameraId);
    this.#counts.delete(cameraId);
    this.#active.delete(cameraId);
  }

  close(): void {
    for (const id of [...this.#grace.keys()]) this.#cancelGrace(id);
  }

  #cancelGrace(cameraId: string): void {
    const h = this.#grace.get(cameraId);
    if (h === undefined) return;
    this.#clearTimer(h);
    this.#grace.delete(cameraId);
  }
}
