import { describe, expect, it } from 'vitest';
import { Demand } from './demand';

function manual() {
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { fn, ms });
      return id;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    fire() {
      for (const [id, t] of [...timers]) {
        timers.delete(id);
        t.fn();
      }
    },
  };
}

describe('Demand', () => {
  it('is demanded from the first consumer of any source until the grace after the last', () => {
    const t = manual();
    const changes: string[] = [];
    const d = new Demand({ graceMs: () => 10_000, changed: (id) => changes.push(id), ...t });
    expect(d.has('cam')).toBe(false);
    d.set('cam', 'restream', 1);
    d.set('cam', 'console', 1);
    expect(d.has('cam')).toBe(true);
    expect(changes).toEqual(['cam']);
    d.set('cam', 'restream', 0);
    expect(t.timers.size).toBe(0); // the console view still watches
    d.set('cam', 'console', 0);
    expect([...t.timers.values()].map((x) => x.ms)).toEqual([10_000]);
    expect(d.has('cam')).toBe(true);
    t.fire();
    expect(d.has('cam')).toBe(false);
    expect(changes).toEqual(['cam', 'cam']);
  });

  it('a consumer back within the grace cancels it: no stop, no restart', () => {
    const t = manual();
    const changes: string[] = [];
    const d = new Demand({ graceMs: () => 5000, changed: (id) => changes.push(id), ...t });
    d.set('cam', 'webrtc', 2);
    d.set('cam', 'webrtc', 0);
    d.set('cam', 'restream', 1);
    expect(t.timers.size).toBe(0);
    t.fire();
    expect(d.has('cam')).toBe(true);
    expect(changes).toEqual(['cam']);
    d.forget('cam');
    expect(d.has('cam')).toBe(false);
  });
});
