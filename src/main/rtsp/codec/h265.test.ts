import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createH265Depacketizer, h265SdpParameters } from './h265';
import { hevcCodecString, parseH265Sps } from './h265-params';
import { createDepacketizer } from './index';
import { media, rtp, run, u32 } from './testing';
import type { VideoFrame, VideoParameters } from './types';

// x265 Main, 640x360 (conformance window), 30 fps VUI timing, level 2.1.
const MAIN = {
  'sprop-vps': 'QAEMAf//AWAAAAMAkAAAAwAAAwA/lZgJ',
  'sprop-sps': 'QgEBAWAAAAMAkAAAAwAAAwA/oAUCAWlllZpJMrwFoCAAAAMAIAAAAwPB',
  'sprop-pps': 'RAHBcrRiQA==',
};
// x265 Main 10, high tier, level 4.1, 320x240, 25 fps.
const MAIN10 = {
  'sprop-vps': 'QAEMAf//IiAAAAMAkAAAAwAAAwB7lZgJ',
  'sprop-sps': 'QgEBIiAAAAMAkAAAAwAAAwB7oAoIDxNllZpJMrwFoCAAAAMAIAAAAwMh',
  'sprop-pps': 'RAHBcrRiQA==',
};

function h265(fmtp: Record<string, string> = {}, options = {}) {
  return createH265Depacketizer(media('H265', { fmtp }), 0, options);
}

function lp(...nals: (string | Buffer)[]): Buffer {
  return Buffer.concat(
    nals.flatMap((n) => {
      const b = typeof n === 'string' ? Buffer.from(n, 'latin1') : n;
      return [u32(b.length), b];
    }),
  );
}

/** A 2-byte H.265 NAL header for a type (layer 0, TemporalId 0 + 1). */
function hdr(type: number): string {
  return String.fromCharCode(type << 1, 1);
}

