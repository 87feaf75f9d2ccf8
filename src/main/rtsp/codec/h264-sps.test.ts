import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { h264Parameters, parseH264Sps } from './h264-sps';

// SPS NAL units written by x264 (via ffmpeg), with what ffprobe says about each stream.
const CASES = [
  {
    name: 'Constrained Baseline 640x480 25 fps',
    sps: '6742c01ed900a03db011000003000100000300320f162e48',
    want: { width: 640, height: 480, profile: 'Constrained Baseline', level: '3', frameRate: 25 },
  },
  {
    name: 'Main interlaced 720x576 (frame_mbs_only_flag 0)',
    sps: '674d401eeca05a126c0440000003004000000c87c50a6580',
    want: { width: 720, height: 576, profile: 'Main', level: '3', frameRate: 25 },
  },
  {
    name: 'High 1920x1080 (cropped from 1088) 30 fps',
    sps: '67640028acd940780227e5c044000003000400000300f03c60c658',
    want: { width: 1920, height: 1080, profile: 'High', level: '4', frameRate: 30 },
  },
  {
    name: 'High 10 1280x720 50 fps',
    sps: '676e0020a6cd9405005bb011000003000100000300640f183196',
    want: { width: 1280, height: 720, profile: 'High 10', level: '3.2', frameRate: 50 },
  },
  {
    name: 'High 4:4:4 Predictive with JVT scaling matrices, 352x288',
    sps: '67f4000d919b282c12d808800000030080000018078a14cb',
    want: { width: 352, height: 288, profile: 'High 4:4:4 Predictive', level: '1.3', frameRate: 24 },
  },
  {
    name: '720x480 with a 32:27 sample aspect ratio at 30000/1001',
    sps: '6764001eacd940b43dbff0020001b100000303e90000ea600f162d96',
    want: {
      width: 720,
      height: 480,
      profile: 'High',
      level: '3',
      frameRate: 29.97,
      pixelAspectRatio: [32, 27],
    },
  },
];

const PPS = Buffer.from('68ebe3cb22c0', 'hex');

describe('H.264 SPS', () => {
  for (const c of CASES) {
    it(`matches ffprobe: ${c.name}`, () => {
      const p = h264Parameters(Buffer.from(c.sps, 'hex'), PPS);
      if (typeof p === 'string') throw new Error(p);
      expect(p).toMatchObject(c.want);
      expect(p.rfc6381Codec).toBe(`avc1.${c.sps.slice(2, 8).toUpperCase()}`);
      if (!('pixelAspectRatio' in c.want)) expect(p.pixelAspectRatio ?? [1, 1]).toEqual([1, 1]);
    });
  }

  it('writes the avcC High-profile extension (chroma format, bit depths)', () => {
    const p = h264Parameters(Buffer.from(CASES[3]!.sps, 'hex'), PPS);
    if (typeof p === 'string') throw new Error(p);
    const tail = p.extraData.subarray(-4);
    expect([...tail]).toEqual([0xfd, 0xfa, 0xfa, 0]); // 4:2:0, 10-bit luma and chroma, no SPS ext
  });

  it('refuses what is not an SPS or is truncated before the frame size', () => {
    expect(parseH264Sps(Buffer.from('68ebe3cb', 'hex'))).toBe('not an SPS NAL unit');
    expect(parseH264Sps(Buffer.from(CASES[2]!.sps, 'hex').subarray(0, 6))).toBe(
      'SPS is truncated before its frame size',
    );
  });

  it('any bytes after an SPS header: a result or a description, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (rest) => {
        const r = parseH264Sps(Buffer.concat([Buffer.from([0x67, 0x64, 0, 0x28]), rest]));
        if (typeof r !== 'string') {
          expect(r.width).toBeGreaterThan(0);
          expect(r.height).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
