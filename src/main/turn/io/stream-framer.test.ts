import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamFramer } from './stream-framer';

function stun(len: number, fill: number): Buffer {
  const b = Buffer.alloc(20 + len, fill);
  b.writeUInt16BE(0x0001, 0);
  b.writeUInt16BE(len, 2);
  b.writeUInt32BE(0x2112a442, 4);
  return b;
}
function channel(len: number, fill: number): Buffer {
  const b = Buffer.alloc(4 + ((len + 3) & ~3), fill);
  b.writeUInt16BE(0x4001, 0);
  b.writeUInt16BE(len, 2);
  return b;
}

describe('StreamFramer', () => {
  it('splits any chunking of a stream back into the same frames (property)', () => {
    const frame = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 255 }))
        .map(([n, f]) => stun(n * 4, f)),
      fc
        .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 255 }))
        .map(([n, f]) => channel(n, f)),
    );
    fc.assert(
      fc.property(
        fc.array(frame, { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 97 })),
        (frames, cuts) => {
          const stream = Buffer.concat(frames);
          const framer = new StreamFramer();
          const got: Buffer[] = [];
          let off = 0;
          let k = 0;
          while (off < stream.length) {
            const n = cuts.length ? cuts[k++ % cuts.length]! : stream.length;
            expect(framer.push(stream.subarray(off, off + n), (f) => got.push(Buffer.from(f)))).toBe(true);
            off += n;
          }
          expect(got.map((g) => g.toString('hex'))).toEqual(frames.map((f) => f.toString('hex')));
          expect(framer.pending).toBe(0);
        },
      ),
    );
  });

  it('refuses bytes that are neither STUN nor ChannelData, and never throws on garbage', () => {
    expect(
      new StreamFramer().push(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x10, 0x01, 0x00, 0x00, 0x0c]), () => {}),
    ).toBe(false); // TLS hello
    expect(new StreamFramer().push(Buffer.from([0x80, 0, 0, 0]), () => {})).toBe(false);
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 })), (chunks) => {
        const f = new StreamFramer();
        for (const c of chunks) if (!f.push(Buffer.from(c), () => {})) break;
        expect(f.pending).toBeLessThanOrEqual(20 + 0xffff);
      }),
    );
  });

  it('refuses a frame longer than maxFrame at its header, and holds nothing once a frame is done', () => {
    const f = new StreamFramer(1024);
    expect(f.push(stun(2000, 1).subarray(0, 8), () => {})).toBe(false);
    expect(f.refusal).toBe('frame-too-large');
    const g = new StreamFramer();
    const big = stun(4000, 2);
    const got: Buffer[] = [];
    expect(g.push(big.subarray(0, 1000), (x) => got.push(x))).toBe(true);
    expect(g.held).toBeGreaterThanOrEqual(1000);
    expect(g.push(big.subarray(1000), (x) => got.push(x))).toBe(true);
    expect(got).toHaveLength(1);
    expect(got[0]!.equals(big)).toBe(true);
    expect(g.held).toBe(0);
    expect(g.frames).toBe(1);
  });
});
