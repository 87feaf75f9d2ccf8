// One coarse timer beats for every console socket, instead of a timer per socket. It runs
// only while a socket is joined, and never keeps the process alive.
import { HEARTBEAT_MS } from '../../shared/wire';

const beats = new Set<() => void>();
let timer: NodeJS.Timeout | undefined;

function tick(): void {
  for (const beat of beats) beat();
}

/** Calls `beat` every HEARTBEAT_MS until the returned function is called. */
export function joinHeartbeat(beat: () => void): () => void {
  beats.add(beat);
  if (!timer) {
    timer = setInterval(tick, HEARTBEAT_MS);
    timer.unref();
  }
  return () => {
    beats.delete(beat);
    if (beats.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
