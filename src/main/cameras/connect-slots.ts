// At most a few connection attempts in flight to one server at once. A recorder serving 100
// channels from one address, or any camera on a busy machine, gets 100 simultaneous
// DESCRIBEs when the host starts or the network comes back; they time out together, retry
// together and register stale sessions together, and nothing ever plays. Queued attempts
// start in order as earlier ones reach PLAY (or fail), so each one is answered in time.

/** Attempts in flight to one server (host:port) at once. */
export const DEFAULT_CONNECTS_PER_SERVER = 4;

export interface ConnectSlot {
  /** Waits for a free slot; rejects with the signal's reason if it aborts first. */
  acquire(signal: AbortSignal): Promise<() => void>;
}

export class ConnectSlots {
  readonly #servers = new Map<string, { busy: number; queue: Array<() => void> }>();

  constructor(readonly perServer = DEFAULT_CONNECTS_PER_SERVER) {}

  /** The slot source for one server. */
  forServer(server: string): ConnectSlot {
    return { acquire: (signal) => this.#acquire(server, signal) };
  }

  /** Attempts in flight and waiting for `server` (for tests and diagnostics). */
  load(server: string): { busy: number; waiting: number } {
    const s = this.#servers.get(server);
    return { busy: s?.busy ?? 0, waiting: s?.queue.length ?? 0 };
  }

  #acquire(server: string, signal: AbortSignal): Promise<() => void> {
    let s = this.#servers.get(server);
    if (!s) {
      s = { busy: 0, queue: [] };
      this.#servers.set(server, s);
    }
    const state = s;
    const release = () => {
      let done = false;
      return () => {
        if (done) return;
        done = true;
        state.busy -= 1;
        const next = state.queue.shift();
        if (next) next();
        else if (state.busy === 0) this.#servers.delete(server);
      };
    };
    if (signal.aborted) return Promise.reject(signal.reason);
    if (state.busy < this.perServer) {
      state.busy += 1;
      return Promise.resolve(release());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        state.busy += 1;
        resolve(release());
      };
      const onAbort = () => {
        const i = state.queue.indexOf(grant);
        if (i >= 0) state.queue.splice(i, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      state.queue.push(grant);
    });
  }
}
