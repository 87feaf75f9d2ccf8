// What a camera's state looks like, once for every page (Cameras, Live, Groups, the camera
// page): retrying is red everywhere, waiting for stale sessions amber, disabled grey.
import type { CameraStatus } from '../../../shared/cameras';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

export const CAMERA_STATE_TONE: Readonly<Record<CameraStatus['state'], Tone>> = {
  playing: 'ok',
  connecting: 'info',
  'waiting-stale': 'warn',
  'backing-off': 'bad',
  disabled: 'muted',
  idle: 'muted',
};

/** The tone of a camera's state; a camera that no longer exists is 'bad'. */
export function cameraTone(status: CameraStatus | undefined): Tone {
  return status ? CAMERA_STATE_TONE[status.state] : 'bad';
}

/** The class of a dot (or badge) in this tone: muted is the plain grey dot. */
export function toneClass(tone: Tone): string {
  return tone === 'muted' ? '' : tone;
}
