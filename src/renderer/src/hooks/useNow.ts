// One shared wall clock for countdowns and "playing for" texts. A single timer ticks on the
// second boundary while at least one component listens, and stops when none does, so a
// page without live times costs nothing and every countdown on screen changes together.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(): void {
  // Land just after the next whole second so ceil()-based countdowns step cleanly.
  timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
}

function tick(): void {
  now = Date.now();
  for (const l of listeners) l();
  if (listeners.size) schedule();
  else timer = undefined;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    schedule();
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
}

function snapshot(): number {
  // Nobody listened for a while: the cached value is old; refresh it (stable within a second).
  if (!timer && Date.now() - now >= 1000) now = Date.now();
  return now;
}

const still = () => () => {};

/** The current time in ms, re-rendering once a second while `active` (default true). */
export function useNow(active = true): number {
  return useSyncExternalStore(active ? subscribe : still, snapshot);
}

/** For tests and for code that needs the clock outside React. */
export function currentNow(): number {
  return snapshot();
}
