import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from './reorder';

const pkt = (seq: number) => Buffer.from([seq >> 8, seq & 0xff]);
const seqOf = (b: Buffer) => (b[0]! << 8) | b[1]!;

function drain(r: ReorderBuffer, now: number): number[] {
  const out: number[] = [];
  for (let b = r.pop(now); b; b = r.pop(now)) out.push(seqOf(b));
  return out;
}

describe('ReorderBuffer', () => {
  it('releases swapped packets in order', () => {
    const r = new ReorderBuffer({ capacity: 8, maxDelayMs: 50 });
    r.push(1, pkt(1), 0);
    expect(drain(r, 0)).toEqual([1]);
    r.push(3, pkt(3), 1);
    expect(drain(r, 1)).toEqual([]);
    r.push(2, pkt(2), 2);
    expect(drain(r, 2)).toEqual([2, 3]);
    expect(r.heldBack).toBe(1);
  });

  it('gives up on a gap after maxDelay (time injected)', () => {
    const r = new ReorderBuffer({ capacity: 8, maxDelayMs: 50 });
    r.push(1, pkt(1), 0);
    drain(r, 0);
    r.push(3, pkt(3), 10);
    expect(drain(r, 59)).toEqual([]);
    expect(r.deadline()).toBe(60);
    expect(drain(r, 60)).toEqual([3]);
    expect(r.push(2, pkt(2), 61)).toBe('late');
  });

  it('a packet beyond capacity forces the gap out', () => {
    const r = new ReorderBuffer({ capacity: 4, maxDelayMs: 1000 });
    r.push(10, pkt(10), 0);
    drain(r, 0);
    r.push(12, pkt(12), 0);
    r.push(17, pkt(17), 0);
    expect(drain(r, 0)).toEqual([12]);
    expect(r.size).toBe(1);
  });

  it('duplicates are refused', () => {
    const r = new ReorderBuffer();
    r.push(5, pkt(5), 0);
    r.push(7, pkt(7), 0);
    expect(r.push(7, pkt(7), 0)).toBe('duplicate');
  });

  it('property: any arrival order of a window yields an increasing subsequence, all delivered eventually', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.shuffledSubarray([...Array(40).keys()], { minLength: 1 }),
        (start, order) => {
          const r = new ReorderBuffer({ capacity: 16, maxDelayMs: 5 });
          const out: number[] = [];
          let t = 0;
          for (const i of order) {
            r.push((start + i) & 0xffff, pkt((start + i) & 0xffff), t);
            out.push(...drain(r, t));
            t++;
          }
          out.push(...drain(r, t + 1000));
          expect(r.size).toBe(0);
          const rel = out.map((s) => (s - start) & 0xffff);
          for (let i = 1; i < rel.length; i++) expect(rel[i]!).toBeGreaterThan(rel[i - 1]!);
        },
      ),
    );
  });
});
