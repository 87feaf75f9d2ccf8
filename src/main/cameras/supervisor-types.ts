// The supervisor's inputs and outputs: the camera's config, the hooks it reports through,
// the dependencies it is given, and the play counters the manager reads at 1 Hz.
import type { CameraFailure, CameraPolicies, CameraStatus, CameraTransport } from '../../shared/cameras';
import type { Logger } from '../../shared/engine-log';
import type { Clock, Frame, describe as rtspDescribe, SessionGroup, StreamInfo } from '../rtsp';
import type { AuthGate } from './auth-schedule';
import type { BackoffPolicy } from './backoff';
import type { ConnectSlot } from './connect-slots';

export interface SupervisorConfig {
  id: string;
  url: string;
  username: string;
  password: string | undefined;
  transport: CameraTransport;
  policies: CameraPolicies;
  group: SessionGroup;
  groupId: string;
}

export interface DescribeInfo {
  tool: string | undefined;
  live555Bug: boolean;
  streams: readonly StreamInfo[];
}

export interface SupervisorHooks {
  status(status: CameraStatus): void;
  /** An attempt failed; `error` is what the RTSP client threw, when it threw. */
  failure(failure: CameraFailure, error?: unknown): void;
  /** After DESCRIBE. Return false to end this supervisor (the camera must move to another group). */
  described(info: DescribeInfo): boolean;
  /** Something the session tolerated (e.g. RTP-Info without rtptime), once per session. */
  warning?(message: string): void;
  /** Every frame of every stream while playing (the live view taps in here). */
  frame?(frame: Frame, streams: readonly StreamInfo[]): void;
}

export interface SupervisorDeps {
  clock: Clock;
  backoff: BackoffPolicy;
  random: () => number;
  describe?: typeof rtspDescribe;
  /** The camera's refused-login schedule (kept by the manager across supervisors). */
  auth?: AuthGate;
  /** Limits attempts in flight to the camera's server (held from connect until PLAY is answered). */
  slot?: ConnectSlot;
  /** Reconnect decisions here, and the RTSP session's diagnostics (see SessionOptions.logger). */
  logger?: Logger;
}

/** Counters read by the manager at its 1 Hz tick. */
export interface PlayCounters {
  /** Index of the stream figures are about (the first supported video stream). */
  mainStream: number | undefined;
  frames: number;
  keyFrames: number;
  /** RTP timestamps (clock units) of the last two key frames of the main stream. */
  lastKeyTs: number | undefined;
  /** RTP timestamp of the main stream's latest frame (frame rate comes from these, not arrival). */
  lastTs: number | undefined;
  keyIntervalSec: number | undefined;
  clockRate: number;
  parametersChanged: boolean;
}

/** A session ended by RTCP BYE after playing at least this long is reconnected without back-off. */
export function freshCounters(): PlayCounters {
  return {
    mainStream: undefined,
    frames: 0,
    keyFrames: 0,
    lastKeyTs: undefined,
    lastTs: undefined,
    keyIntervalSec: undefined,
    clockRate: 90_000,
    parametersChanged: true,
  };
}
