import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDepacketizer } from './index';
import { OnvifMetadataDepacketizer } from './onvif';
import { media, rtp, run } from './testing';

const XML = '<?xml version="1.0"?><tt:MetadataStream xmlns:tt="http://www.onvif.org/ver10/schema"/>';

describe('ONVIF metadata depacketizer', () => {
  it('concatenates payloads until the marker bit', () => {
    const r = createDepacketizer(media('vnd.onvif.metadata', { media: 'application', payloadType: 107 }), 3);
    if (!r.ok) throw new Error(r.reason);
    expect(r.depacketizer.parameters).toEqual({ kind: 'message', format: 'onvif-metadata' });
    const out = run(r.depacketizer, [
      rtp(XML.slice(0, 30), { timestamp: 100, receivedAt: 1 }),
      rtp(XML.slice(30, 60), { timestamp: 100 }),
      rtp(XML.slice(60), { timestamp: 100, marker: true }),
      rtp('<b/>', { timestamp: 200, marker: true }),
    ]);
    expect(out.errors).toEqual([]);
    expect(out.frames.map((f) => [f.kind, f.timestamp, f.data.toString()])).toEqual([
      ['message', 100, XML],
      ['message', 200, '<b/>'],
    ]);
    expect(out.frames[0]).toMatchObject({ streamIndex: 3, receivedAt: 1, clockRate: 90000 });
  });

  it('loss drops the message in progress and is counted in the next one', () => {
    const out = run(new OnvifMetadataDepacketizer(0, 90000), [
      rtp('<a>', { sequence: 1 }),
      rtp('</a>', { sequence: 3, loss: 1, marker: true }),
      rtp('<c/>', { sequence: 4, marker: true }),
    ]);
    expect(out.frames.map((f) => [f.data.toString(), f.loss])).toEqual([['<c/>', 1]]);
  });

  it('caps the size of a message and recovers at the next marker', () => {
    const d = new OnvifMetadataDepacketizer(0, 90000, 100);
    const out = run(d, [
      rtp(Buffer.alloc(60)),
      rtp(Buffer.alloc(60)),
      rtp('x', { marker: true }),
      rtp('<ok/>', { marker: true }),
    ]);
    expect(out.errors.map((e) => e.description)).toEqual([
      'ONVIF metadata: message larger than 100 bytes; dropped',
    ]);
    expect(out.frames.map((f) => f.data.toString())).toEqual(['<ok/>']);
  });

  it('any packets: never a throw; message bytes equal the marked runs without loss', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.uint8Array({ maxLength: 50 }), m: fc.boolean() }), { maxLength: 30 }),
        (ps) => {
          const out = run(
            new OnvifMetadataDepacketizer(0, 90000),
            ps.map((x) => rtp(x.p, { marker: x.m })),
          );
          const expected: Buffer[] = [];
          let cur: Buffer[] = [];
          for (const x of ps) {
            cur.push(Buffer.from(x.p));
            if (x.m) {
              expected.push(Buffer.concat(cur));
              cur = [];
            }
          }
          expect(out.frames.map((f) => f.data)).toEqual(expected);
        },
      ),
    );
  });
});
