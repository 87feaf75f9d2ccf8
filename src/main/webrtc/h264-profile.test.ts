import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { h264ProfileOf, parameterSetPrefix, parseAvcC } from './h264-profile';

// avcC of the GStreamer test server's x264 stream (Constrained Baseline 1.3, 320x240).
const GST_AVCC = Buffer.from(
  '0142c00dffe1001b6742c00dda0507ec05a830303528000003000800000301e478a15501000468ce3c80',
  'hex',
);

describe('parseAvcC', () => {
  it("reads the GStreamer server's record: profile-level-id, 4-byte lengths, SPS and PPS", () => {
    const c = parseAvcC(GST_AVCC)!;
    expect(c.profileLevelId).toBe('42c00d');
    expect(c.lengthSize).toBe(4);
    expect(c.parameterSets.map((s) => s[0]! & 0x1f)).toEqual([7, 8]);
    const prefix = parameterSetPrefix(c);
    expect(prefix.readUInt32BE(0)).toBe(27);
    expect(prefix.length).toBe(4 + 27 + 4 + 4);
  });

  it('refuses truncated records and survives any bytes', () => {
    expect(parseAvcC(GST_AVCC.subarray(0, 20))).toBeUndefined();
    expect(parseAvcC(Buffer.alloc(0))).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const c = parseAvcC(bytes);
        if (c) expect(c.profileLevelId).toMatch(/^[0-9a-f]{6}$/);
      }),
    );
  });
});

describe('h264ProfileOf', () => {
  it('tells Constrained Baseline from Baseline, High from Main', () => {
    expect(h264ProfileOf('42e01f')).toBe('constrained-baseline');
    expect(h264ProfileOf('42c00d')).toBe('constrained-baseline');
    expect(h264ProfileOf('42001f')).toBe('baseline');
    expect(h264ProfileOf('4d001f')).toBe('main');
    expect(h264ProfileOf('640c1f')).toBe('constrained-high');
    expect(h264ProfileOf('64001f')).toBe('high');
    expect(h264ProfileOf('zz')).toBeUndefined();
  });
});
