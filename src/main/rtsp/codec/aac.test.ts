import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAacDepacketizer } from './aac';
import { parseAudioSpecificConfig } from './aac-config';
import { createDepacketizer } from './index';
import { media, rtp, run } from './testing';
import type { AudioFrame, DepacketizerOptions, MediaDescription } from './types';

const HBR = { mode: 'AAC-hbr', sizelength: '13', indexlength: '3', indexdeltalength: '3', config: '1190' };

function aacMedia(
  fmtp: Record<string, string> = HBR,
  over: Partial<MediaDescription> = {},
): MediaDescription {
  return media('mpeg4-generic', {
    media: 'audio',
    clockRate: 48_000,
    channels: 2,
    fmtp,
    payloadType: 97,
    ...over,
  });
}

function aac(fmtp: Record<string, string> = HBR, options?: DepacketizerOptions) {
  const d = createAacDepacketizer(aacMedia(fmtp), 1, options);
  if (typeof d === 'string') throw new Error(d);
  return d;
}

/** An AAC-hbr payload: 16-bit headers (13-bit size, 3-bit index 0) then the AU bytes. */
function hbr(aus: Buffer[], sizes = aus.map((a) => a.length)): Buffer {
  const headers = Buffer.alloc(2 + 2 * sizes.length);
  headers.writeUInt16BE(16 * sizes.length, 0);
  sizes.forEach((s, i) => {
    headers.writeUInt16BE(s << 3, 2 + 2 * i);
  });
  return Buffer.concat([headers, ...aus]);
}

const au = (n: number, fill: number) => Buffer.alloc(n, fill);

describe('AudioSpecificConfig', () => {
  it('parses AAC-LC 48 kHz stereo', () => {
    expect(parseAudioSpecificConfig(Buffer.from('1190', 'hex'))).toEqual({
      objectType: 2,
      coreObjectType: 2,
      samplingFrequencyIndex: 3,
      sampleRate: 48_000,
      channelConfiguration: 2,
      frameLength: 1024,
    });
  });

  it('parses explicit HE-AAC (SBR) and 960-sample frames', () => {
    expect(parseAudioSpecificConfig(Buffer.from('2b1188', 'hex'))).toMatchObject({
      objectType: 5,
      coreObjectType: 2,
      sampleRate: 24_000,
      extensionSampleRate: 48_000,
    });
    expect(parseAudioSpecificConfig(Buffer.from('1194', 'hex'))).toMatchObject({ frameLength: 960 });
  });

  it('rejects reserved or truncated configs', () => {
    expect(parseAudioSpecificConfig(Buffer.from('17', 'hex'))).toBe(
      'AudioSpecificConfig shorter than 2 bytes',
    );
    expect(parseAudioSpecificConfig(Buffer.from('1690', 'hex'))).toBe('reserved sampling frequency index 13');
    expect(parseAudioSpecificConfig(Buffer.from('f990', 'hex'))).toMatch(/audio object type/);
  });
});

