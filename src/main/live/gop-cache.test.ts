import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GopCache } from './gop-cache';
import { frame } from './testing';

describe('GopCache', () => {
  it('holds the last key frame and the frames after it', () => {
    const gop = new GopCache({ maxBytes: 10_000, maxFrames: 10 });
    gop.push(frame(false, 50)); // before any key frame: useless, not kept
    expect(gop.frames).toHaveLength(0);
    const k1 = frame(true, 300);
    gop.push(k1);
    gop.push(frame(false, 50));
    gop.push(frame(false, 50));
    expect(gop.frames).toHaveLength(3);
    expect(gop.bytes).toBe(400);
    const k2 = frame(true, 200);
    gop.push(k2);
    expect(gop.frames).toEqual([k2]);
    expect(gop.key).toBe(k2);
    expect(gop.bytes).toBe(200);
  });

  it('past its bounds keeps only the key frame until the next one', () => {
    const gop = new GopCache({ maxBytes: 1000, maxFrames: 4 });
    gop.push(frame(true, 500));
    gop.push(frame(false, 300));
    gop.push(frame(false, 300)); // 1100 > 1000: cut
    expect(gop.truncated).toBe(true);
    expect(gop.frames).toHaveLength(1);
    expect(gop.bytes).toBe(500);
    gop.push(frame(false, 10));
    expect(gop.frames).toHaveLength(1);
    gop.push(frame(true, 10));
    expect(gop.truncated).toBe(false);
    for (let i = 0; i < 3; i++) gop.push(frame(false, 10));
    expect(gop.frames).toHaveLength(4);
    gop.push(frame(false, 10)); // the fifth frame: cut by count
    expect(gop.truncated).toBe(true);
    expect(gop.frames).toHaveLength(1);
  });

  it('never holds more than max(maxBytes, one key frame) bytes or maxFrames frames (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3000 })), { maxLength: 300 }),
        (maxBytes, maxFrames, pushes) => {
          const gop = new GopCache({ maxBytes, maxFrames });
          for (const [key, size] of pushes) {
            gop.push(frame(key, size));
            const keySize = gop.key?.data.length ?? 0;
            expect(gop.frames.length).toBeLessThanOrEqual(maxFrames);
            expect(gop.bytes).toBeLessThanOrEqual(Math.max(maxBytes, keySize));
            expect(gop.bytes).toBe(gop.frames.reduce((n, f) => n + f.data.length, 0));
            if (gop.frames.length) expect(gop.frames[0]!.isRandomAccessPoint).toBe(true);
            expect(gop.frames.slice(1).every((f) => !f.isRandomAccessPoint)).toBe(true);
          }
        },
      ),
    );
  });
});
