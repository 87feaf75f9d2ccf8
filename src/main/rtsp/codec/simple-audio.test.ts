import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDepacketizer } from './index';
import { media, rtp, run } from './testing';
import type { AudioFrame, Depacketizer, MediaDescription } from './types';

function audio(encodingName: string, over: Partial<MediaDescription> = {}): Depacketizer {
  const r = createDepacketizer(
    media(encodingName, { media: 'audio', clockRate: 8000, payloadType: 0, ...over }),
    2,
  );
  if (!r.ok) throw new Error(r.reason);
  return r.depacketizer;
}

function frameLength(d: Depacketizer, bytes: number): number {
  const f = run(d, [rtp(Buffer.alloc(bytes, 0x55), { payloadType: 0 })]).frames[0] as AudioFrame;
  return f.frameLength;
}

describe('simple audio depacketizers', () => {
  it('G.711: one sample per byte, A-law and µ-law, copies the payload', () => {
    const d = audio('PCMA');
    expect(d.parameters).toEqual({
      kind: 'audio',
      codec: 'pcma',
      sampleRate: 8000,
      channels: 1,
      extraData: Buffer.alloc(0),
    });
    const payload = Buffer.alloc(160, 0xd5);
    const f = run(d, [rtp(payload, { timestamp: 320, receivedAt: 9 })]).frames[0] as AudioFrame;
    expect(f).toMatchObject({
      kind: 'audio',
      timestamp: 320,
      clockRate: 8000,
      frameLength: 160,
      streamIndex: 2,
      receivedAt: 9,
    });
    payload.fill(0);
    expect(f.data).toEqual(Buffer.alloc(160, 0xd5));
    expect(audio('PCMU').parameters).toMatchObject({ codec: 'pcmu' });
  });

  it('L16: two bytes per sample per channel', () => {
    const d = audio('L16', { clockRate: 44100, channels: 2 });
    expect(d.parameters).toMatchObject({ codec: 'l16', sampleRate: 44100, channels: 2 });
    expect(frameLength(d, 1764)).toBe(441);
  });

  it('G.722: 8000 in the SDP means 16 kHz audio; the RTP clock stays 8000', () => {
    const d = audio('G722');
    expect(d.parameters).toMatchObject({ codec: 'g722', sampleRate: 16000 });
    const f = run(d, [rtp(Buffer.alloc(160))]).frames[0] as AudioFrame;
    expect(f).toMatchObject({ clockRate: 8000, frameLength: 320 });
  });

  it('G.726-16/24/32/40: 2 to 5 bits per sample', () => {
    expect(frameLength(audio('G726-16'), 40)).toBe(160);
    expect(frameLength(audio('G726-24'), 60)).toBe(160);
    expect(frameLength(audio('G726-32'), 80)).toBe(160);
    expect(frameLength(audio('AAL2-G726-32'), 80)).toBe(160);
    expect(frameLength(audio('G726-40'), 100)).toBe(160);
    expect(audio('G726-32').parameters).toMatchObject({ codec: 'g726', sampleRate: 8000 });
  });

  it('static payload types without rtpmap: 0 PCMU, 8 PCMA, 9 G722', () => {
    expect(audio('', { payloadType: 0, clockRate: 0 }).parameters).toMatchObject({
      codec: 'pcmu',
      sampleRate: 8000,
    });
    expect(audio('', { payloadType: 8, clockRate: 0 }).parameters).toMatchObject({ codec: 'pcma' });
    expect(audio('', { payloadType: 9, clockRate: 0 }).parameters).toMatchObject({
      codec: 'g722',
      sampleRate: 16000,
    });
  });

  it('carries loss into the next frame and reports an empty payload', () => {
    const r = run(audio('PCMU'), [
      rtp(Buffer.alloc(0), { sequence: 1 }),
      rtp(Buffer.alloc(8), { sequence: 3, loss: 1 }),
    ]);
    expect(r.errors.map((e) => e.description)).toEqual(['pcmu: payload of 0 bytes holds no sample']);
    expect(r.frames.map((f) => f.loss)).toEqual([1]);
  });

  it('any payload: a frame whose length matches, or an error value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('PCMA', 'L16', 'G722', 'G726-24'),
        fc.uint8Array({ maxLength: 2000 }),
        (enc, p) => {
          const d = audio(enc);
          const e = d.push(rtp(p));
          const f = d.pull();
          expect(e === undefined).toBe(f !== undefined);
          if (f) expect(f.data).toEqual(Buffer.from(p));
        },
      ),
    );
  });
});