describe('AAC (RFC 3640) depacketizer', () => {
  it('derives parameters from config: sample rate, channels, frame length, mp4a codec string', () => {
    expect(aac().parameters).toEqual({
      kind: 'audio',
      codec: 'aac',
      rfc6381Codec: 'mp4a.40.2',
      sampleRate: 48_000,
      channels: 2,
      extraData: Buffer.from('1190', 'hex'),
      frameLength: 1024,
    });
    const he = createAacDepacketizer(aacMedia({ ...HBR, config: '2b1188' }), 0);
    expect(typeof he !== 'string' && he.parameters).toMatchObject({
      rfc6381Codec: 'mp4a.40.5',
      sampleRate: 48_000,
      frameLength: 2048,
    });
  });

  it('splits several AUs in one packet, each with its own timestamp', () => {
    const r = run(aac(), [
      rtp(hbr([au(10, 1), au(20, 2), au(5, 3)]), { timestamp: 1000, marker: true, receivedAt: 4 }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => [f.timestamp, f.data])).toEqual([
      [1000, au(10, 1)],
      [2024, au(20, 2)],
      [3048, au(5, 3)],
    ]);
    expect(r.frames[0]).toMatchObject({
      kind: 'audio',
      frameLength: 1024,
      clockRate: 48_000,
      streamIndex: 1,
      receivedAt: 4,
    });
  });

  it('joins an AU fragmented across packets', () => {
    const whole = Buffer.from(Array.from({ length: 700 }, (_, i) => i & 0xff));
    const frag = (part: Buffer, marker: boolean, sequence: number) =>
      rtp(hbr([part], [700]), { timestamp: 5, marker, sequence });
    const r = run(aac(), [
      frag(whole.subarray(0, 300), false, 1),
      frag(whole.subarray(300, 600), false, 2),
      frag(whole.subarray(600), true, 3),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => f.data)).toEqual([whole]);
  });

  it('loss inside a fragmented AU drops it and the next frame carries the count', () => {
    const frag = (n: number, marker: boolean, sequence: number, loss = 0, timestamp = 5) =>
      rtp(hbr([au(n, 9)], [700]), { timestamp, marker, sequence, loss });
    const r = run(aac(), [
      frag(300, false, 1),
      frag(100, true, 3, 1),
      rtp(hbr([au(8, 1)]), { timestamp: 1029, marker: true, sequence: 4 }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => [f.timestamp, f.loss])).toEqual([[1029, 1]]);
  });

  it('a lost first fragment: the rest is dropped silently', () => {
    const r = run(aac(), [
      rtp(hbr([au(300, 9)], [700]), { timestamp: 5, sequence: 2, loss: 1 }),
      rtp(hbr([au(100, 9)], [700]), { timestamp: 5, sequence: 3, marker: true }),
      rtp(hbr([au(8, 1)]), { timestamp: 1029, marker: true, sequence: 4 }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => [f.timestamp, f.loss])).toEqual([[1029, 1]]);
  });

  it('writes ADTS headers when asked', () => {
    const r = run(aac(HBR, { aacFraming: 'adts' }), [rtp(hbr([au(100, 7)]), { marker: true })]);
    const d = r.frames[0]!.data;
    expect(d.length).toBe(107);
    expect(d.readUInt16BE(0) & 0xfff6).toBe(0xfff0); // syncword, MPEG-4, layer 0
    expect(d[1]! & 1).toBe(1); // no CRC
    expect(d[2]! >> 6).toBe(1); // profile = AOT 2 - 1
    expect((d[2]! >> 2) & 0xf).toBe(3); // 48 kHz
    expect(((d[2]! & 1) << 2) | (d[3]! >> 6)).toBe(2); // channels
    expect(((d[3]! & 3) << 11) | (d[4]! << 3) | (d[5]! >> 5)).toBe(107);
    expect(d.subarray(7)).toEqual(au(100, 7));
  });

  it('Reolink: a trailing ";" (and spaces) in fmtp values is tolerated', () => {
    const d = createDepacketizer(
      aacMedia({
        mode: 'AAC-hbr',
        sizelength: '13',
        indexlength: '3',
        indexdeltalength: '3',
        config: '1190;',
        '': '',
      }),
      0,
    );
    expect(d.ok).toBe(true);
    const d2 = createAacDepacketizer(aacMedia({ ...HBR, config: ' 1190 ; ', sizelength: '13;' }), 0);
    expect(typeof d2 === 'string' ? d2 : d2.parameters.sampleRate).toBe(48_000);
  });

  it('explains what it cannot depacketize', () => {
    expect(createAacDepacketizer(aacMedia({ ...HBR, mode: 'CELP-cbr' }), 0)).toBe(
      "mpeg4-generic mode 'CELP-cbr' is not supported (only AAC-hbr and AAC-lbr)",
    );
    expect(createAacDepacketizer(aacMedia({ mode: 'AAC-hbr' }), 0)).toMatch(/without a config/);
    expect(createAacDepacketizer(aacMedia({ ...HBR, config: 'zz' }), 0)).toMatch(/not valid hex/);
    // 7350 Hz explicit rate (index 15) cannot be ADTS: 00010 1111 <24 bits> 0010 0
    expect(
      createAacDepacketizer(aacMedia({ ...HBR, config: '17800e5b10' }), 0, { aacFraming: 'adts' }),
    ).toMatch(/cannot be carried in ADTS/);
    expect(createDepacketizer(aacMedia({}, { encodingName: 'MP4A-LATM' }), 0)).toMatchObject({ ok: false });
  });

  it('rejects AU interleaving and truncated payloads as error values', () => {
    const interleaved = hbr([au(4, 1), au(4, 2)]);
    interleaved.writeUInt16BE((4 << 3) | 1, 4); // AU-Index-delta 1
    const r = run(aac(), [
      rtp(interleaved, { timestamp: 0, marker: true }),
      rtp(Buffer.from([0, 16, 0x00, 0x50, 1, 2]), { timestamp: 1, marker: true }),
      rtp(Buffer.from([0]), { timestamp: 2, marker: true }),
    ]);
    expect(r.errors.map((e) => e.description)).toEqual([
      'AAC: AU interleaving (non-zero AU-Index-delta) is not supported',
      'AAC: fragmented AU ended at 2 of 10 bytes',
      'AAC: payload shorter than the AU-headers-length field',
    ]);
  });

  it('any packets: frames or error values, never a throw, frames no larger than an AU can be', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            payload: fc.oneof(
              fc.uint8Array({ maxLength: 400 }),
              fc
                .array(fc.nat(300), { minLength: 1, maxLength: 4 })
                .chain((sizes) =>
                  fc.uint8Array({ maxLength: 500 }).map((data) => hbr([Buffer.from(data)], sizes)),
                ),
            ),
            marker: fc.boolean(),
            loss: fc.nat(2),
            step: fc.constantFrom(0, 1024),
          }),
          { maxLength: 30 },
        ),
        fc.constantFrom<DepacketizerOptions>({ aacFraming: 'raw' }, { aacFraming: 'adts' }),
        (ps, options) => {
          const d = aac(HBR, options);
          let ts = 0;
          for (const p of ps) {
            ts += p.step;
            const e = d.push(rtp(p.payload, { timestamp: ts, marker: p.marker, loss: p.loss }));
            if (e) expect(e.kind).toBe('codec');
            for (let f = d.pull(); f; f = d.pull()) {
              expect((f as AudioFrame).frameLength).toBe(1024);
              expect(f.data.length).toBeLessThanOrEqual(8191 + 7);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