describe('H.265 depacketizer', () => {
  it('parses sprop-vps/sps/pps: dimensions with conformance window, profile, level, frame rate', () => {
    const p = h265(MAIN).parameters as VideoParameters;
    expect(p).toMatchObject({
      codec: 'h265',
      width: 640,
      height: 360,
      profile: 'Main',
      level: '2.1',
      frameRate: 30,
    });
    expect(p.rfc6381Codec).toBe('hvc1.1.6.L63.90');
    const p10 = h265(MAIN10).parameters as VideoParameters;
    expect(p10).toMatchObject({ width: 320, height: 240, profile: 'Main 10', level: '4.1', frameRate: 25 });
    expect(p10.rfc6381Codec).toBe('hvc1.2.4.H123.90');
  });

  it('builds an hvcC record with VPS, SPS and PPS arrays and 4-byte lengths', () => {
    const p = h265(MAIN).parameters as VideoParameters;
    const x = p.extraData;
    expect(x[0]).toBe(1);
    expect(x[1]).toBe(0x01); // profile space 0, tier 0, profile 1
    expect(x.readUInt32BE(2)).toBe(0x60000000);
    expect(x[12]).toBe(63);
    expect(x[21]! & 3).toBe(3); // lengthSizeMinusOne
    expect(x[22]).toBe(3);
    let o = 23;
    for (const [type, key] of [
      [32, 'sprop-vps'],
      [33, 'sprop-sps'],
      [34, 'sprop-pps'],
    ] as const) {
      expect(x[o]! & 0x3f).toBe(type);
      expect(x.readUInt16BE(o + 1)).toBe(1);
      const len = x.readUInt16BE(o + 3);
      expect(x.subarray(o + 5, o + 5 + len)).toEqual(Buffer.from(MAIN[key], 'base64'));
      o += 5 + len;
    }
    expect(o).toBe(x.length);
  });

  it('formats codec strings per ISO/IEC 14496-15 Annex E', () => {
    const constraints = new Uint8Array([0xb0, 0, 0, 0, 0, 0]);
    expect(
      hevcCodecString({
        profileSpace: 0,
        tier: 0,
        profileIdc: 1,
        compatibility: 0x60000000,
        constraints,
        levelIdc: 93,
      }),
    ).toBe('hvc1.1.6.L93.B0');
    expect(
      hevcCodecString({
        profileSpace: 1,
        tier: 1,
        profileIdc: 4,
        compatibility: 0x08000000,
        constraints: new Uint8Array([0x98, 0x01, 0, 0x02, 0, 0]),
        levelIdc: 120,
      }),
    ).toBe('hvc1.A4.10.H120.98.01.00.02');
  });

  it('assembles single NAL, AP and FU packets into one access unit', () => {
    const r = run(h265(MAIN), [
      rtp(`${hdr(39)}sei`, { sequence: 1 }),
      rtp(`${String.fromCharCode(48 << 1, 1)}\x00\x05${hdr(39)}ap1\x00\x05${hdr(39)}ap2`, { sequence: 2 }),
      rtp(`${String.fromCharCode(49 << 1, 1)}\x93idr `, { sequence: 3 }),
      rtp(`${String.fromCharCode(49 << 1, 1)}\x13middle `, { sequence: 4 }),
      rtp(`${String.fromCharCode(49 << 1, 1)}\x53end`, { sequence: 5, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames).toHaveLength(1);
    const f = r.frames[0] as VideoFrame;
    expect(f.data).toEqual(lp(`${hdr(39)}sei`, `${hdr(39)}ap1`, `${hdr(39)}ap2`, `${hdr(19)}idr middle end`));
    expect(f.isRandomAccessPoint).toBe(true);
    expect(f.isDisposable).toBe(false);
  });

  it('detects IRAP pictures (BLA, IDR, CRA) and sub-layer non-reference pictures', () => {
    const cases: [number, boolean, boolean][] = [
      [0, false, true], // TRAIL_N
      [1, false, false], // TRAIL_R
      [8, false, true], // RASL_N
      [16, true, false], // BLA_W_LP
      [19, true, false], // IDR_W_RADL
      [21, true, false], // CRA_NUT
    ];
    cases.forEach(([type, irap, disposable], i) => {
      const r = run(h265(), [rtp(`${hdr(type)}x`, { timestamp: i, marker: true })]);
      const f = r.frames[0] as VideoFrame;
      expect([type, f.isRandomAccessPoint, f.isDisposable]).toEqual([type, irap, disposable]);
    });
  });

  it('takes parameters in-band and reports them new; inserts them at key frames when asked', () => {
    const [vps, sps, pps] = ['sprop-vps', 'sprop-sps', 'sprop-pps'].map((k) =>
      Buffer.from(MAIN[k as keyof typeof MAIN], 'base64'),
    ) as [Buffer, Buffer, Buffer];
    const d = h265({}, { parameterSets: 'each-key-frame', nalFraming: 'annex-b' });
    expect(d.parameters).toBeUndefined();
    const r = run(d, [
      rtp(vps, { timestamp: 0 }),
      rtp(sps, { timestamp: 0 }),
      rtp(pps, { timestamp: 0 }),
      rtp(`${hdr(19)}idr`, { timestamp: 0, marker: true }),
      rtp(`${hdr(1)}p`, { timestamp: 1, marker: true }),
      rtp(`${hdr(21)}cra`, { timestamp: 2, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => (f as VideoFrame).hasNewParameters)).toEqual([true, false, false]);
    expect(d.parameters).toMatchObject({ width: 640, height: 360 });
    const sc = Buffer.from([0, 0, 0, 1]);
    expect(r.frames[2]!.data).toEqual(
      Buffer.concat([sc, vps, sc, sps, sc, pps, sc, Buffer.from(`${hdr(21)}cra`, 'latin1')]),
    );
  });

  it('a VPS repeated before a later slice of the same picture (same timestamp) stays in it; an AUD begins a new one', () => {
    const vps = Buffer.from(MAIN['sprop-vps'], 'base64');
    const r = run(h265(MAIN), [
      rtp(`${hdr(19)}a`),
      rtp(vps),
      rtp(`${hdr(19)}b`),
      rtp(`${hdr(35)}\x10`),
      rtp(`${hdr(1)}c`, { marker: true }),
    ]);
    expect(r.frames.map((f) => f.data)).toEqual([
      lp(`${hdr(19)}a`, vps, `${hdr(19)}b`),
      lp(`${hdr(35)}\x10`, `${hdr(1)}c`),
    ]);
  });

  it('rejects PACI packets and reserved types with clear errors; DONL streams at creation', () => {
    const r = run(h265(), [
      rtp(`${String.fromCharCode(50 << 1, 1)}xx`, { marker: true }),
      rtp(`${String.fromCharCode(60 << 1, 1)}xx`, { marker: true }),
    ]);
    expect(r.errors.map((e) => e.description)).toEqual([
      'H.265: PACI packets are not supported',
      'H.265: NAL unit type 60 is reserved/unspecified',
    ]);
    expect(createDepacketizer(media('H265', { fmtp: { 'sprop-max-don-diff': '2' } }), 0)).toEqual({
      ok: false,
      reason: 'H.265 with decoding order numbers (sprop-max-don-diff > 0) is not supported',
    });
  });

  it('ignores bad sprop parameter sets and says why', () => {
    const s = h265SdpParameters({
      'sprop-vps': 'AAAA',
      'sprop-sps': MAIN['sprop-sps'],
      'sprop-pps': MAIN['sprop-pps'],
    });
    expect(s.problem).toMatch(/sprop-vps/);
    const d = h265({ 'sprop-sps': '!!!' });
    expect(d.parameters).toBeUndefined();
    expect(d.sdpParameterProblem).toBeDefined();
  });

  it('parses an SPS without VUI timing and refuses a truncated one', () => {
    const sps = Buffer.from(MAIN['sprop-sps'], 'base64');
    expect(parseH265Sps(sps.subarray(0, 8))).toBe('SPS is truncated before its frame size');
    expect(parseH265Sps(Buffer.from([0x40, 0x01, 0, 0]))).toBe('not an SPS NAL unit');
  });

  it('any bytes after an SPS header: a result or a description, never a throw', () => {
    const sps = Buffer.from(MAIN['sprop-sps'], 'base64');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(sps.length), (rest, keep) => {
        const r = parseH265Sps(Buffer.concat([sps.subarray(0, Math.max(2, keep)), rest]));
        if (typeof r !== 'string') expect(r.width * r.height).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
