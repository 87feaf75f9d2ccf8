import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOp, applyOps, getAt, type PatchOp } from './patch';

describe('applyOps', () => {
  it('sets, deletes and appends without mutating the input', () => {
    const before = Object.freeze({
      a: Object.freeze({ b: 1, c: Object.freeze([1, 2]) }),
      d: Object.freeze({ e: 2 }),
    });
    const after = applyOps(before, [
      { op: 'set', path: ['a', 'b'], value: 5 },
      { op: 'append', path: ['a', 'c'], values: [3, 4], limit: 3 },
      { op: 'delete', path: ['x'] },
    ]);
    expect(after).toEqual({ a: { b: 5, c: [2, 3, 4] }, d: { e: 2 } });
    expect(before).toEqual({ a: { b: 1, c: [1, 2] }, d: { e: 2 } });
    // Untouched branches keep their identity (zustand selectors rely on it).
    expect(after.d).toBe(before.d);
    expect(after.a).not.toBe(before.a);
  });

  it('creates missing containers on set and removes keys and array items on delete', () => {
    expect(applyOp({}, { op: 'set', path: ['cams', 'c1', 'fps'], value: 25 })).toEqual({
      cams: { c1: { fps: 25 } },
    });
    expect(applyOp({ m: { a: 1, b: 2 } }, { op: 'delete', path: ['m', 'a'] })).toEqual({ m: { b: 2 } });
    expect(applyOp({ l: [1, 2, 3] }, { op: 'delete', path: ['l', 1] })).toEqual({ l: [1, 3] });
  });

  it('a delete of something absent returns the same object', () => {
    const s = { a: 1 };
    expect(applyOp(s, { op: 'delete', path: ['b', 'c'] })).toBe(s);
  });

  // Reference model: deep clone then mutate in place.
  function reference(state: unknown, ops: PatchOp[]): unknown {
    let s = structuredClone(state);
    for (const op of ops) {
      if (op.path.length === 0) {
        if (op.op === 'set') s = structuredClone(op.value);
        continue;
      }
      let node = s as Record<string | number, unknown>;
      for (const key of op.path.slice(0, -1)) {
        if (node[key] === null || typeof node[key] !== 'object') {
          if (op.op === 'delete') {
            node = undefined as never;
            break;
          }
          node[key] = {};
        }
        node = node[key] as Record<string | number, unknown>;
      }
      if (!node) continue;
      const last = op.path[op.path.length - 1]!;
      if (op.op === 'set') node[last] = structuredClone(op.value);
      else if (op.op === 'delete') {
        if (Array.isArray(node) && typeof last === 'number') {
          if (node[last] !== undefined) node.splice(last, 1);
        } else delete node[last];
      } else {
        const cur = Array.isArray(node[last]) ? (node[last] as unknown[]) : [];
        const next = cur.concat(structuredClone(op.values));
        node[last] = next.slice(Math.max(0, next.length - op.limit));
      }
    }
    return s;
  }

  it('matches a deep-clone reference model for any op sequence', () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const path = fc.array(key, { minLength: 1, maxLength: 3 });
    const value = fc.oneof(
      fc.integer(),
      fc.string({ maxLength: 3 }),
      fc.dictionary(key, fc.integer(), { maxKeys: 2 }),
    );
    const op: fc.Arbitrary<PatchOp> = fc.oneof(
      fc.record({ op: fc.constant('set' as const), path, value }),
      fc.record({ op: fc.constant('delete' as const), path }),
      fc.record({
        op: fc.constant('append' as const),
        path,
        values: fc.array(fc.integer(), { maxLength: 3 }),
        limit: fc.integer({ min: 1, max: 4 }),
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(key, value), fc.array(op, { maxLength: 8 }), (state, ops) => {
        expect(applyOps(state, ops)).toEqual(reference(state, ops));
      }),
    );
  });

  it('never changes a value carried by a set op, even when later ops of the batch write under it', () => {
    const value = Object.freeze({ fps: 1, nested: Object.freeze({ a: 1 }) });
    const out = applyOps({} as Record<string, unknown>, [
      { op: 'set', path: ['cam'], value },
      { op: 'set', path: ['cam', 'fps'], value: 2 },
      { op: 'set', path: ['cam', 'nested', 'a'], value: 3 },
    ]);
    expect(out).toEqual({ cam: { fps: 2, nested: { a: 3 } } });
    expect(value).toEqual({ fps: 1, nested: { a: 1 } });
  });

  it('copies each touched container once per batch', () => {
    const cameras: Record<string, { fps: number }> = {};
    for (let i = 0; i < 300; i++) cameras[`c${i}`] = { fps: 0 };
    const state = { cameras };
    const ops: PatchOp[] = Object.keys(cameras).map((id) => ({
      op: 'set',
      path: ['cameras', id, 'fps'],
      value: 30,
    }));
    const out = applyOps(state, ops);
    for (const id of Object.keys(cameras)) expect(out.cameras[id]!.fps).toBe(30);
    expect(state.cameras.c0!.fps).toBe(0);
    // One new cameras map for the whole batch: applying the ops one batch at a time gives a
    // map whose untouched entries are shared with the input, and the batch result equals
    // applying op by op.
    let stepwise: typeof state = state;
    for (const op of ops) stepwise = applyOp(stepwise, op);
    expect(out).toEqual(stepwise);
  });

  it('getAt walks paths and tolerates missing nodes', () => {
    expect(getAt({ a: { b: [1, 2] } }, ['a', 'b', 1])).toBe(2);
    expect(getAt({ a: 1 }, ['a', 'b', 'c'])).toBeUndefined();
  });
});
