// A camera's status in plain words, with a tone for the badge. The words carry the meaning;
// the colour only repeats it.
import type { CameraStatus, FailureKind } from '../../../../shared/cameras';
import { formatCountdown, formatDuration, plural } from '../../components/format';
import { CAMERA_STATE_TONE as TONE, type Tone } from '../../components/status-tone';

export type { Tone };

export interface StatusWords {
  /** Badge text: "Playing", "Retrying". */
  badge: string;
  tone: Tone;
  /** One line: "Playing 2h 13m", "Retrying in 8 s — wrong user name or password". */
  text: string;
  /** The first part, for a narrow cell: "Retrying in 8 s", "Waiting 42 s". */
  head: string;
  /** The rest, when any: "wrong user name or password", "1 stale session may still be playing". */
  detail?: string;
  /** True when the text changes with time (needs the clock). */
  ticking: boolean;
}

const FAILURE_WORDS: Record<FailureKind, string> = {
  auth: 'wrong user name or password',
  'not-found': 'no stream at this address',
  unreachable: 'camera unreachable',
  timeout: 'camera stopped answering',
  unsupported: 'no stream camrelay can play',
  tls: 'certificate refused',
  'camera-bug': 'the camera broke the protocol',
  'server-error': 'the camera reported an error',
  ended: 'the camera ended the stream',
  internal: 'internal error',
};

/** A short phrase for a failure kind ("wrong user name or password"). */
export function failureWords(kind: FailureKind | string | undefined): string | undefined {
  return kind && Object.hasOwn(FAILURE_WORDS, kind) ? FAILURE_WORDS[kind as FailureKind] : undefined;
}

export function statusWords(status: CameraStatus, now: number): StatusWords {
  switch (status.state) {
    case 'disabled':
      return { badge: 'Disabled', tone: TONE.disabled, text: 'Disabled', head: 'Disabled', ticking: false };
    case 'idle':
      return {
        badge: 'Idle',
        tone: TONE.idle,
        text: 'Idle · connects when someone watches',
        head: 'Idle (on demand)',
        ticking: false,
      };
    case 'connecting': {
      const text = status.attempt > 1 ? `Connecting · attempt ${status.attempt}` : 'Connecting…';
      return { badge: 'Connecting', tone: TONE.connecting, text, head: text, ticking: false };
    }
    case 'waiting-stale': {
      const left = formatCountdown(status.until, now);
      return {
        badge: 'Waiting',
        tone: TONE['waiting-stale'],
        text: `Waiting for ${plural(status.count, 'stale session')} · ${left}`,
        head: `Waiting ${left === 'now' ? '' : left}`.trim(),
        detail: `${plural(status.count, 'stale session')} may still be playing`,
        ticking: true,
      };
    }
    case 'playing': {
      const text = `Playing ${formatDuration(now - status.since)}`;
      return { badge: 'Playing', tone: TONE.playing, text, head: text, ticking: true };
    }
    case 'backing-off': {
      const why = failureWords(status.failure.kind) ?? status.failure.message;
      const when =
        status.retryAt > now ? `Retrying in ${formatCountdown(status.retryAt, now)}` : 'Retrying now';
      return {
        badge: 'Retrying',
        tone: TONE['backing-off'],
        text: `${when} — ${why}`,
        head: when,
        detail: why,
        ticking: true,
      };
    }
    default: {
      const never: never = status;
      return never;
    }
  }
}
