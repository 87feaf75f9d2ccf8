import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RtspError } from './error';
import {
  RtspHeaders,
  type RtspMessage,
  RtspReader,
  writeInterleaved,
  writeRequest,
  writeResponse,
} from './message';

type Item = { m: RtspMessage } | { d: [number, string, number] } | { e: RtspError };

function collect(chunks: Buffer[]): Item[] {
  const items: Item[] = [];
  const reader = new RtspReader({
    message: (m) => items.push({ m }),
    data: (channel, payload, offset) => items.push({ d: [channel, payload.toString('hex'), offset] }),
    error: (e) => items.push({ e }),
  });
  for (const c of chunks) reader.push(c);
  return items;
}

const sample = Buffer.concat([
  writeResponse(200, 'OK', new RtspHeaders({ CSeq: '1', Public: 'OPTIONS, DESCRIBE' })),
  Buffer.from('\r\n'),
  writeInterleaved(0, Buffer.from([0x80, 0x60, 0, 1, 9, 9, 9, 9])),
  writeInterleaved(1, Buffer.alloc(0)),
  writeResponse(
    200,
    'OK',
    new RtspHeaders({ CSeq: '2', 'Content-Type': 'application/sdp' }),
    Buffer.from('v=0\r\n'),
  ),
  writeRequest('OPTIONS', 'rtsp://h/', new RtspHeaders({ CSeq: '7' })),
  writeInterleaved(2, Buffer.alloc(300, 7)),
]);

describe('RtspReader', () => {
  it('reads responses, interleaved frames and requests mixed with CRLF noise', () => {
    const items = collect([sample]);
    expect(items.map((i) => ('m' in i ? i.m.kind : 'd' in i ? `data${i.d[0]}` : 'error'))).toEqual([
      'response',
      'data0',
      'data1',
      'response',
      'request',
      'data2',
    ]);
    const second = items[3] as { m: RtspMessage };
    expect(second.m.body.toString()).toBe('v=0\r\n');
    expect(second.m.headers.get('content-type')).toBe('application/sdp');
    const d0 = items[1] as { d: [number, string, number] };
    expect(d0.d[2]).toBe(sample.indexOf(0x24)); // offset of the `$`
  });

  it('gives the same items when split at every byte', () => {
    const whole = JSON.stringify(collect([sample]), replacer);
    for (let i = 1; i < sample.length; i++) {
      const split = collect([sample.subarray(0, i), sample.subarray(i)]);
      expect(JSON.stringify(split, replacer)).toBe(whole);
    }
    const bytes: Buffer[] = [];
    for (let i = 0; i < sample.length; i++) bytes.push(sample.subarray(i, i + 1));
    expect(JSON.stringify(collect(bytes), replacer)).toBe(whole);
  });

  it('reports garbage as a framing error with the byte offset, and stops', () => {
    const items = collect([
      Buffer.concat([writeInterleaved(0, Buffer.from([1, 2])), Buffer.from('\x00garbage')]),
    ]);
    expect(items).toHaveLength(2);
    const e = (items[1] as { e: RtspError }).e;
    expect(e.kind).toBe('framing');
    expect(e.context.offset).toBe(6);
    expect(e.message).toContain('at byte 6');
  });

  it('rejects a bad Content-Length and an endless header', () => {
    expect(
      (collect([Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n')])[0] as { e: RtspError }).e.kind,
    ).toBe('framing');
    const r: Item[] = [];
    const reader = new RtspReader(
      { message: (m) => r.push({ m }), data: () => {}, error: (e) => r.push({ e }) },
      { maxHeader: 100 },
    );
    reader.push(Buffer.from(`RTSP/1.0 200 OK\r\nX: ${'a'.repeat(200)}`));
    expect(r).toHaveLength(1);
    expect('e' in r[0]!).toBe(true);
  });

  it('tolerates trailing whitespace in CSeq and LF-only line ends', () => {
    const items = collect([Buffer.from('RTSP/1.0 200 OK\nCSeq: 3 \n\n')]);
    const m = (items[0] as { m: RtspMessage }).m;
    expect(m.headers.get('cseq')).toBe('3');
  });

  it('property: any bytes give messages, data or one error; never a throw', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), (chunks) => {
        const items = collect(chunks.map((c) => Buffer.from(c)));
        const errors = items.filter((i) => 'e' in i);
        expect(errors.length).toBeLessThanOrEqual(1);
        if (errors.length === 1) expect(items[items.length - 1]).toBe(errors[0]);
      }),
      { numRuns: 500 },
    );
  });

  it('property: generated streams reassemble identically however they are split', () => {
    const msg = fc.oneof(
      fc.record({
        t: fc.constant('data' as const),
        ch: fc.integer({ min: 0, max: 255 }),
        p: fc.uint8Array({ maxLength: 100 }),
      }),
      fc.record({
        t: fc.constant('resp' as const),
        status: fc.integer({ min: 100, max: 599 }),
        cseq: fc.nat(),
        body: fc.string({ maxLength: 50 }),
      }),
      fc.record({ t: fc.constant('noise' as const), n: fc.integer({ min: 1, max: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(msg, { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 6 }), (msgs, cuts) => {
        const parts = msgs.map((m) =>
          m.t === 'data'
            ? writeInterleaved(m.ch, Buffer.from(m.p))
            : m.t === 'noise'
              ? Buffer.from('\r\n'.repeat(m.n))
              : writeResponse(m.status, 'X', new RtspHeaders({ CSeq: String(m.cseq) }), Buffer.from(m.body)),
        );
        const all = Buffer.concat(parts);
        const points = [...new Set(cuts.map((c) => (all.length ? c % all.length : 0)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(all.subarray(prev, p));
          prev = p;
        }
        chunks.push(all.subarray(prev));
        const a = collect([all]);
        const b = collect(chunks);
        expect(JSON.stringify(b, replacer)).toBe(JSON.stringify(a, replacer));
        expect(a.filter((i) => 'e' in i)).toHaveLength(0);
        expect(a.length).toBe(msgs.filter((m) => m.t !== 'noise').length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('writeRequest', () => {
  it('refuses header values with line breaks (header injection)', () => {
    expect(() =>
      writeRequest('OPTIONS', 'rtsp://h/', new RtspHeaders({ 'User-Agent': 'a\r\nX: y' })),
    ).toThrow(/line break/);
  });
  it('adds Content-Length for a body', () => {
    const b = writeRequest(
      'SET_PARAMETER',
      'rtsp://h/',
      new RtspHeaders({ CSeq: '1' }),
      Buffer.from('x: 1\r\n'),
    );
    expect(b.toString()).toContain('Content-Length: 6\r\n\r\nx: 1\r\n');
  });
});

function replacer(_k: string, v: unknown): unknown {
  if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer')
    return Buffer.from((v as { data: number[] }).data).toString('hex');
  if (v instanceof Error) return { kind: (v as RtspError).kind, message: v.message };
  return v;
}
