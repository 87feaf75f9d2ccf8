// Plain-language names and help for the RTSP quirk policies ("Advanced"). The defaults suit
// almost every camera; each option says what it is for.
import type { CameraPolicies } from '../../../../shared/cameras';

type EnumPolicy = Exclude<keyof CameraPolicies, 'frameTimeoutSec' | 'tlsFingerprint'>;

export interface PolicyHelp {
  label: string;
  help: string;
  options: Record<string, string>;
}

export const POLICY_HELP: Record<EnumPolicy, PolicyHelp> = {
  teardownPolicy: {
    label: 'Teardown when stopping',
    help: 'Whether camrelay tells the camera to end a session (RTSP TEARDOWN) when it disconnects.',
    options: {
      auto: 'Automatic — when the camera needs it (recommended)',
      always: 'Always send TEARDOWN',
      never: 'Never (for cameras that misbehave on TEARDOWN)',
    },
  },
  unassignedChannelData: {
    label: 'Data on an unexpected channel',
    help: 'Some servers (old live555) keep sending an earlier session’s video on the new connection.',
    options: {
      auto: 'Automatic — treat as a stale session on live555, else an error (recommended)',
      'assume-stale-session': 'Treat as a stale session and wait for it to end',
      error: 'Treat as an error and reconnect',
      ignore: 'Ignore the data',
    },
  },
  sessionId: {
    label: 'Session id',
    help: 'Cameras should answer with the session id they gave first; a few change it.',
    options: {
      'require-match': 'Must stay the same (recommended)',
      'use-first': 'Keep using the first one the camera gave',
    },
  },
  initialTimestamp: {
    label: 'Initial timestamp',
    help: 'How the start time the camera announces in PLAY is used to line up audio and video.',
    options: {
      default: 'Automatic (recommended)',
      require: 'Require it from the camera',
      ignore: 'Ignore it (camera announces wrong times)',
      permissive: 'Use it when present',
    },
  },
  initialSequence: {
    label: 'Initial sequence number',
    help: 'The packet number the camera announces in PLAY, used to count lost packets.',
    options: {
      respect: 'Trust it',
      'ignore-suspicious': 'Ignore it when it looks wrong (recommended)',
      ignore: 'Always ignore it',
    },
  },
  unknownRtcpSsrc: {
    label: 'Reports from an unknown source',
    help: 'What to do with RTCP reports about a stream the camera never announced.',
    options: {
      abort: 'Stop the session',
      drop: 'Drop the report (recommended)',
      process: 'Use the report anyway',
    },
  },
};

export const POLICY_ORDER: EnumPolicy[] = [
  'teardownPolicy',
  'unassignedChannelData',
  'sessionId',
  'initialTimestamp',
  'initialSequence',
  'unknownRtcpSsrc',
];
