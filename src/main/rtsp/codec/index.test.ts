import { describe, expect, it } from 'vitest';
import { createDepacketizer } from './index';
import { media } from './testing';

describe('createDepacketizer', () => {
  it('picks a depacketizer by media type and encoding name, case-insensitively', () => {
    const cases: [string, string, Record<string, string>, string][] = [
      ['video', 'h264', {}, 'video'],
      ['video', 'H265', {}, 'video'],
      ['video', 'JPEG', {}, 'video'],
      [
        'audio',
        'MPEG4-GENERIC',
        { mode: 'AAC-hbr', config: '1408', sizelength: '13', indexlength: '3', indexdeltalength: '3' },
        'audio',
      ],
      ['audio', 'pcma', {}, 'audio'],
      ['audio', 'opus', {}, 'audio'],
      ['application', 'vnd.onvif.metadata', {}, 'message'],
    ];
    for (const [kind, enc, fmtp, paramKind] of cases) {
      const r = createDepacketizer(media(enc, { media: kind, fmtp }), 0);
      expect(r.ok, `${kind}/${enc}`).toBe(true);
      if (r.ok && r.depacketizer.parameters) expect(r.depacketizer.parameters.kind).toBe(paramKind);
    }
  });

  it('explains unsupported encodings in words an operator understands', () => {
    expect(createDepacketizer(media('X-FOO'), 0)).toEqual({
      ok: false,
      reason: "video encoding 'X-FOO' is not supported",
    });
    expect(createDepacketizer(media('H264', { media: 'audio' }), 0)).toEqual({
      ok: false,
      reason: "audio encoding 'H264' is not supported",
    });
    expect(createDepacketizer(media('', { payloadType: 96 }), 0)).toEqual({
      ok: false,
      reason: 'payload type 96 has no rtpmap encoding',
    });
    expect(createDepacketizer(media('MP2T'), 0)).toMatchObject({ ok: false });
  });
});
