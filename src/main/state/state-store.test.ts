import { describe, expect, it } from 'vitest';
import type { GroupView } from '../../shared/cameras';
import type { StateEvent } from '../../shared/events';
import { emptyAppState, testAppInfo } from '../../shared/initial-state';
import { applyOps } from '../../shared/patch';
import type { AppState, LogEntry } from '../../shared/state';
import { ManualScheduler } from '../testing/manual-scheduler';
import { StateStore } from './state-store';

const initial = (): AppState => emptyAppState(testAppInfo());
const entry = (id: number): LogEntry => ({ id, at: 0, level: 'info', source: 'app', message: `entry ${id}` });

describe('StateStore', () => {
  it('sends a snapshot on subscribe, then coalesced patches with consecutive numbers', () => {
    const scheduler = new ManualScheduler();
    const store = new StateStore(initial(), { scheduler, flushMs: 50 });
    const events: StateEvent[] = [];
    store.subscribe((e) => events.push(e));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'snapshot', seq: 0 });

    for (let i = 0; i < 100; i++) store.slice('settings').set(['startHidden'], i % 2 === 1);
    store.slice('settings').set(['closeToTray'], false);
    expect(events).toHaveLength(1); // nothing until the flush timer fires
    scheduler.advance(50);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ type: 'patch', seq: 1 });

    store.slice('log').append([], [entry(1)], 10);
    scheduler.advance(50);
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it('replaying snapshot + patches gives the current state', () => {
    const scheduler = new ManualScheduler();
    const store = new StateStore(initial(), { scheduler });
    const events: StateEvent[] = [];
    store.subscribe((e) => events.push(e));
    store.slice('settings').set(['closeToTray'], false);
    scheduler.advance(100);
    store.slice('log').append([], [entry(1), entry(2)], 1);
    store.slice('settings').delete(['startHidden']);
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
    store.slice('settings').set(['startHidden'], true);
    const late: StateEvent[] = [];
    store.subscribe((e) => late.push(e));
    expect(late[0]).toMatchObject({ type: 'snapshot', seq: 1 });
    expect((late[0] as { state: AppState }).state.settings.startHidden).toBe(true);
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
    store.slice('settings').set(['startHidden'], false); // the default: unchanged
    scheduler.advance(100);
    expect(got).toHaveLength(1);
    store.slice('settings').set(['startHidden'], true);
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
    store.slice('settings').set(['startHidden'], true);
    store.slice('settings').set(['closeToTray'], false);
    scheduler.advance(100);
    deepFreeze(store.state);
    // Writes after the flush must copy, not change frozen (handed-out) objects in place.
    expect(() => {
      store.slice('settings').set(['startHidden'], false);
      store.slice('log').append([], [entry(1)], 5);
      store.slice('settings').set(['startAtLogin'], true);
    }).not.toThrow();
    expect(store.state.settings).toMatchObject({
      startHidden: false,
      startAtLogin: true,
      closeToTray: false,
    });
  });
});

describe('StateStore slice writers', () => {
  const group = (cameraIds: string[]): GroupView => ({
    id: 'server:cam.local:554',
    kind: 'server',
    label: 'cam.local:554',
    cameraIds,
    staleCount: 0,
    sessions: [],
    live555Bug: false,
  });

  it('a value rebuilt equal to the stored one sends no patch and keeps the old object', () => {
    const scheduler = new ManualScheduler();
    const store = new StateStore(initial(), { scheduler });
    const groups = store.slice('groups');
    const events: StateEvent[] = [];
    store.subscribe((e) => events.push(e));
    groups.set(['server:cam.local:554'], group(['a', 'b']));
    scheduler.advance(100);
    expect(events).toHaveLength(2);
    const stored = store.state.groups['server:cam.local:554'];

    // The camera manager rebuilds every group view on its 1 Hz tick.
    for (let tick = 0; tick < 5; tick++) {
      groups.set(['server:cam.local:554'], group(['a', 'b']));
      scheduler.advance(100);
    }
    expect(events).toHaveLength(2);
    expect(store.state.groups['server:cam.local:554']).toBe(stored);

    groups.set(['server:cam.local:554'], group(['a']));
    scheduler.advance(100);
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({
      type: 'patch',
      ops: [{ op: 'set', path: ['groups', 'server:cam.local:554'], value: { cameraIds: ['a'] } }],
    });
  });

  it('writes on the wire as full paths from the state root', () => {
    const store = new StateStore(initial(), { scheduler: new ManualScheduler() });
    const events: StateEvent[] = [];
    store.subscribe((e) => events.push(e));
    store.slice('relay').set(['status'], { state: 'starting' });
    store.slice('live').set(['viewers', 'cam1'], 2);
    store.slice('live').delete(['viewers', 'cam1']);
    store.slice('relay').append(['history', 't'], [1, 2], 300);
    store.flush();
    expect(events[1]).toEqual({
      type: 'patch',
      seq: 1,
      ops: [
        { op: 'set', path: ['relay', 'status'], value: { state: 'starting' } },
        { op: 'set', path: ['live', 'viewers', 'cam1'], value: 2 },
        { op: 'delete', path: ['live', 'viewers', 'cam1'] },
        { op: 'append', path: ['relay', 'history', 't'], values: [1, 2], limit: 300 },
      ],
    });
  });

  it('refuses values of the wrong type at compile time', () => {
    const store = new StateStore(initial(), { scheduler: new ManualScheduler() });
    const relay = store.slice('relay');
    // @ts-expect-error a status is an object, not a string
    expect(() => relay.set(['status'], 'running')).not.toThrow();
    // @ts-expect-error no such field in the relay slice
    relay.set(['statuz'], { state: 'stopped' });
    // @ts-expect-error the history holds numbers
    relay.append(['history', 't'], ['now'], 10);
    // A slice as a whole is replaced, never deleted.
    expect(() => relay.delete([])).toThrow(/cannot be deleted/);
  });
});
