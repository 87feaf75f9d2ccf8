import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDepacketizer } from './index';
import { opusPacketSamples } from './opus';
import { media, rtp, run } from './testing';
import type { AudioFrame, AudioParameters, Depacketizer } from './types';

function opus(fmtp: Record<string, string> = {}, channels = 2): Depacketizer {
  const r = createDepacketizer(
    media('opus', { media: 'audio', clockRate: 48000, channels, fmtp, payloadType: 111 }),
    0,
  );
  if (!r.ok) throw new Error(r.reason);
  return r.depacketizer;
}

describe('Opus (RFC 7587) depacketizer', () => {
  it('frame length from the TOC byte: SILK, Hybrid, CELT; codes 0-3', () => {
    expect(opusPacketSamples(Buffer.from([0 << 3]))).toBe(480); // SILK NB 10 ms
    expect(opusPacketSamples(Buffer.from([(3 << 3) | 0]))).toBe(2880); // SILK 60 ms
    expect(opusPacketSamples(Buffer.from([(13 << 3) | 1, 0]))).toBe(1920); // Hybrid 20 ms x2
    expect(opusPacketSamples(Buffer.from([(16 << 3) | 2, 1]))).toBe(240); // CELT 2.5 ms x2
    expect(opusPacketSamples(Buffer.from([(31 << 3) | 3, 3]))).toBe(2880); // CELT 20 ms x3
    expect(opusPacketSamples(Buffer.from([(31 << 3) | 3, 7]))).toBe('Opus packet of 140 ms exceeds 120 ms');
    expect(opusPacketSamples(Buffer.from([(31 << 3) | 3, 0]))).toBe('Opus code 3 packet with zero frames');
    expect(opusPacketSamples(Buffer.alloc(0))).toBe('empty Opus packet');
  });

  it('channels from sprop-stereo, else the rtpmap; OpusHead as extraData', () => {
    const mono = opus({ 'sprop-stereo': '0' }).parameters as AudioParameters;
    expect(mono).toMatchObject({ codec: 'opus', sampleRate: 48000, channels: 1, rfc6381Codec: 'opus' });
    expect(mono.extraData.subarray(0, 8).toString('latin1')).toBe('OpusHead');
    expect(mono.extraData[9]).toBe(1);
    expect((opus({ 'sprop-stereo': '1' }, 2).parameters as AudioParameters).channels).toBe(2);
    expect((opus({}, 2).parameters as AudioParameters).channels).toBe(2);
    const capture = opus({ 'sprop-maxcapturerate': '16000' }).parameters as AudioParameters;
    expect(capture.extraData.readUInt32LE(12)).toBe(16000);
  });

  it('one frame per packet with loss carried forward; a malformed packet is an error value', () => {
    const r = run(opus(), [
      rtp([(31 << 3) | 3, 0], { sequence: 1 }),
      rtp([(30 << 3) | 0, 1, 2, 3], { sequence: 3, loss: 1, timestamp: 960 }),
    ]);
    expect(r.errors.map((e) => e.description)).toEqual(['Opus: Opus code 3 packet with zero frames']);
    expect(r.frames).toHaveLength(1);
    expect(r.frames[0] as AudioFrame).toMatchObject({
      frameLength: 480,
      loss: 1,
      timestamp: 960,
      clockRate: 48000,
    });
  });

  it('any payload: frame or error value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (p) => {
        const d = opus();
        const e = d.push(rtp(p));
        const f = d.pull() as AudioFrame | undefined;
        expect(e === undefined).toBe(f !== undefined);
        if (f) expect(f.frameLength).toBeGreaterThan(0);
      }),
    );
  });
});
