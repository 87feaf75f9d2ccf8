import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { H26xDepacketizer } from './h26x';
import { H264_SYNTAX } from './h264';
import { H265_SYNTAX } from './h265';
import { lengthPrefixed, rtp, run, u16 } from './testing';
import type { RtpPacket } from './types';

const CODECS = [
  { name: 'H.264', syntax: H264_SYNTAX, hl: 1, fu: 28, agg: 24 },
  { name: 'H.265', syntax: H265_SYNTAX, hl: 2, fu: 49, agg: 48 },
] as const;

type Codec = (typeof CODECS)[number];

function depacketizer(c: Codec, maxFrameBytes = 1 << 20) {
  return new H26xDepacketizer(c.syntax, {
    streamIndex: 0,
    payloadType: 96,
    clockRate: 90_000,
    maxFrameBytes,
  });
}

/** NAL body bytes with emulation prevention applied (no 00 00 0x, x <= 2) and a non-zero end. */
function clean(body: Uint8Array): Buffer {
  const b = Buffer.from(body);
  for (let i = 2; i < b.length; i++) if (b[i - 1] === 0 && b[i - 2] === 0 && b[i]! <= 2) b[i] = 3;
  if (b.length > 0 && b[b.length - 1] === 0) b[b.length - 1] = 0x80;
  return b;
}

/** A VCL NAL unit (non-IDR slice / TRAIL_R) with a random body. */
const vclNal = (c: Codec) =>
  fc.uint8Array({ minLength: 1, maxLength: 3000 }).map((body) => {
    const header = c.hl === 1 ? Buffer.from([0x41]) : Buffer.from([1 << 1, 1]);
    return Buffer.concat([header, clean(body)]);
  });

/** A small non-VCL, non-AU-starting NAL unit: H.264 type 12 (filler), H.265 type 38 (FD). */
const smallNal = (c: Codec) =>
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((body) => {
    const header = c.hl === 1 ? Buffer.from([0x0c]) : Buffer.from([38 << 1, 1]);
    return Buffer.concat([header, clean(body)]);
  });

function fuPackets(c: Codec, nal: Buffer, cuts: number[]): Buffer[] {
  const body = nal.subarray(c.hl);
  const points = [...new Set(cuts.map((x) => x % (body.length + 1)))].sort((a, b) => a - b);
  const bounds = [0, ...points.filter((p) => p > 0 && p < body.length), body.length];
  const out: Buffer[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const s = i === 0 ? 0x80 : 0;
    const e = i + 2 === bounds.length ? 0x40 : 0;
    const hdr =
      c.hl === 1
        ? Buffer.from([(nal[0]! & 0xe0) | c.fu, s | e | (nal[0]! & 0x1f)])
        : Buffer.from([(nal[0]! & 0x81) | (c.fu << 1), nal[1]!, s | e | ((nal[0]! >> 1) & 0x3f)]);
    out.push(Buffer.concat([hdr, body.subarray(bounds[i], bounds[i + 1])]));
  }
  return out;
}

function packets(payloads: Buffer[], timestamp = 0): RtpPacket[] {
  return payloads.map((p, i) => rtp(p, { sequence: i, timestamp, marker: i === payloads.length - 1 }));
}

