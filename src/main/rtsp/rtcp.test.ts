import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtspError } from './error';
import { buildReceiverReport, ntpToUnixMs, parseRtcpCompound, unixMsToNtp, wallClockOf } from './rtcp';
import { senderReport } from './testing/packets';

describe('RTCP', () => {
  it('parses a compound SR + SDES and maps RTP time to wall clock', () => {
    const unix = Date.UTC(2024, 0, 1);
    const sr = senderReport(0xabc, unixMsToNtp(unix), 90000);
    const sdes = buildReceiverReport(1, undefined, 'x').subarray(8); // an SDES packet
    const info = parseRtcpCompound(Buffer.concat([sr, sdes]));
    if (info instanceof RtspError) throw info;
    expect(info.count).toBe(2);
    expect(info.senderReport).toMatchObject({ ssrc: 0xabc, rtpTimestamp: 90000, packetCount: 10 });
    const ms = ntpToUnixMs(info.senderReport!.ntpSeconds, info.senderReport!.ntpFraction);
    expect(Math.abs(ms - unix)).toBeLessThan(1);
    expect(wallClockOf({ rtpTimestamp: 90000, unixMs: unix, clockRate: 90000 }, 180000)).toBeCloseTo(
      unix + 1000,
      3,
    );
  });

  it('builds an RR with one report block that validates', () => {
    const rr = buildReceiverReport(
      0x1111,
      {
        sourceSsrc: 0x2222,
        fractionLost: 12,
        cumulativeLost: 5,
        extendedHighestSeq: 70000,
        jitter: 3.7,
        lastSr: 0x12345678,
        delaySinceLastSr: 65536,
      },
      'camrelay@host',
    );
    expect(rr.length % 4).toBe(0);
    const info = parseRtcpCompound(rr);
    if (info instanceof RtspError) throw info;
    expect(info.count).toBe(2);
    expect(rr.readUInt32BE(8)).toBe(0x2222);
    expect(rr[12]).toBe(12);
    expect(rr.readUInt32BE(12) & 0xffffff).toBe(5);
    expect(rr.readUInt32BE(16)).toBe(70000);
    expect(rr.readUInt32BE(20)).toBe(3);
  });

  it('rejects truncated compounds and a compound not starting with SR/RR', () => {
    const sr = senderReport(1, [0, 0], 0);
    expect(parseRtcpCompound(sr.subarray(0, 20))).toBeInstanceOf(RtspError);
    const sdesFirst = buildReceiverReport(1, undefined, 'x').subarray(8);
    expect(parseRtcpCompound(sdesFirst)).toBeInstanceOf(RtspError);
  });

  it('property: any bytes -> info or error, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        const r = parseRtcpCompound(Buffer.from(b));
        expect(r instanceof RtspError || r.count >= 1).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
