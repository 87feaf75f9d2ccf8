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
    help: 'Whether camrelay tells the camera to end a session (RTSP TEARDOWN) when it disconnects. Automatic sends it when the camera needs it; Never suits cameras that misbehave on it.',
    options: {
      auto: 'Automatic (recommended)',
      always: 'Always send TEARDOWN',
      never: 'Never',
    },
  },
  unassignedChannelData: {
    label: 'Data on an unexpected channel',
    help: 'Old live555 servers keep sending an earlier session’s video on a new connection. Automatic treats it as a stale session on live555 and as an error elsewhere.',
    options: {
      auto: 'Automatic (recommended)',
      'assume-stale-session': 'Wait: it is a stale session',
      error: 'Error: reconnect',
      ignore: 'Ignore the data',
    },
  },
  sessionId: {
    label: 'Session id',
    help: 'Cameras should answer with the session id they gave first; a few change it.',
    options: {
      'require-match': 'Must stay the same (recommended)',
      'use-first': 'Keep the first one',
    },
  },
  initialTimestamp: {
    label: 'Initial timestamp',
    help: 'The start time the camera announces in PLAY, used to line up audio and video. Ignore it for cameras that announce wrong times.',
    options: {
      default: 'Require it when several streams play',
      require: 'Require it from the camera',
      ignore: 'Ignore it',
      permissive: 'Use it when every stream has it (recommended)',
    },
  },
  initialSequence: {
    label: 'Initial sequence number',
    help: 'The packet number the camera announces in PLAY, used to count lost packets.',
    options: {
      respect: 'Trust it',
      'ignore-suspicious': 'Ignore if suspicious (recommended)',
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
  basicAuthOverPlainRtsp: {
    label: 'Basic authentication without TLS',
    help: 'Basic sends the password readable by anyone on the network (and by a server the camera redirects to). camrelay answers only Digest over plain rtsp:// unless you allow Basic for a camera that offers nothing else.',
    options: {
      refuse: 'Refuse: Digest only (recommended)',
      allow: 'Allow: password sent in clear',
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
  'basicAuthOverPlainRtsp',
];
