import { beforeEach, describe, expect, it } from 'vitest';
import { emptyAppState, testAppInfo } from '../../../shared/initial-state';
import type { AppState } from '../../../shared/state';
import { applyStateEvent, initialStore, useStore } from './index';

const state: AppState = emptyAppState(testAppInfo());

beforeEach(() => useStore.setState(initialStore, true));

describe('renderer store sync', () => {
  it('refuses patches before a snapshot', () => {
    expect(applyStateEvent({ type: 'patch', seq: 1, ops: [] })).toBe(false);
    expect(useStore.getState().synced).toBe(false);
  });

  it('applies consecutive patches and keeps untouched slices identical', () => {
    applyStateEvent({ type: 'snapshot', seq: 5, state });
    const app = useStore.getState().app;
    expect(
      applyStateEvent({
        type: 'patch',
        seq: 6,
        ops: [{ op: 'set', path: ['settings', 'startHidden'], value: true }],
      }),
    ).toBe(true);
    expect(useStore.getState().settings?.startHidden).toBe(true);
    expect(useStore.getState().app).toBe(app);
    expect(useStore.getState().seq).toBe(6);
  });

  it('reports a gap so the caller asks for a snapshot, and ignores stale patches', () => {
    applyStateEvent({ type: 'snapshot', seq: 5, state });
    expect(applyStateEvent({ type: 'patch', seq: 7, ops: [] })).toBe(false);
    expect(useStore.getState().resyncs).toBe(1);
    expect(useStore.getState().seq).toBe(5);
    // After a newer snapshot, a patch it already covers is skipped silently.
    applyStateEvent({ type: 'snapshot', seq: 9, state });
    expect(applyStateEvent({ type: 'patch', seq: 8, ops: [] })).toBe(true);
    expect(useStore.getState().seq).toBe(9);
  });
});

describe('renderer store typing', () => {
  it('is the whole AppState once synced, and stays synced through a resync', () => {
    const before = useStore.getState();
    expect(before.synced).toBe(false);
    // @ts-expect-error before the first snapshot no slice exists
    before.cameras satisfies AppState['cameras'];
    applyStateEvent({ type: 'snapshot', seq: 1, state });
    applyStateEvent({ type: 'patch', seq: 3, ops: [] }); // a gap: the caller asks for a snapshot
    const s = useStore.getState();
    if (!s.synced) throw new Error('expected the store to stay synced');
    const cameras: AppState['cameras'] = s.cameras;
    expect(cameras).toBe(state.cameras);
  });
});
