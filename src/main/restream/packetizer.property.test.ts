// Packetizer round trips: frames packetized by the restream (with each consumer's RTP header)
// and depacketized by camrelay's own RTSP client depacketizers give back the same frames,
// for any NAL unit sizes and MTUs; sequence numbers and timestamps stay continuous.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDepacketizer } from '../rtsp/codec/index';
import { lengthPrefixed, media, run, splitLengthPrefixed } from '../rtsp/codec/testing';
import type { RtpPacket } from '../rtsp/codec/types';
import type { MediaUnit } from './fan-out';
import { packetizeAac, packetizeAccessUnit } from './rtp-packetizer';
import { RtpTrackSender } from './rtp-sender';

/** NAL body bytes without start-code emulation (as an encoder writes) and a non-zero end. */
function clean(body: Uint8Array): Buffer {
  const b = Buffer.from(body);
  for (let i = 2; i < b.length; i++) if (b[i - 1] === 0 && b[i - 2] === 0 && b[i]! <= 3) b[i] = 4;
  if (b.length > 0 && b[b.length - 1] === 0) b[b.length - 1] = 0x80;
  return b;
}

const nal = (codec: 'h264' | 'h265') =>
  fc.uint8Array({ minLength: 1, maxLength: 5000 }).map((body) => {
    // Non-IDR slice (H.264 type 1) / TRAIL_R (H.265 type 1): VCL, no parameter sets needed.
    const header = codec === 'h264' ? Buffer.from([0x41]) : Buffer.from([1 << 1, 1]);
    return Buffer.concat([header, clean(body)]);
  });

/** Parses what RtpTrackSender wrote (UDP form) back into the depacketizer's packet type. */
function parse(p: Buffer): RtpPacket {
  return {
    sequence: p.readUInt16BE(2),
    timestamp: p.readUInt32BE(4),
    ssrc: p.readUInt32BE(8),
    marker: (p[1]! & 0x80) !== 0,
    payloadType: p[1]! & 0x7f,
    payload: p.subarray(12),
    loss: 0,
    receivedAt: 0,
  };
}

function unitOf(payloads: Buffer[], timestamp: number, video: boolean, clockRate = 90_000): MediaUnit {
  return { track: 0, payloads, timestamp, receivedAt: timestamp / 90, clockRate, video };
}

describe('H.264 / H.265 packetizer', () => {
  for (const codec of ['h264', 'h265'] as const) {
    it(`${codec}: depacketizing gives back every access unit, any sizes and MTU`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.array(nal(codec), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
          fc.integer({ min: 64, max: 1400 }),
          (units, mtu) => {
            const d = createDepacketizer(media(codec === 'h264' ? 'H264' : 'H265'), 0);
            if (!d.ok) throw new Error(d.reason);
            const sender = new RtpTrackSender(96);
            const packets: RtpPacket[] = [];
            units.forEach((nals, k) => {
              const payloads = packetizeAccessUnit(codec, lengthPrefixed(nals), mtu);
              for (const p of payloads) expect(p.length).toBeLessThanOrEqual(mtu);
              const rtp = sender.writeUnit(unitOf(payloads, 1000 + k * 3000, true), k === 0, undefined);
              packets.push(...rtp.map(parse));
            });
            // Continuous sequence numbers, one timestamp per unit.
            for (let i = 1; i < packets.length; i++) {
              expect(packets[i]!.sequence).toBe((packets[i - 1]!.sequence + 1) & 0xffff);
            }
            const out = run(d.depacketizer, packets);
            expect(out.errors).toEqual([]);
            expect(out.frames.map((f) => splitLengthPrefixed(f.data))).toEqual(units);
            const ts = out.frames.map((f) => f.timestamp - out.frames[0]!.timestamp);
            expect(ts).toEqual(units.map((_, k) => k * 3000));
          },
        ),
        { numRuns: 100 },
      );
    }, 30_000);
  }
});

describe('AAC packetizer', () => {
  it('depacketizing gives back every access unit, fragmented or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 200, max: 1400 }),
        (aus, mtu) => {
          const d = createDepacketizer(
            media('mpeg4-generic', {
              media: 'audio',
              clockRate: 48_000,
              channels: 2,
              fmtp: {
                mode: 'AAC-hbr',
                sizelength: '13',
                indexlength: '3',
                indexdeltalength: '3',
                config: '1190',
              },
            }),
            0,
          );
          if (!d.ok) throw new Error(d.reason);
          const sender = new RtpTrackSender(97);
          const packets: RtpPacket[] = [];
          aus.forEach((au, k) => {
            const rtp = sender.writeUnit(
              unitOf(packetizeAac(Buffer.from(au), mtu), k * 1024, false, 48_000),
              k === 0,
              undefined,
            );
            packets.push(...rtp.map(parse));
          });
          const out = run(d.depacketizer, packets);
          expect(out.errors).toEqual([]);
          expect(out.frames.map((f) => Buffer.from(f.data))).toEqual(aus.map((a) => Buffer.from(a)));
        },
      ),
      { numRuns: 100 },
    );
  }, 30_000);
});

describe('RtpTrackSender timestamps', () => {
  it('continue across a rebase by the receive time elapsed, never going back', () => {
    const s = new RtpTrackSender(96);
    const unit = (ts: number, at: number): MediaUnit => ({
      ...unitOf([Buffer.from([0x41, 1])], ts, true),
      receivedAt: at,
    });
    const a = s.timestampOf(unit(5_000, 0), true);
    const b = s.timestampOf(unit(8_000, 33.3), false);
    // A camera reconnect: its timestamps start somewhere else entirely.
    const c = s.timestampOf(unit(123_456_789, 1033.3), true);
    const d = s.timestampOf(unit(123_459_789, 1066.6), false);
    expect((b - a) >>> 0).toBe(3000);
    expect((c - b) >>> 0).toBe(90_000);
    expect((d - c) >>> 0).toBe(3000);
  });

  it('sender reports carry the SSRC, the timestamp, the wall time of receipt and the counts', () => {
    const s = new RtpTrackSender(96);
    s.writeUnit(unitOf([Buffer.alloc(100)], 9000, true), true, undefined);
    const sr = s.senderReport(s.lastTimestamp, 1000);
    expect([sr[0], sr[1], sr.readUInt16BE(2)]).toEqual([0x80, 200, 6]);
    expect(sr.readUInt32BE(4)).toBe(s.ssrc);
    const wallMs = (sr.readUInt32BE(8) - 2_208_988_800) * 1000 + (sr.readUInt32BE(12) / 2 ** 32) * 1000;
    expect(Math.abs(wallMs - (performance.timeOrigin + 1000))).toBeLessThan(1);
    expect(sr.readUInt32BE(16)).toBe(s.lastTimestamp);
    expect([sr.readUInt32BE(20), sr.readUInt32BE(24)]).toEqual([1, 100]);
  });
});
