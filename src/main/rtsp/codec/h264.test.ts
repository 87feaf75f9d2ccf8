import { describe, expect, it } from 'vitest';
import { createH264Depacketizer, h264SdpParameters } from './h264';
import { createDepacketizer } from './index';
import { media, rtp, run, u32 } from './testing';
import type { VideoFrame, VideoParameters } from './types';

const SPROP_64001E = 'Z2QAHqwsaoLA9puCgIKgAAADACAAAAMD0IAA,aO4xshsA';
const SPROP_REOLINK = 'Z2QAM6wVFKCgL/lQ,aO48sA==';
const SPS_REOLINK = Buffer.from('67640033ac1514a0a02ff950', 'hex');
const PPS_REOLINK = Buffer.from('68ee3cb0', 'hex');
// 640x480 Main profile SPS and its PPS (retina's parameter-change test).
const SPS_640 = Buffer.from('674d401e9a6405 01eff35010101400000fa000013880 10'.replace(/ /g, ''), 'hex');
const PPS_640 = Buffer.from('68ee3c80', 'hex');

function h264(fmtp: Record<string, string> = {}, options = {}) {
  return createH264Depacketizer(media('H264', { fmtp }), 0, options);
}

function lp(...nals: (string | Buffer)[]): Buffer {
  return Buffer.concat(
    nals.flatMap((n) => {
      const b = typeof n === 'string' ? Buffer.from(n, 'latin1') : n;
      return [u32(b.length), b];
    }),
  );
}

function video(f: unknown): VideoFrame {
  expect(f).toMatchObject({ kind: 'video' });
  return f as VideoFrame;
}

