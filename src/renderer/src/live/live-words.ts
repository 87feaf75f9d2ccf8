// What a video tile says over (or instead of) its picture, from the view's state and the
// camera's status. Words first; the tone only repeats them.
import type { CameraView } from '../../../shared/cameras';
import type { Tone } from '../components/status-tone';
import { statusWords } from '../pages/cameras/status-words';
import type { ViewState } from './engine/protocol';

export interface TileMessage {
  /** The camera's tone (components/status-tone.ts) when the message is the camera's status. */
  tone: Tone;
  title: string;
  detail?: string;
  /** The unsupported-codec badge (its own test hook). */
  unsupported?: boolean;
}

/** Undefined when the picture speaks for itself. */
export function tileMessage(
  view: ViewState,
  camera: CameraView | undefined,
  now: number,
): TileMessage | undefined {
  if (!camera)
    return { tone: 'bad', title: 'No such camera', detail: 'It was deleted, or the link is wrong.' };
  switch (view.state) {
    case 'unsupported':
      // A camera that is down says so first: "no decoder" is not why the tile is dark now.
      if (camera.status.state !== 'playing') {
        const w = statusWords(camera.status, now);
        return {
          tone: w.tone,
          title: w.head,
          detail: `${w.detail ? `${w.detail[0]!.toUpperCase()}${w.detail.slice(1)}. ` : ''}Its video is ${view.codec}.`,
        };
      }
      return {
        tone: 'warn',
        title: view.codec,
        detail: `${view.reason}.`,
        unsupported: true,
      };
    case 'no-video':
      return {
        tone: 'warn',
        title: 'No video',
        detail: 'The camera sends no video stream this console can show.',
      };
    case 'not-found':
      return { tone: 'bad', title: 'No such camera' };
    case 'error':
      return { tone: 'bad', title: 'No video', detail: view.message };
    case 'connecting':
      return { tone: 'info', title: 'Opening video…' };
    case 'waiting':
    case 'playing': {
      if (camera.status.state === 'playing') {
        return view.state === 'waiting' ? { tone: 'info', title: 'Waiting for a key frame…' } : undefined;
      }
      const w = statusWords(camera.status, now);
      return {
        tone: w.tone,
        title: w.head,
        ...(w.detail ? { detail: w.detail } : {}),
      };
    }
    default: {
      const never: never = view;
      return never;
    }
  }
}

/** "42 ms" / "—". */
export function formatLatency(ms: number | undefined): string {
  return ms === undefined ? '—' : `${Math.round(ms)} ms`;
}
