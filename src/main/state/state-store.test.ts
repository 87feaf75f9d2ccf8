import { describe, expect, it } from 'vitest';
import type { StateEvent } from '../../shared/events';
import { emptyAppState, testAppInfo } from '../../shared/initial-state';
import { applyOps } from '../../shared/patch';
import type { AppState } from '../../shared/state';
import { ManualScheduler } from '../testing/manual-scheduler';
import { StateStore } from './state-store';

const initial = (): AppState => emptyAppState(testAppInfo());

describe('StateStore', () => {
  it('sends a snapshot on subscribe, then coalesced patches with consecutive numbers', () => {
    const scheduler = new ManualScheduler();
    const store = new StateStore(initial(), { scheduler, flushMs: 50 });
    const events: StateEvent[] = [];
    store.subscribe((e) => events.push(e));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'snapshot', seq: 0 });

    for (let i = 0; i < 100; i++) store.set(['settings', 'theme'], i % 2 ? 'dark' : 'light');
    store.set(['settings', 'closeToTray'], false);
    expect(events).toHaveLength(1); // nothing until the flush timer fires
    scheduler.advance(50);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ type: 'patch', seq: 1 });

    store.append(['log'], [{ id: 1 }], 10);
    scheduler.advance(50);
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it('replaying snapshot + patches gives the current state', () => {
    const scheduler = new ManualScheduler();
    const store = new StateStore(initial(), { scheduler });
    const events: StateEvent[] = [];
    store.subscribe((e) => events.push(e));
    store.set(['settings', 'theme'], 'dark');
    scheduler.advance(100);
    store.append(['log'], [{ id: 1 }, { id: 2 }], 1);
    store.delete(['settings', 'startHidden']);
    store.flush();
    let mirror = (events[0] as { state: AppState }).state;
    for (const e of events.slice(1)) if (e.type === 'patch') mirror = applyOps(mirror, e.ops);
    expect(mirror).toEqual(store.state);
  });

  it('a late subscriber gets pending changes in its snapshot, not twice', () => {
    const scheduler = new ManualScheduler();
    const store = new StateStore(initial(), { scheduler });
    const early: StateEvent[] = [];
    store.subscribe((e) => early.push(e));
    store.set(['settings', 'theme'], 'dark');
    const late: StateEvent[] = [];
    store.subscribe((e) => late.push(e));
    expect(late[0]).toMatchObject({ type: 'snapshot', seq: 1 });
    expect((late[0] as { state: AppState }).state.settings.theme).toBe('dark');
    expect(early.map((e) => e.seq)).toEqual([0, 1]);
    scheduler.advance(100);
    expect(late).toHaveLength(1);
  });

  it('a setter with an unchanged value sends nothing; a throwing listener does not stop others', () => {
    const scheduler = new ManualScheduler();
    const store = new StateStore(initial(), { scheduler });
    const got: StateEvent[] = [];
    store.subscribe((e) => {
      if (e.type === 'patch') throw new Error('dead window');
    });
    store.subscribe((e) => got.push(e));
    store.set(['settings', 'theme'], 'system');
    scheduler.advance(100);
    expect(got).toHaveLength(1);
    store.set(['settings', 'theme'], 'dark');
    scheduler.advance(100);
    expect(got).toHaveLength(2);
  });
});

describe('StateStore copy-on-write', () => {
  it('never changes objects a snapshot or a patch handed out', () => {
    const scheduler = new ManualScheduler();
    const store = new StateStore(initial(), { scheduler });
    const deepFreeze = (o: unknown): void => {
      if (o && typeof o === 'object' && !Object.isFrozen(o)) {
        Object.freeze(o);
        for (const v of Object.values(o)) deepFreeze(v);
      }
    };
    store.subscribe((e) => {
      if (e.type === 'snapshot') deepFreeze(e.state);
    });
    store.set(['settings', 'theme'], 'dark');
    store.set(['settings', 'closeToTray'], false);
    scheduler.advance(100);
    deepFreeze(store.state);
    // Writes after the flush must copy, not change frozen (handed-out) objects in place.
    expect(() => {
      store.set(['settings', 'theme'], 'light');
      store.append(['log'], [{ id: 1 }], 5);
      store.set(['settings', 'startHidden'], true);
    }).not.toThrow();
    expect(store.state.settings).toMatchObject({ theme: 'light', startHidden: true, closeToTray: false });
  });
});