describe('H.264 depacketizer', () => {
  it('assembles single NAL, STAP-A and FU-A packets into one length-prefixed access unit', () => {
    const d = h264({ 'packetization-mode': '1', 'sprop-parameter-sets': SPROP_64001E });
    const r = run(d, [
      rtp('\x06plain', { sequence: 0 }),
      rtp('\x18\x00\x09\x06stap-a 1\x00\x09\x06stap-a 2', { sequence: 1 }),
      rtp('\x7c\x85fu-a start, ', { sequence: 2 }),
      rtp('\x7c\x05fu-a middle, ', { sequence: 3 }),
      rtp('\x7c\x45fu-a end', { sequence: 4, marker: true, receivedAt: 7 }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames).toHaveLength(1);
    const f = video(r.frames[0]);
    expect(f.data).toEqual(
      lp('\x06plain', '\x06stap-a 1', '\x06stap-a 2', '\x65fu-a start, fu-a middle, fu-a end'),
    );
    expect(f).toMatchObject({
      timestamp: 0,
      loss: 0,
      isRandomAccessPoint: true,
      isDisposable: false,
      receivedAt: 0,
    });
    expect(f.hasNewParameters).toBe(false);
  });

  it('writes Annex B framing when asked', () => {
    const d = h264({}, { nalFraming: 'annex-b' });
    const r = run(d, [rtp('\x06sei'), rtp('\x65idr', { marker: true })]);
    expect(video(r.frames[0]).data).toEqual(Buffer.from('\0\0\0\x01\x06sei\0\0\0\x01\x65idr', 'latin1'));
  });

  it('parses sprop-parameter-sets: dimensions, profile, level, codec string and avcC', () => {
    const d = h264({ 'sprop-parameter-sets': 'Z00AKp2oHgCJ+WbgICAoAAADAAgAAAMAfCA=,aO48gA==' });
    const p = d.parameters as VideoParameters;
    expect(p).toMatchObject({ kind: 'video', codec: 'h264', width: 1920, height: 1080, profile: 'Main' });
    expect(p.rfc6381Codec).toBe('avc1.4D002A');
    expect(p.level).toBe('4.2');
    expect(p.extraData.subarray(0, 6)).toEqual(Buffer.from([1, 0x4d, 0x00, 0x2a, 0xff, 0xe1]));
    expect(p.extraData.readUInt16BE(6)).toBe(p.extraData.length - 11 - 4);
  });

  it('Reolink: marker bit on the SPS and a timestamp change after SPS/PPS at stream start', () => {
    const d = h264({ 'sprop-parameter-sets': SPROP_REOLINK });
    const r = run(d, [
      rtp(SPS_REOLINK, { sequence: 0, timestamp: 0, marker: true }),
      rtp(PPS_REOLINK, { sequence: 1, timestamp: 0 }),
      rtp('\x65slice', { sequence: 2, timestamp: 1, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames).toHaveLength(1);
    const f = video(r.frames[0]);
    expect(f.data).toEqual(lp(SPS_REOLINK, PPS_REOLINK, '\x65slice'));
    expect(f.timestamp).toBe(1);
    expect(f.isRandomAccessPoint).toBe(true);
  });

  it('Reolink: access unit split after SPS/PPS with the previous timestamp at a GOP boundary', () => {
    const d = h264({ 'sprop-parameter-sets': SPROP_REOLINK });
    const r = run(d, [
      rtp('\x01slice', { sequence: 0, timestamp: 0, marker: true }),
      rtp(SPS_REOLINK, { sequence: 1, timestamp: 0 }),
      rtp(PPS_REOLINK, { sequence: 2, timestamp: 0 }),
      rtp('\x65slice', { sequence: 3, timestamp: 1, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => [f.timestamp, f.data])).toEqual([
      [0, lp('\x01slice')],
      [1, lp(SPS_REOLINK, PPS_REOLINK, '\x65slice')],
    ]);
  });

  it('Reolink: extra bytes after the SPS do not change what it says', () => {
    const clean = h264SdpParameters({ 'sprop-parameter-sets': SPROP_REOLINK }).parameters!;
    const extra = Buffer.concat([SPS_REOLINK, Buffer.from('deadbeef00ff', 'hex')]);
    const d = h264();
    run(d, [rtp(extra), rtp(PPS_REOLINK), rtp('\x65x', { marker: true })]);
    const p = d.parameters as VideoParameters;
    expect(p).toMatchObject({ width: clean.width, height: clean.height, rfc6381Codec: clean.rfc6381Codec });
  });

  it('marker bit set on SPS, PPS and SEI does not end the access unit', () => {
    const d = h264();
    const r = run(d, [
      rtp(SPS_640, { marker: true }),
      rtp(PPS_640, { marker: true }),
      rtp('\x06sei', { marker: true }),
      rtp('\x65idr', { marker: true }),
    ]);
    expect(r.frames).toHaveLength(1);
    expect(video(r.frames[0]).data).toEqual(lp(SPS_640, PPS_640, '\x06sei', '\x65idr'));
  });

  it('reports a parameter change in-band: hasNewParameters and new dimensions', () => {
    const d = h264({ 'sprop-parameter-sets': 'Z00AKp2oHgCJ+WbgICAoAAADAAgAAAMAfCA=,aO48gA==' });
    expect(d.parameters).toMatchObject({ width: 1920, height: 1080 });
    const r = run(d, [rtp(SPS_640), rtp(PPS_640), rtp('\x65slice', { marker: true })]);
    expect(video(r.frames[0]).hasNewParameters).toBe(true);
    expect(d.parameters).toMatchObject({ width: 640, height: 480, rfc6381Codec: 'avc1.4D401E' });
    // The same parameter sets again are not new.
    const r2 = run(d, [
      rtp(SPS_640, { timestamp: 9 }),
      rtp(PPS_640, { timestamp: 9 }),
      rtp('\x65s', { timestamp: 9, marker: true }),
    ]);
    expect(video(r2.frames[0]).hasNewParameters).toBe(false);
  });

  it('GW Security: sprop-parameter-sets with Annex B start codes appended still parse', () => {
    const s = h264SdpParameters({
      'packetization-mode': '1',
      'profile-level-id': '5046302',
      'sprop-parameter-sets': 'Z00AHpWoLQ9puAgICBAAAAAB,aO48gAAAAAE=',
    });
    expect(s.problem).toBeUndefined();
    expect(s.parameters?.rfc6381Codec).toBe('avc1.4D001E');
  });

  it('VStarcam: invalid sprop-parameter-sets are ignored and in-band parameters used', () => {
    const bad = '6QDwBE/LCAAAH0gAB1TgIAAAAAA=,AAAAAA==';
    const d = h264({ 'packetization-mode': '1', 'profile-level-id': '00f004', 'sprop-parameter-sets': bad });
    expect(d.parameters).toBeUndefined();
    expect(d.sdpParameterProblem).toMatch(/sprop-parameter-sets/);
    const sps = Buffer.from('674d0028e900f0044fcb0800001f48000754e020', 'hex');
    const r = run(d, [rtp(sps), rtp(Buffer.from('68ea8f20', 'hex')), rtp('\x65idr slice', { marker: true })]);
    expect(r.errors).toEqual([]);
    expect(video(r.frames[0]).hasNewParameters).toBe(true);
    expect(d.parameters).toMatchObject({ codec: 'h264', rfc6381Codec: 'avc1.4D0028' });
  });

  it('Ubiquiti: an empty a=fmtp gives no parameters until in-band ones arrive', () => {
    const res = createDepacketizer(media('H264', { fmtp: {} }), 0);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.depacketizer.parameters).toBeUndefined();
    run(res.depacketizer, [rtp(SPS_640), rtp(PPS_640), rtp('\x65i', { marker: true })]);
    expect(res.depacketizer.parameters).toMatchObject({ width: 640, height: 480 });
  });

  it('Longse: FU-A with the reserved bit set is accepted', () => {
    const d = h264({ 'sprop-parameter-sets': SPROP_64001E });
    const r = run(d, [
      rtp('\x7c\xa5fu-a start, ', { sequence: 2 }),
      rtp('\x7c\x25fu-a middle, ', { sequence: 3 }),
      rtp('\x7c\x65fu-a end', { sequence: 4, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(video(r.frames[0]).data).toEqual(lp('\x65fu-a start, fu-a middle, fu-a end'));
  });

  it('NAL type changing inside an FU keeps the start fragment type', () => {
    const r = run(h264(), [
      rtp('\x7c\x85start '),
      rtp('\x7c\x01middle '),
      rtp('\x7c\x41end', { marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    const f = video(r.frames[0]);
    expect(f.data).toEqual(lp('\x65start middle end'));
    expect(f.isRandomAccessPoint).toBe(true);
  });

  it('empty FU fragments are accepted', () => {
    const r = run(h264(), [
      rtp('\x7c\x85'),
      rtp('\x7c\x05abc'),
      rtp('\x7c\x05'),
      rtp('\x7c\x45', { marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(video(r.frames[0]).data).toEqual(lp('\x65abc'));
  });

  it('an FU with both S and E set is a whole NAL unit', () => {
    const r = run(h264(), [rtp('\x7c\xc5whole', { marker: true })]);
    expect(r.errors).toEqual([]);
    expect(video(r.frames[0]).data).toEqual(lp('\x65whole'));
  });

  it('Annex B start codes inside a single NAL packet, a STAP-A unit and across FU-A fragments', () => {
    const r = run(h264(), [
      rtp('\x06sei\x00\x00\x01\x06sei2\x00\x00\x00\x01', { sequence: 1 }),
      rtp('\x18\x00\x09\x06a\x00\x00\x00\x01\x06bc', { sequence: 2 }),
      rtp('\x7c\x85one\x00', { sequence: 3 }),
      rtp('\x7c\x05\x00\x01\x41two\x00\x00', { sequence: 4 }),
      rtp('\x7c\x45\x01\x41three', { sequence: 5, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(video(r.frames[0]).data).toEqual(
      lp('\x06sei', '\x06sei2', '\x06a', '\x06bc', '\x65one', '\x41two', '\x41three'),
    );
  });

  it('Annex B start code at the very start of a payload', () => {
    const r = run(h264(), [rtp('\x00\x00\x00\x01\x06sei\x00\x00\x01\x65idr', { marker: true })]);
    expect(r.errors).toEqual([]);
    expect(video(r.frames[0]).data).toEqual(lp('\x06sei', '\x65idr'));
  });

  it('Geovision: a packet of another payload type with a duplicate sequence after an IDR is ignored', () => {
    const d = h264();
    const r = run(d, [
      rtp('\x7c\x85idr-', { sequence: 10, timestamp: 0 }),
      rtp('\x7c\x45end', { sequence: 11, timestamp: 0, marker: true }),
      rtp('\x06junk', { sequence: 11, timestamp: 0, payloadType: 107, marker: true }),
      rtp('\x41p', { sequence: 12, timestamp: 3000, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => f.data)).toEqual([lp('\x65idr-end'), lp('\x41p')]);
    expect(d.ignoredPackets).toBe(1);
  });

  it('rejects STAP-B, MTAP16, MTAP24 and FU-B with a clear error', () => {
    for (const [b, name] of [
      [25, 'STAP-B'],
      [26, 'MTAP16'],
      [27, 'MTAP24'],
      [29, 'FU-B'],
    ] as const) {
      const r = run(h264(), [rtp([0x60 | b, 0, 1, 2, 3], { sequence: 5, marker: true })]);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]!.kind).toBe('codec');
      expect(r.errors[0]!.message).toContain(`${name} packets (interleaved mode`);
      expect(r.errors[0]!.context.sequence).toBe(5);
    }
    const res = createDepacketizer(media('H264', { fmtp: { 'packetization-mode': '2' } }), 0);
    expect(res).toEqual({
      ok: false,
      reason: 'H.264 interleaved mode (packetization-mode=2) is not supported',
    });
  });

  it('loss inside an access unit drops it and carries the count into the next frame', () => {
    const d = h264();
    const r = run(d, [
      rtp('\x7c\x85a', { sequence: 1, timestamp: 0 }),
      rtp('\x7c\x05c', { sequence: 3, timestamp: 0, loss: 1 }),
      rtp('\x7c\x45d', { sequence: 4, timestamp: 0, marker: true }),
      rtp('\x41next', { sequence: 5, timestamp: 3000, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames).toHaveLength(1);
    expect(r.frames[0]).toMatchObject({ timestamp: 3000, loss: 1, data: lp('\x41next') });
  });

  it('loss of the start of an access unit skips its FU continuations silently', () => {
    const d = h264();
    const r = run(d, [
      rtp('\x41p', { sequence: 1, timestamp: 0, marker: true }),
      rtp('\x7c\x05mid', { sequence: 4, timestamp: 3000, loss: 2 }),
      rtp('\x7c\x45end', { sequence: 5, timestamp: 3000, marker: true }),
      rtp('\x41q', { sequence: 6, timestamp: 6000, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => [f.timestamp, f.loss])).toEqual([
      [0, 0],
      [6000, 2],
    ]);
  });

  it('loss of the end of an access unit drops it when the next timestamp arrives', () => {
    const r = run(h264(), [
      rtp('\x7c\x85a', { sequence: 1, timestamp: 0 }),
      rtp('\x41b', { sequence: 3, timestamp: 3000, loss: 1, marker: true }),
    ]);
    expect(r.frames).toHaveLength(1);
    expect(r.frames[0]).toMatchObject({ timestamp: 3000, loss: 1, data: lp('\x41b') });
  });

  it('an FU continuation without a start (no loss) is an error, and the rest of that AU is skipped', () => {
    const r = run(h264(), [
      rtp('\x7c\x05mid', { sequence: 1, timestamp: 0 }),
      rtp('\x7c\x45end', { sequence: 2, timestamp: 0, marker: true }),
      rtp('\x41ok', { sequence: 3, timestamp: 3000, marker: true }),
    ]);
    expect(r.errors.map((e) => e.description)).toEqual([
      'H.264: fragmentation unit continuation without a start fragment',
    ]);
    expect(r.frames.map((f) => f.data)).toEqual([lp('\x41ok')]);
  });

  it('an AUD after a VCL NAL unit begins a new access unit even without marker or timestamp change', () => {
    const r = run(h264(), [
      rtp('\x09\xf0'),
      rtp('\x41one'),
      rtp('\x09\xf0'),
      rtp('\x41two', { marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => f.data)).toEqual([lp('\x09\xf0', '\x41one'), lp('\x09\xf0', '\x41two')]);
  });

  it('multi-slice picture with SPS/PPS/SEI repeated before each slice (x264 slices, rtph264pay config-interval=-1) stays one access unit', () => {
    const r = run(h264(), [
      rtp(SPS_640),
      rtp(PPS_640),
      rtp('\x65slice0'),
      rtp('\x06sei\x80'),
      rtp(SPS_640),
      rtp(PPS_640),
      rtp('\x65slice1', { marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames).toHaveLength(1);
    expect(r.frames[0]!.data).toEqual(
      lp(SPS_640, PPS_640, '\x65slice0', '\x06sei\x80', SPS_640, PPS_640, '\x65slice1'),
    );
    expect((r.frames[0] as VideoFrame).isRandomAccessPoint).toBe(true);
  });

  it('a timestamp change ends an access unit without a marker', () => {
    const r = run(h264(), [rtp('\x41a', { timestamp: 0 }), rtp('\x41b', { timestamp: 3000 })]);
    expect(r.frames.map((f) => [f.timestamp, f.data])).toEqual([[0, lp('\x41a')]]);
  });

  it('isDisposable follows nal_ref_idc of the VCL NAL units', () => {
    const r = run(h264(), [
      rtp('\x06sei\x00', { timestamp: 0 }),
      rtp('\x01nonref', { timestamp: 0, marker: true }),
      rtp('\x21ref', { timestamp: 1, marker: true }),
    ]);
    expect(r.frames.map((f) => (f as VideoFrame).isDisposable)).toEqual([true, false]);
  });

  it('inserts parameter sets at each key frame (after an AUD) when asked', () => {
    const d = h264({ 'sprop-parameter-sets': SPROP_REOLINK }, { parameterSets: 'each-key-frame' });
    const r = run(d, [
      rtp('\x09\xf0', { timestamp: 0 }),
      rtp('\x65idr', { timestamp: 0, marker: true }),
      rtp('\x41p', { timestamp: 1, marker: true }),
      rtp('\x65idr2', { timestamp: 2, marker: true }),
      rtp(SPS_REOLINK, { timestamp: 3 }),
      rtp(PPS_REOLINK, { timestamp: 3 }),
      rtp('\x65idr3', { timestamp: 3, marker: true }),
    ]);
    expect(r.frames.map((f) => f.data)).toEqual([
      lp('\x09\xf0', SPS_REOLINK, PPS_REOLINK, '\x65idr'),
      lp('\x41p'),
      lp(SPS_REOLINK, PPS_REOLINK, '\x65idr2'),
      lp(SPS_REOLINK, PPS_REOLINK, '\x65idr3'),
    ]);
  });

  it('inserts parameter sets on change only: the first key frame, not later ones', () => {
    const d = h264(
      { 'sprop-parameter-sets': SPROP_REOLINK },
      { parameterSets: 'on-change', nalFraming: 'annex-b' },
    );
    const r = run(d, [
      rtp('\x65a', { timestamp: 0, marker: true }),
      rtp('\x65b', { timestamp: 1, marker: true }),
    ]);
    const sc = Buffer.from([0, 0, 0, 1]);
    expect(r.frames.map((f) => f.data)).toEqual([
      Buffer.concat([sc, SPS_REOLINK, sc, PPS_REOLINK, sc, Buffer.from('\x65a', 'latin1')]),
      Buffer.concat([sc, Buffer.from('\x65b', 'latin1')]),
    ]);
  });

  it('never inserts parameter sets by default', () => {
    const d = h264({ 'sprop-parameter-sets': SPROP_REOLINK });
    const r = run(d, [rtp('\x65a', { marker: true })]);
    expect(r.frames[0]!.data).toEqual(lp('\x65a'));
  });

  it('caps the size of an access unit in progress and recovers at the next one', () => {
    const d = createH264Depacketizer(media('H264'), 0);
    const big = Buffer.alloc(1400, 0x55);
    big[0] = 0x7c;
    big[1] = 0x05;
    const packets = [rtp(Buffer.concat([Buffer.from([0x7c, 0x85]), big.subarray(2)]), { sequence: 0 })];
    for (let i = 1; i < 7000; i++) packets.push(rtp(big, { sequence: i }));
    packets.push(rtp('\x41ok', { sequence: 7000, timestamp: 1, marker: true }));
    const r = run(d, packets);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.description).toMatch(/access unit too large/);
    expect(r.frames.map((f) => f.data)).toEqual([lp('\x41ok')]);
  });

  it('rejects a NAL header with the forbidden bit and an empty payload as error values', () => {
    const r = run(h264(), [rtp([0xe5, 1, 2], { marker: true }), rtp([], { marker: true })]);
    expect(r.errors.map((e) => e.description)).toEqual([
      'H.264: NAL header e5 has the forbidden bit set',
      'H.264: empty payload',
    ]);
  });
});
