import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePublic, parseRtpInfo, parseSessionHeader, parseTransportHeader } from './headers';

describe('headers', () => {
  it('Session with and without timeout', () => {
    expect(parseSessionHeader('12345678;timeout=30')).toEqual({
      id: '12345678',
      timeout: 30,
      timeoutGiven: true,
    });
    expect(parseSessionHeader('abc')).toEqual({ id: 'abc', timeout: 60, timeoutGiven: false });
    expect(parseSessionHeader(' ;timeout=3')).toBeUndefined();
  });
  it('Transport in unusual order, ssrc with a leading space (Hikvision) and short ssrc', () => {
    expect(parseTransportHeader('RTP/AVP/TCP;interleaved=2-3;ssrc= 1A2B;mode="PLAY";unicast')).toEqual({
      protocol: 'RTP/AVP/TCP',
      unicast: true,
      interleaved: [2, 3],
      ssrc: 0x1a2b,
      mode: 'PLAY',
    });
    expect(
      parseTransportHeader('RTP/AVP;server_port=6970-6971;unicast;client_port=5000-5001;source=1.2.3.4'),
    ).toMatchObject({
      serverPort: [6970, 6971],
      clientPort: [5000, 5001],
      source: '1.2.3.4',
    });
    expect(parseTransportHeader('MP2T/H2221/UDP')).toBeUndefined();
  });
  it('RTP-Info with trailing ;, negative rtptime and ssrc (Reolink)', () => {
    expect(
      parseRtpInfo(
        'url=rtsp://h/s/trackID=1;seq=5;rtptime=-10;ssrc=DEADBEEF;, url=rtsp://h/s/trackID=2;seq=1',
      ),
    ).toEqual([
      { url: 'rtsp://h/s/trackID=1', seq: 5, rtptime: 4294967286, ssrc: 0xdeadbeef },
      { url: 'rtsp://h/s/trackID=2', seq: 1 },
    ]);
  });
  it('Public', () => {
    expect([...parsePublic('OPTIONS, DESCRIBE,GET_PARAMETER ')]).toEqual([
      'OPTIONS',
      'DESCRIBE',
      'GET_PARAMETER',
    ]);
  });
  it('property: never throws on any string', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseSessionHeader(s);
        parseTransportHeader(s);
        parseRtpInfo(s);
        parsePublic(s);
      }),
    );
  });
});
