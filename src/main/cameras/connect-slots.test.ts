import { describe, expect, it } from 'vitest';
import { ConnectSlots } from './connect-slots';

describe('connect slots', () => {
  it('at most N attempts per server at once; the rest start in order as slots free up', async () => {
    const slots = new ConnectSlots(2);
    const a = slots.forServer('cam:554');
    const other = slots.forServer('nvr:554');
    const signal = new AbortController().signal;
    const r1 = await a.acquire(signal);
    const r2 = await a.acquire(signal);
    const started: number[] = [];
    const p3 = a.acquire(signal).then((r) => {
      started.push(3);
      return r;
    });
    const p4 = a.acquire(signal).then((r) => {
      started.push(4);
      return r;
    });
    // Another server is not held up.
    (await other.acquire(signal))();
    await Promise.resolve();
    expect(started).toEqual([]);
    expect(slots.load('cam:554')).toEqual({ busy: 2, waiting: 2 });
    r1();
    r1(); // a second release frees nothing more
    const r3 = await p3;
    expect(started).toEqual([3]);
    expect(slots.load('cam:554')).toEqual({ busy: 2, waiting: 1 });
    r2();
    (await p4)();
    r3();
    expect(slots.load('cam:554')).toEqual({ busy: 0, waiting: 0 });
  });

  it('a waiting attempt that is aborted leaves the queue and holds nothing', async () => {
    const slots = new ConnectSlots(1);
    const s = slots.forServer('cam:554');
    const release = await s.acquire(new AbortController().signal);
    const ac = new AbortController();
    const waiting = s.acquire(ac.signal);
    ac.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    expect(slots.load('cam:554')).toEqual({ busy: 1, waiting: 0 });
    release();
    expect(slots.load('cam:554')).toEqual({ busy: 0, waiting: 0 });
  });
});
