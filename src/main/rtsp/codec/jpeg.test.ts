import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDepacketizer } from './index';
import { JpegDepacketizer } from './jpeg';
import { makeQuantTables, STANDARD_DHT } from './jpeg-tables';
import { media, rtp, run } from './testing';
import type { VideoFrame } from './types';

/** RFC 2435 main header: type-specific, 24-bit offset, type, Q, width/8, height/8. */
function hdr(offset: number, type: number, q: number, w = 40, h = 30): Buffer {
  return Buffer.from([0, offset >> 16, (offset >> 8) & 0xff, offset & 0xff, type, q, w, h]);
}

/** Splits a JPEG into its marker segments: [marker, segment body]. Tests only. */
function segments(jpeg: Buffer): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  let o = 2;
  expect(jpeg.readUInt16BE(0)).toBe(0xffd8);
  while (o < jpeg.length) {
    const marker = jpeg.readUInt16BE(o);
    const len = jpeg.readUInt16BE(o + 2);
    out.push([marker, jpeg.subarray(o + 4, o + 2 + len)]);
    o += 2 + len;
    if (marker === 0xffda) break;
  }
  return out;
}

function jpeg() {
  return new JpegDepacketizer(0, 90_000);
}

describe('JPEG (RFC 2435) depacketizer', () => {
  it('Q=50 gives the standard tables in zig-zag order', () => {
    const t = makeQuantTables(50);
    expect([...t.subarray(0, 16)]).toEqual([16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40]);
    expect([...t.subarray(64, 72)]).toEqual([17, 18, 18, 24, 21, 24, 47, 26]);
    expect(makeQuantTables(1)[0]).toBe(255); // clamped to 1..255
    expect(makeQuantTables(99)[0]).toBe(1);
  });

  it('the standard DHT segment holds the four Annex K tables (12 + 162 symbols each kind)', () => {
    expect(STANDARD_DHT.readUInt16BE(0)).toBe(0xffc4);
    expect(STANDARD_DHT.readUInt16BE(2)).toBe(STANDARD_DHT.length - 2);
    expect(STANDARD_DHT.length).toBe(4 + 4 * 17 + 2 * 12 + 2 * 162);
  });

  it('rebuilds SOI, DQT from Q, SOF0, DHT and SOS, joins fragments by offset and appends EOI', () => {
    const d = jpeg();
    const r = run(d, [
      rtp(Buffer.concat([hdr(0, 1, 50), Buffer.from('scan-')]), { payloadType: 26, receivedAt: 5 }),
      rtp(Buffer.concat([hdr(5, 1, 50), Buffer.from('data')]), { payloadType: 26, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    const f = r.frames[0] as VideoFrame;
    expect(f).toMatchObject({ isRandomAccessPoint: true, hasNewParameters: true, receivedAt: 5 });
    const segs = segments(f.data);
    expect(segs.map(([m]) => m.toString(16))).toEqual(['ffdb', 'ffc0', 'ffc4', 'ffda']);
    const dqt = segs[0]![1];
    expect(dqt.length).toBe(2 * 65);
    expect(dqt.subarray(1, 65)).toEqual(makeQuantTables(50).subarray(0, 64));
    const sof = segs[1]![1];
    expect(sof.readUInt16BE(1)).toBe(240);
    expect(sof.readUInt16BE(3)).toBe(320);
    expect(sof[7]).toBe(0x22); // 4:2:0
    expect(f.data.subarray(-11)).toEqual(Buffer.from('scan-data\xff\xd9', 'latin1'));
    expect(d.parameters).toMatchObject({ codec: 'jpeg', width: 320, height: 240, rfc6381Codec: 'jpeg' });
  });

  it('writes DRI for types 64-127 and 4:2:2 sampling for type 64', () => {
    const restart = Buffer.from([0x00, 0x10, 0xff, 0xff]);
    const r = run(jpeg(), [
      rtp(Buffer.concat([hdr(0, 64, 80), restart, Buffer.from('x\xff\xd9', 'latin1')]), { marker: true }),
    ]);
    const f = r.frames[0]!;
    const segs = segments(f.data);
    expect(segs[0]).toEqual([0xffdd, Buffer.from([0x00, 0x10])]);
    expect(segs.find(([m]) => m === 0xffc0)![1][7]).toBe(0x21);
    // The scan already ended with EOI: not doubled.
    expect(f.data.subarray(-3)).toEqual(Buffer.from('x\xff\xd9', 'latin1'));
  });

  it('uses in-band tables for Q >= 128 and caches them for later frames that omit them', () => {
    const tables = Buffer.alloc(128, 7);
    const first = Buffer.concat([hdr(0, 1, 200), Buffer.from([0, 0, 0, 128]), tables, Buffer.from('a')]);
    const later = Buffer.concat([hdr(0, 1, 200), Buffer.from([0, 0, 0, 0]), Buffer.from('b')]);
    const r = run(jpeg(), [
      rtp(first, { timestamp: 0, marker: true }),
      rtp(later, { timestamp: 1, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    for (const f of r.frames) expect(segments(f.data)[0]![1].subarray(1, 65)).toEqual(tables.subarray(0, 64));
    const r2 = run(jpeg(), [rtp(later, { marker: true })]);
    expect(r2.errors[0]!.description).toBe('JPEG: no quantization tables known for Q=200');
  });

  it('loss drops the frame in progress; the next frame carries the count', () => {
    const r = run(jpeg(), [
      rtp(Buffer.concat([hdr(0, 1, 50), Buffer.from('aaaa')]), { sequence: 1, timestamp: 0 }),
      rtp(Buffer.concat([hdr(8, 1, 50), Buffer.from('cccc')]), {
        sequence: 3,
        timestamp: 0,
        loss: 1,
        marker: true,
      }),
      rtp(Buffer.concat([hdr(0, 1, 50), Buffer.from('next')]), { sequence: 4, timestamp: 1, marker: true }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.frames.map((f) => [f.timestamp, f.loss])).toEqual([[1, 1]]);
  });

  it('a frame without a marker is emitted when the next frame starts with no loss', () => {
    const r = run(jpeg(), [
      rtp(Buffer.concat([hdr(0, 1, 50), Buffer.from('one')]), { timestamp: 0 }),
      rtp(Buffer.concat([hdr(0, 1, 50), Buffer.from('two')]), { timestamp: 1, marker: true }),
    ]);
    expect(r.frames.map((f) => f.timestamp)).toEqual([0, 1]);
  });

  it('reports a fragment gap without loss, unsupported types and short packets as errors', () => {
    const r = run(jpeg(), [
      rtp(Buffer.concat([hdr(0, 1, 50), Buffer.from('aaaa')]), { timestamp: 0 }),
      rtp(Buffer.concat([hdr(9, 1, 50), Buffer.from('b')]), { timestamp: 0, marker: true }),
      rtp(Buffer.concat([hdr(0, 5, 50), Buffer.from('b')]), { timestamp: 1, marker: true }),
      rtp([1, 2, 3], { timestamp: 2, marker: true }),
    ]);
    expect(r.errors.map((e) => e.description)).toEqual([
      'JPEG: fragment offset 9, expected 4',
      'JPEG: JPEG type 5 is not supported',
      'JPEG: payload of 3 bytes is shorter than the JPEG header',
    ]);
    expect(r.frames).toEqual([]);
  });

  it('is picked for encoding JPEG and for static payload type 26 without rtpmap', () => {
    expect(createDepacketizer(media('JPEG', { payloadType: 26 }), 0).ok).toBe(true);
    expect(createDepacketizer(media('', { payloadType: 26 }), 0).ok).toBe(true);
  });

  it('any packets: frames or error values, never a throw, frames start with SOI and end with EOI', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            payload: fc.oneof(
              fc.uint8Array({ maxLength: 600 }),
              fc
                .tuple(
                  fc.nat(2000),
                  fc.constantFrom(0, 1, 64, 65, 2),
                  fc.constantFrom(50, 255, 128),
                  fc.uint8Array({ maxLength: 600 }),
                )
                .map(([off, type, q, rest]) => Buffer.concat([hdr(off, type, q), Buffer.from(rest)])),
            ),
            marker: fc.boolean(),
            loss: fc.nat(2),
            step: fc.constantFrom(0, 0, 1),
          }),
          { maxLength: 40 },
        ),
        (ps) => {
          const d = new JpegDepacketizer(0, 90_000, 4096);
          let ts = 0;
          for (const p of ps) {
            ts += p.step;
            const e = d.push(rtp(p.payload, { timestamp: ts, marker: p.marker, loss: p.loss }));
            if (e) expect(e.kind).toBe('codec');
            for (let f = d.pull(); f; f = d.pull()) {
              expect(f.data.readUInt16BE(0)).toBe(0xffd8);
              expect(f.data.readUInt16BE(f.data.length - 2)).toBe(0xffd9);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
