import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newCounters, RtpReceiver, Timeline } from './rtp';
import { rtpPacket } from './testing/packets';

describe('Timeline', () => {
  it('extends across the 32-bit wrap, forward and back', () => {
    const t = new Timeline(undefined, undefined);
    expect(t.extend(0xffffff00)).toBe(0xffffff00);
    expect(t.extend(0x10)).toBe(0x100000010);
    expect(t.extend(0xfffffff0)).toBe(0xfffffff0);
  });
  it('enforces the max jump and starts from rtptime', () => {
    const t = new Timeline(1000, 90000);
    expect(t.extend(1000 + 3000)).toBe(4000);
    expect(typeof t.extend(4000 + 200000)).toBe('string');
  });
});

describe('RtpReceiver', () => {
  const make = (o: Partial<ConstructorParameters<typeof RtpReceiver>[0]> = {}) =>
    new RtpReceiver({ payloadType: 96, outOfOrder: 'error', ...o }, newCounters(), 90000);

  it('counts loss across the sequence wrap and sets packet.loss', () => {
    const r = make();
    expect(r.accept(rtpPacket(0xfffe, 0), 0).kind).toBe('ok');
    expect(r.accept(rtpPacket(0x0001, 0), 0).kind).toBe('ok');
    expect(r.packet.loss).toBe(2);
    expect(r.counters).toMatchObject({ packets: 2, lost: 2 });
    expect(r.extendedMax).toBe(0x10001);
  });

  it('TCP: a packet far behind the stream is a protocol error naming ssrc and seq', () => {
    const r = make();
    r.accept(rtpPacket(1000, 0), 0);
    r.accept(rtpPacket(1001, 0), 0);
    const v = r.accept(rtpPacket(900, 0), 0);
    expect(v.kind).toBe('error');
    if (v.kind === 'error') expect(v.error.message).toMatch(/ssrc 00001234, seq 900/);
  });

  it('gstreamer-shared-media-resend: over TCP a few packets sent again are dropped and counted', () => {
    const r = make();
    r.accept(rtpPacket(10782, 0), 0);
    r.accept(rtpPacket(10783, 0), 0);
    expect(r.accept(rtpPacket(10782, 0), 0)).toEqual({ kind: 'drop', reason: 'late' });
    expect(r.accept(rtpPacket(10783, 0), 0)).toEqual({ kind: 'drop', reason: 'duplicate' });
    expect(r.accept(rtpPacket(10784, 0), 0).kind).not.toBe('error');
    expect(r.counters.dropped).toBe(2);
    expect(r.counters.lost).toBe(0);
  });

  it('UDP: late packets are dropped and counted', () => {
    const r = make({ outOfOrder: 'drop' });
    r.accept(rtpPacket(10, 0), 0);
    expect(r.accept(rtpPacket(10, 0), 0)).toEqual({ kind: 'drop', reason: 'duplicate' });
    expect(r.accept(rtpPacket(9, 0), 0)).toEqual({ kind: 'drop', reason: 'late' });
    expect(r.counters.dropped).toBe(2);
  });

  it('SSRC mismatch is reported, not thrown', () => {
    const r = make({ ssrc: 0xaaaa });
    expect(r.accept(rtpPacket(1, 0, { ssrc: 0xbbbb }), 0)).toEqual({
      kind: 'ssrc-mismatch',
      got: 0xbbbb,
      expected: 0xaaaa,
    });
  });

  it('geovision-duplicate-pt: a packet of another payload type is dropped without touching sequence', () => {
    const r = make();
    r.accept(rtpPacket(1, 0), 0);
    expect(r.accept(rtpPacket(1, 0, { pt: 107 }), 0)).toEqual({ kind: 'drop', reason: 'payload-type' });
    expect(r.accept(rtpPacket(2, 0), 0).kind).toBe('ok');
    expect(r.counters.lost).toBe(0);
  });

  it('parses CSRC, extension and padding', () => {
    const b = Buffer.alloc(12 + 4 + 4 + 8 + 3 + 2);
    b[0] = 0x80 | 0x20 | 0x10 | 1;
    b[1] = 96;
    b.writeUInt16BE(0xbede, 16);
    b.writeUInt16BE(2, 18);
    b[28] = 7;
    b[29] = 8;
    b[30] = 9;
    b[b.length - 1] = 2; // 2 padding bytes
    const r = make();
    expect(r.accept(b, 0).kind).toBe('ok');
    expect([...r.packet.payload]).toEqual([7, 8, 9]);
  });

  it('property: any bytes -> a verdict, never a throw', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (pkts) => {
        const r = make({ outOfOrder: 'drop' });
        for (const p of pkts) r.accept(Buffer.from(p), 0);
        expect(r.counters.packets + r.counters.dropped).toBeLessThanOrEqual(pkts.length);
      }),
    );
  });
});
