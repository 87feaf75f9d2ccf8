import { describe, expect, it } from 'vitest';
import { RtspError } from './error';
import { parseRtpInfo } from './headers';
import { KeepaliveState } from './keepalive';
import { startParams } from './play-start';

const two = [
  { index: 0, control: 'rtsp://h/s/trackID=1' },
  { index: 1, control: 'rtsp://h/s/trackID=2' },
];

describe('startParams (RTP-Info under the initial policies)', () => {
  it('matches entries by URL, relative URL, or order when nothing matches', () => {
    const info = parseRtpInfo('url=trackID=2;seq=7;rtptime=70,url=rtsp://h/s/trackID=1;seq=5;rtptime=50');
    expect(startParams(two, info, { initialTimestamp: 'default', initialSequence: 'respect' })).toEqual([
      { initialSequence: 5, initialTimestamp: 50 },
      { initialSequence: 7, initialTimestamp: 70 },
    ]);
    const wrong = parseRtpInfo('url=rtsp://x/a;seq=5;rtptime=50,url=rtsp://x/b;seq=7;rtptime=70');
    expect(startParams(two, wrong, { initialTimestamp: 'default', initialSequence: 'respect' })).toEqual([
      { initialSequence: 5, initialTimestamp: 50 },
      { initialSequence: 7, initialTimestamp: 70 },
    ]);
  });

  it('timestamp policies: default requires rtptime with several streams; permissive uses it only if all have it', () => {
    const partial = parseRtpInfo('url=rtsp://h/s/trackID=1;seq=5;rtptime=50,url=rtsp://h/s/trackID=2;seq=7');
    const def = startParams(two, partial, { initialTimestamp: 'default', initialSequence: 'respect' });
    expect(def).toBeInstanceOf(RtspError);
    expect((def as RtspError).context.streamIndex).toBe(1);
    expect(startParams(two, partial, { initialTimestamp: 'permissive', initialSequence: 'respect' })).toEqual(
      [{ initialSequence: 5 }, { initialSequence: 7 }],
    );
    expect(
      startParams(two.slice(0, 1), partial, { initialTimestamp: 'default', initialSequence: 'ignore' }),
    ).toEqual([{}]);
  });

  it('sequence policies: ignore-suspicious drops 0 and 1 only', () => {
    const info = (seq: number) => parseRtpInfo(`url=rtsp://h/s/trackID=1;seq=${seq}`);
    const one = two.slice(0, 1);
    const p = { initialTimestamp: 'ignore' as const, initialSequence: 'ignore-suspicious' as const };
    expect(startParams(one, info(0), p)).toEqual([{}]);
    expect(startParams(one, info(1), p)).toEqual([{}]);
    expect(startParams(one, info(2), p)).toEqual([{ initialSequence: 2 }]);
  });
});

describe('KeepaliveState', () => {
  it('OPTIONS first, then SET_PARAMETER > GET_PARAMETER > OPTIONS by Public; a refusal falls back for good', () => {
    const k = new KeepaliveState();
    expect(k.method()).toBe('OPTIONS');
    k.sent();
    k.answered('OPTIONS', 200, 'OPTIONS, GET_PARAMETER, SET_PARAMETER');
    expect(k.method()).toBe('SET_PARAMETER');
    k.sent();
    k.answered('SET_PARAMETER', 451, undefined);
    expect(k.method()).toBe('OPTIONS');
    k.sent();
    k.answered('OPTIONS', 200, 'OPTIONS, GET_PARAMETER, SET_PARAMETER');
    expect(k.method()).toBe('OPTIONS');
    const bare = new KeepaliveState();
    bare.sent();
    bare.answered('OPTIONS', 200, 'OPTIONS, DESCRIBE');
    expect(bare.method()).toBe('OPTIONS');
  });
});
