import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeG711 } from './g711';

// Reference encoders (ITU-T G.711 / the classic Sun g711.c), to check the decoder against.
function linearToMuLaw(pcm: number): number {
  const BIAS = 0x84;
  let mask = 0xff;
  let v = pcm;
  if (v < 0) {
    v = BIAS - v;
    mask = 0x7f;
  } else v += BIAS;
  if (v > 0x7fff) v = 0x7fff;
  let seg = 0;
  for (let t = v >> 7; t > 1 && seg < 7; t >>= 1) seg++;
  if (v >= 0x4000) seg = 7;
  return ((seg << 4) | ((v >> (seg + 3)) & 0x0f)) ^ mask;
}

describe('G.711', () => {
  it('decodes the µ-law and A-law silence and extremes', () => {
    const mu = decodeG711('pcmu', Uint8Array.from([0xff, 0x7f, 0x80, 0x00]));
    expect(mu[0]).toBe(0);
    expect(mu[1]).toBe(0);
    expect(mu[2]).toBeCloseTo(32124 / 32768, 5);
    expect(mu[3]).toBeCloseTo(-32124 / 32768, 5);
    const a = decodeG711('pcma', Uint8Array.from([0xd5, 0x55, 0xaa, 0x2a]));
    expect(Math.abs(a[0]!)).toBeLessThan(0.001);
    expect(Math.abs(a[1]!)).toBeLessThan(0.001);
    expect(a[2]).toBeCloseTo(32256 / 32768, 5);
    expect(a[3]).toBeCloseTo(-32256 / 32768, 5);
  });

  it('µ-law: decoding what the reference encoder made is within one quantisation step (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32000, max: 32000 }), (pcm) => {
        const out = decodeG711('pcmu', Uint8Array.of(linearToMuLaw(pcm)))[0]! * 32768;
        // steps double per segment: at most 1/16 of the magnitude plus the bias
        expect(Math.abs(out - pcm)).toBeLessThanOrEqual(Math.abs(pcm) / 16 + 132);
      }),
    );
  });

  it('every byte decodes to a sample in [-1, 1) and the tables are odd-symmetric', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const law of ['pcmu', 'pcma'] as const) {
      const d = decodeG711(law, all);
      for (const v of d) expect(v >= -1 && v < 1).toBe(true);
      for (let i = 0; i < 128; i++) expect(d[i]).toBeCloseTo(-d[i + 128]!, 6);
    }
  });
});
