import { describe, expect, it } from 'vitest';
import type { CameraView } from '../../../shared/cameras';
import { gridSlots, loadChoice, saveChoice, setLayout, shownIds, toggleCamera } from './grid-model';

const cams = Object.fromEntries(
  ['b', 'a', 'c', 'd', 'e'].map((id) => [id, { id, name: `Cam ${id}` } as CameraView]),
);

describe('grid model', () => {
  it('a larger layout fills its new slots with cameras not shown yet; a smaller one keeps the choice', () => {
    const chosen = { layout: 4 as const, ids: ['e', 'c'] };
    expect(gridSlots(setLayout(chosen, 9, cams), cams)).toEqual([
      'e',
      'c',
      'a',
      'b',
      'd',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(setLayout(chosen, 1, cams)).toEqual({ layout: 1, ids: ['e', 'c'] });
    expect(setLayout({ layout: 4, ids: null }, 16, cams)).toEqual({ layout: 16, ids: null });
  });
  it('fills itself by name until the operator chooses', () => {
    expect(gridSlots({ layout: 4, ids: null }, cams)).toEqual(['a', 'b', 'c', 'd']);
    expect(gridSlots({ layout: 9, ids: null }, cams).filter(Boolean)).toHaveLength(5);
    expect(gridSlots({ layout: 4, ids: ['e', 'gone'] }, cams)).toEqual([
      'e',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('adds at the end, removes, and refuses past the layout', () => {
    let c = toggleCamera({ layout: 4, ids: null }, 'b', cams);
    expect(shownIds(c, cams)).toEqual(['a', 'c', 'd']);
    c = toggleCamera(c, 'e', cams);
    expect(shownIds(c, cams)).toEqual(['a', 'c', 'd', 'e']);
    expect(toggleCamera(c, 'b', cams)).toBe(c);
  });

  it('survives bad storage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    expect(loadChoice(storage)).toEqual({ layout: 4, ids: null });
    saveChoice(storage, { layout: 9, ids: ['a'] });
    expect(loadChoice(storage)).toEqual({ layout: 9, ids: ['a'] });
    store.set('camrelay.live.grid', '{"layout": 7, "ids": [1, "x"]}');
    expect(loadChoice(storage)).toEqual({ layout: 4, ids: ['x'] });
    store.set('camrelay.live.grid', '{oops');
    expect(loadChoice(storage)).toEqual({ layout: 4, ids: null });
  });
});
