import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RtspError } from './error';
import { hasLive555TcpBug, parseSdp, type SdpSession } from './sdp';

function ok(s: string): SdpSession {
  const r = parseSdp(s);
  if (r instanceof RtspError) throw r;
  return r;
}

const GST = `v=0\r
o=- 1188340656180883 1 IN IP4 127.0.0.1\r
s=Session streamed with GStreamer\r
t=0 0\r
a=tool:GStreamer\r
a=type:broadcast\r
a=control:*\r
a=range:npt=now-\r
m=video 0 RTP/AVP 96\r
c=IN IP4 0.0.0.0\r
a=rtpmap:96 H264/90000\r
a=framerate:30\r
a=fmtp:96 packetization-mode=1;Profile-Level-Id=42c01f;sprop-parameter-sets=Z0LAH9kAUAW7ARAAAAMAEAAAAwPI8YMkgA==,aMuMsg==\r
a=control:stream=0\r
m=audio 0 RTP/AVP 97\r
a=rtpmap:97 MPEG4-GENERIC/48000/2\r
a=fmtp:97 streamtype=5;profile-level-id=2;mode=AAC-hbr;config=1190;sizelength=13;indexlength=3;indexdeltalength=3;\r
a=control:stream=1\r
`;

describe('parseSdp', () => {
  it('GStreamer H.264 + AAC', () => {
    const s = ok(GST);
    expect(s.tool).toBe('GStreamer');
    expect(s.control).toBe('*');
    expect(s.media).toHaveLength(2);
    expect(s.media[0]).toMatchObject({ media: 'video', control: 'stream=0' });
    expect(s.media[0]!.description).toMatchObject({
      encodingName: 'H264',
      payloadType: 96,
      clockRate: 90000,
      frameRate: 30,
      fmtp: { 'packetization-mode': '1', 'profile-level-id': '42c01f' },
    });
    expect(s.media[0]!.description!.fmtp['sprop-parameter-sets']).toBe(
      'Z0LAH9kAUAW7ARAAAAMAEAAAAwPI8YMkgA==,aMuMsg==',
    );
    // trailing ; in AAC fmtp (reolink-aac-fmtp-trailing-semicolon)
    expect(s.media[1]!.description).toMatchObject({
      encodingName: 'MPEG4-GENERIC',
      clockRate: 48000,
      channels: 2,
    });
    expect(Object.keys(s.media[1]!.description!.fmtp)).not.toContain('');
  });

  it('tapo-payload-type-word: a media with a word for payload type is unusable, others kept', () => {
    const s = ok(
      'v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\nm=application 0 RTP/AVP smart/1/90000\r\na=rtpmap:95 xxx/90000\r\n',
    );
    expect(s.media[0]!.description?.encodingName).toBe('H264');
    expect(s.media[1]!.description).toBeUndefined();
    expect(s.media[1]!.unusableReason).toMatch(/not a number/);
  });

  it('missing o=, trailing space in rtpmap, empty fmtp (Ubiquiti), static payload types', () => {
    const s = ok(
      'v=0\ns=x\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000 \na=fmtp:96\nm=audio 0 RTP/AVP 0\nm=video 0 RTP/AVP 26\n',
    );
    expect(s.media[0]!.description).toMatchObject({ encodingName: 'H264', fmtp: {} });
    expect(s.media[1]!.description).toMatchObject({ encodingName: 'PCMU', clockRate: 8000, channels: 1 });
    expect(s.media[2]!.description).toMatchObject({ encodingName: 'JPEG', clockRate: 90000 });
  });

  it('live555 version and the stale-TCP bug cut-off (2017.06.04)', () => {
    expect(hasLive555TcpBug('LIVE555 Streaming Media v2013.04.08')).toBe(true);
    expect(hasLive555TcpBug('LIVE555 Streaming Media v2017.06.04')).toBe(false);
    expect(hasLive555TcpBug('GStreamer')).toBe(false);
    expect(hasLive555TcpBug(undefined)).toBe(false);
  });

  it('property: any text -> session or error value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (t) => {
        const r = parseSdp(`v=0\n${t}`);
        expect(r instanceof RtspError || Array.isArray(r.media)).toBe(true);
        parseSdp(t);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('m', 'a', 'c', 's', 'v'), fc.string({ maxLength: 40 })), {
          maxLength: 20,
        }),
        (lines) => {
          parseSdp(lines.map(([k, v]) => `${k}=${v}`).join('\r\n'));
        },
      ),
    );
  });
});
