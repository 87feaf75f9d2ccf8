// Motion JPEG packetizer round trips through camrelay's own RFC 2435 depacketizer: any size,
// sampling, restart interval, 8- or 16-bit tables, scan and MTU give back the same frame byte
// for byte (the depacketizer rebuilds the header layout the generator writes); a frame written
// the way libjpeg writes it (APP0, one DQT per table, DHT per table) gives back its tables and
// scan; and any bytes give payloads or none, never an exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDepacketizer } from '../rtsp/codec/index';
import { STANDARD_DHT } from '../rtsp/codec/jpeg-tables';
import { media, run } from '../rtsp/codec/testing';
import type { RtpPacket } from '../rtsp/codec/types';
import { packetizeJpeg, readJpeg } from './jpeg-packetizer';
import { RtpTrackSender } from './rtp-sender';

interface Spec {
  type: 0 | 1;
  width: number;
  height: number;
  restartInterval: number;
  tables: Buffer[];
  scan: Buffer;
}

const u16 = (n: number) => [n >> 8, n & 0xff];

/** The frame the depacketizer would rebuild from `s` (SOI, DRI, DQT, SOF0, DHT, SOS, scan, EOI). */
function jpegOf(s: Spec): Buffer {
  const dqt = s.tables.flatMap((t, i) => [((t.length === 128 ? 1 : 0) << 4) | i, ...t]);
  const chroma = s.tables.length > 1 ? 1 : 0;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from(s.restartInterval ? [0xff, 0xdd, 0, 4, ...u16(s.restartInterval)] : []),
    Buffer.from([0xff, 0xdb, ...u16(2 + dqt.length), ...dqt]),
    Buffer.from([0xff, 0xc0, 0, 17, 8, ...u16(s.height), ...u16(s.width), 3]),
    Buffer.from([0, s.type === 0 ? 0x21 : 0x22, 0, 1, 0x11, chroma, 2, 0x11, chroma]),
    STANDARD_DHT,
    Buffer.from([0xff, 0xda, 0, 12, 3, 0, 0x00, 1, 0x11, 2, 0x11, 0, 63, 0]),
    s.scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

const table = fc.oneof(
  fc.uint8Array({ minLength: 64, maxLength: 64, min: 1 }),
  fc.uint8Array({ minLength: 128, maxLength: 128 }),
);

const spec: fc.Arbitrary<Spec> = fc.record({
  type: fc.constantFrom(0 as const, 1 as const),
  width: fc.integer({ min: 1, max: 255 }).map((b) => b * 8),
  height: fc.integer({ min: 1, max: 255 }).map((b) => b * 8),
  restartInterval: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 0xffff })),
  tables: fc.array(table, { minLength: 1, maxLength: 2 }).map((ts) => ts.map((t) => Buffer.from(t))),
  // Entropy-coded data as an encoder writes it: 0xFF only as a stuffed FF 00.
  scan: fc
    .uint8Array({ minLength: 1, maxLength: 20_000 })
    .map((b) => Buffer.from(Array.from(b, (x) => (x === 0xff ? 0xfe : x)))),
});

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

/** Packetizes frames with a consumer's RTP headers and depacketizes them again. */
function roundTrip(frames: Buffer[], mtu: number) {
  const d = createDepacketizer(media('JPEG', { payloadType: 26 }), 0);
  if (!d.ok) throw new Error(d.reason);
  const sender = new RtpTrackSender(26);
  const packets: RtpPacket[] = [];
  frames.forEach((f, k) => {
    const payloads = packetizeJpeg(f, mtu);
    for (const p of payloads) expect(p.length).toBeLessThanOrEqual(mtu);
    const unit = {
      track: 0,
      payloads,
      timestamp: k * 3000,
      receivedAt: k * 33,
      clockRate: 90_000,
      video: true,
    };
    packets.push(...sender.writeUnit(unit, k === 0, undefined).map(parse));
  });
  return { out: run(d.depacketizer, packets), parameters: d.depacketizer.parameters };
}

describe('Motion JPEG packetizer (RFC 2435)', () => {
  it('depacketizing gives back every frame byte for byte, any size, tables, restart interval and MTU', () => {
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 300, max: 1400 }),
        (specs, mtu) => {
          const frames = specs.map(jpegOf);
          const { out, parameters } = roundTrip(frames, mtu);
          expect(out.errors).toEqual([]);
          expect(out.frames.map((f) => Buffer.from(f.data))).toEqual(frames);
          expect(out.frames.every((f) => f.kind === 'video' && f.isRandomAccessPoint)).toBe(true);
          const last = specs.at(-1)!;
          expect(parameters).toMatchObject({ codec: 'jpeg', width: last.width, height: last.height });
          const ts = out.frames.map((f) => (f.timestamp - out.frames[0]!.timestamp) >>> 0);
          expect(ts).toEqual(specs.map((_, k) => k * 3000));
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);

  it('reads a frame laid out as libjpeg writes it (APP0, a DQT and a DHT per table)', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const base = jpegOf({ ...s, restartInterval: 0 });
        // Walk the marker segments to the SOF (table bytes may contain FF C0 themselves).
        let sof = 2;
        while (base[sof + 1] !== 0xc0) sof += 2 + base.readUInt16BE(sof + 2);
        const app0 = Buffer.from([0xff, 0xe0, 0, 16, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        const dqts = s.tables.map((t, i) =>
          Buffer.from([0xff, 0xdb, ...u16(3 + t.length), ((t.length === 128 ? 1 : 0) << 4) | i, ...t]),
        );
        const jpeg = Buffer.concat([base.subarray(0, 2), app0, ...dqts, base.subarray(sof)]);
        const info = readJpeg(jpeg);
        if (typeof info === 'string') throw new Error(info);
        expect(info).toMatchObject({ type: s.type, width: s.width, height: s.height, restartInterval: 0 });
        expect(info.tables).toEqual(s.tables);
        expect(info.scan).toEqual(s.scan);
        const { out } = roundTrip([jpeg], 1400);
        expect(out.errors).toEqual([]);
        expect(Buffer.from(out.frames[0]!.data)).toEqual(base);
      }),
      { numRuns: 50 },
    );
  }, 60_000);

  it('any bytes: payloads within the MTU or none, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
          // Mostly-valid frames with bytes overwritten, so the header reader meets broken segments.
          fc
            .tuple(spec, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }))
            .map(([s, edits]) => {
              const b = jpegOf(s);
              for (const [at, v] of edits) b[at % Math.min(b.length, 700)] = v;
              return b;
            }),
        ),
        (jpeg) => {
          for (const p of packetizeJpeg(jpeg, 1000)) expect(p.length).toBeLessThanOrEqual(1000);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses what RFC 2435 cannot carry', () => {
    const s: Spec = {
      type: 1,
      width: 2048,
      height: 1080,
      restartInterval: 0,
      tables: [Buffer.alloc(64, 1)],
      scan: Buffer.alloc(10, 1),
    };
    expect(readJpeg(jpegOf(s))).toMatch(/outside/);
    const progressive = jpegOf({ ...s, width: 640 });
    progressive[progressive.indexOf(Buffer.from([0xff, 0xc0])) + 1] = 0xc2;
    expect(readJpeg(progressive)).toMatch(/baseline/);
    expect(packetizeJpeg(Buffer.from('not a jpeg'))).toEqual([]);
  });
});
