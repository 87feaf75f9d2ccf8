// A Scheduler whose timers fire only when the test says so.
import type { Scheduler } from '../state/state-store';

export class ManualScheduler implements Scheduler {
  #now = 0;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  advance(ms: number): void {
    this.#now += ms;
    for (const [id, t] of [...this.#timers]) {
      if (t.at <= this.#now) {
        this.#timers.delete(id);
        t.fn();
      }
    }
  }
}