describe.each(CODECS)('$name depacketizer properties', (c) => {
  it('any packets: frames or error values, never a throw, never an unbounded buffer', () => {
    const pkt = fc.record({
      payload: fc.oneof(
        fc.uint8Array({ maxLength: 1500 }),
        // Bias towards valid-looking headers: FU / aggregation / single types.
        fc
          .tuple(
            fc.constantFrom(c.fu, c.agg, 1, 5, 7, 8, 9, 19, 32, 33, 34, 35),
            fc.uint8Array({ maxLength: 1500 }),
          )
          .map(([t, rest]) => {
            const b = Buffer.concat([Buffer.alloc(c.hl), Buffer.from(rest)]);
            if (c.hl === 1) b[0] = 0x60 | (t & 0x1f);
            else {
              b[0] = (t & 0x3f) << 1;
              b[1] = 1;
            }
            return b;
          }),
      ),
      marker: fc.boolean(),
      loss: fc.nat(3),
      tsStep: fc.constantFrom(0, 0, 0, 3000),
      payloadType: fc.constantFrom(96, 96, 96, 97),
    });
    fc.assert(
      fc.property(fc.array(pkt, { maxLength: 60 }), (ps) => {
        const cap = 16 * 1024;
        const d = depacketizer(c, cap);
        let ts = 0;
        for (const [i, p] of ps.entries()) {
          ts += p.tsStep;
          const e = d.push(
            rtp(p.payload, {
              sequence: i,
              timestamp: ts,
              marker: p.marker,
              loss: p.loss,
              payloadType: p.payloadType,
            }),
          );
          if (e) expect(e.kind).toBe('codec');
          expect(d.bufferedBytes).toBeLessThanOrEqual(cap);
          for (let f = d.pull(); f; f = d.pull()) {
            expect(f.kind).toBe('video');
            expect(f.data.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a NAL unit split into FU fragments at arbitrary points gives the same access unit', () => {
    fc.assert(
      fc.property(vclNal(c), fc.array(fc.nat(4000), { maxLength: 12 }), (nal, cuts) => {
        const whole = run(depacketizer(c), packets([nal]));
        const split = run(depacketizer(c), packets(fuPackets(c, nal, cuts)));
        expect(split.errors).toEqual([]);
        expect(split.frames).toHaveLength(1);
        expect(split.frames[0]!.data).toEqual(whole.frames[0]!.data);
        expect(split.frames[0]!.data).toEqual(lengthPrefixed([nal]));
      }),
      { numRuns: 200 },
    );
  });

  it('aggregation (STAP-A / AP) round trip equals the NAL units sent one per packet', () => {
    fc.assert(
      fc.property(fc.array(smallNal(c), { minLength: 1, maxLength: 8 }), vclNal(c), (smalls, vcl) => {
        const aggHeader = c.hl === 1 ? Buffer.from([0x60 | c.agg]) : Buffer.from([c.agg << 1, 1]);
        const agg = Buffer.concat([aggHeader, ...smalls.flatMap((n) => [u16(n.length), n])]);
        const aggregated = run(depacketizer(c), packets([agg, vcl]));
        const single = run(depacketizer(c), packets([...smalls, vcl]));
        expect(aggregated.errors).toEqual([]);
        expect(aggregated.frames).toHaveLength(1);
        expect(aggregated.frames[0]!.data).toEqual(single.frames[0]!.data);
        expect(aggregated.frames[0]!.data).toEqual(lengthPrefixed([...smalls, vcl]));
      }),
      { numRuns: 200 },
    );
  });

  it('loss anywhere drops only the damaged access unit and is counted in the next frame', () => {
    fc.assert(
      fc.property(
        fc.array(vclNal(c), { minLength: 2, maxLength: 6 }),
        fc.nat(1000),
        fc.array(fc.nat(3000), { maxLength: 4 }),
        (nals, dropAt, cuts) => {
          const all = nals.flatMap((n, i) =>
            packets(fuPackets(c, n, cuts), i * 3000).map((p) => ({ ...p, auIndex: i })),
          );
          const k = dropAt % all.length;
          const kept = all.filter((_, i) => i !== k).map((p, i) => ({ ...p, sequence: i }));
          if (k < kept.length) kept[k]!.loss = 1;
          const r = run(depacketizer(c), kept);
          expect(r.errors).toEqual([]);
          const lostAu = all[k]!.auIndex;
          // Every other AU intact; the one after the damaged AU carries the loss (none is
          // reported when the very last packet was dropped: no later packet shows the gap).
          const flagged = k < kept.length;
          const expected = nals.flatMap((n, i) =>
            i === lostAu ? [] : [[lengthPrefixed([n]), flagged && i === lostAu + 1 ? 1 : 0]],
          );
          expect(r.frames.map((f) => [f.data, f.loss])).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
