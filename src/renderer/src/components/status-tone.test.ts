// One meaning per colour: the Cameras table (status-words), the Live tiles (live-words) and
// the Groups cards all take a camera's tone from components/status-tone.ts.
import { describe, expect, it } from 'vitest';
import type { CameraFailure, CameraStatus, CameraView } from '../../../shared/cameras';
import { tileMessage } from '../live/live-words';
import { statusWords } from '../pages/cameras/status-words';
import { CAMERA_STATE_TONE, cameraTone, toneClass } from './status-tone';

const failure: CameraFailure = { kind: 'unreachable', message: 'connection refused', at: 1 };
const STATES: CameraStatus[] = [
  { state: 'disabled' },
  { state: 'connecting', since: 1, attempt: 1 },
  { state: 'waiting-stale', since: 1, until: 60_000, count: 1, groupId: 'g' },
  { state: 'playing', since: 1 },
  { state: 'backing-off', since: 1, retryAt: 60_000, attempt: 3, failure },
];

describe('camera status tones', () => {
  it('retrying is red, waiting amber, playing green, disabled grey', () => {
    expect(CAMERA_STATE_TONE['backing-off']).toBe('bad');
    expect(CAMERA_STATE_TONE['waiting-stale']).toBe('warn');
    expect(CAMERA_STATE_TONE.playing).toBe('ok');
    expect(toneClass(CAMERA_STATE_TONE.disabled)).toBe('');
    expect(cameraTone(undefined)).toBe('bad');
  });

  it('the Cameras table and a Live tile show every state in the same tone', () => {
    for (const status of STATES) {
      const tone = cameraTone(status);
      expect(statusWords(status, 2).tone).toBe(tone);
      if (status.state === 'playing') continue; // a playing tile shows its picture, no message
      const camera = { id: 'c', name: 'Gate', status } as unknown as CameraView;
      expect(tileMessage({ state: 'waiting' }, camera, 2)?.tone).toBe(tone);
    }
  });
});
