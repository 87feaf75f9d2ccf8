import { describe, expect, it } from 'vitest';
import type { CameraView } from '../../../shared/cameras';
import { DEFAULT_POLICIES } from '../../../shared/cameras';
import { formatLatency, tileMessage } from './live-words';

const camera = (status: CameraView['status']): CameraView => ({
  id: 'cam_1',
  name: 'Gate',
  url: 'rtsp://192.0.2.1/live',
  username: '',
  hasPassword: false,
  transport: 'tcp',
  group: '',
  enabled: true,
  policies: DEFAULT_POLICIES,
  mode: 'always',
  groupId: 'server:192.0.2.1:554',
  status,
  streams: [],
  history: { t: [], kbps: [], fps: [] },
});

describe('tileMessage', () => {
  const playing = camera({ state: 'playing', since: 0 });
  it('says nothing over a playing picture', () => {
    expect(
      tileMessage({ state: 'playing', codec: 'H.264', width: 1, height: 1 }, playing, 1000),
    ).toBeUndefined();
  });
  it('names an unsupported codec instead of a black box', () => {
    const m = tileMessage(
      {
        state: 'unsupported',
        codec: 'H.265 (hvc1.1.6.L93.B0)',
        reason: 'This browser has no decoder for this codec',
      },
      playing,
      0,
    );
    expect(m).toMatchObject({ unsupported: true, title: 'H.265 (hvc1.1.6.L93.B0)' });
    expect(m?.detail).toBe('This browser has no decoder for this codec.');
  });
  it('an H.265 tile whose camera is lost says the camera is down, not only that there is no decoder', () => {
    const lost = camera({
      state: 'backing-off',
      since: 0,
      retryAt: 8000,
      attempt: 2,
      failure: { kind: 'unreachable', message: 'No answer.', at: 0 },
    });
    const m = tileMessage({ state: 'unsupported', codec: 'H.265', reason: 'No decoder' }, lost, 0);
    expect(m).toMatchObject({ tone: 'bad', title: 'Retrying in 8 s' });
    expect(m?.detail).toBe('Camera unreachable. Its video is H.265.');
    expect(m?.unsupported).toBeUndefined();
  });
  it('tells why there is no picture', () => {
    const retrying = camera({
      state: 'backing-off',
      since: 0,
      retryAt: 8000,
      attempt: 2,
      failure: { kind: 'auth', message: 'Wrong credentials.', at: 0 },
    });
    expect(tileMessage({ state: 'waiting' }, retrying, 0)).toMatchObject({
      tone: 'bad',
      title: 'Retrying in 8 s',
    });
    expect(tileMessage({ state: 'waiting' }, playing, 0)).toMatchObject({
      title: 'Waiting for a key frame…',
    });
    expect(tileMessage({ state: 'waiting' }, undefined, 0)).toMatchObject({ title: 'No such camera' });
    expect(tileMessage({ state: 'no-video' }, playing, 0)).toMatchObject({ title: 'No video' });
    expect(formatLatency(41.6)).toBe('42 ms');
    expect(formatLatency(undefined)).toBe('—');
  });
});
