// Cameras and session groups as the console sees them. Zod-free: the renderer imports this;
// the schemas are in schemas.ts. Policy names are the RTSP client's (retina's, kebab-case).
import type { CameraMode } from './restream';
import type {
  InitialSequencePolicy,
  InitialTimestampPolicy,
  SessionIdPolicy,
  TeardownPolicy,
  TransportChoice,
  UnassignedChannelDataPolicy,
  UnknownRtcpSsrcPolicy,
} from './rtsp-policies';

export { TRANSPORT_CHOICES as TRANSPORTS } from './rtsp-policies';
export type CameraTransport = TransportChoice;
export {
  INITIAL_SEQUENCE_POLICIES,
  INITIAL_TIMESTAMP_POLICIES,
  SESSION_ID_POLICIES,
  TEARDOWN_POLICIES,
  UNASSIGNED_CHANNEL_DATA_POLICIES,
  UNKNOWN_RTCP_SSRC_POLICIES,
} from './rtsp-policies';
/** Whether a Basic challenge over plain rtsp:// is answered (the password then goes in clear). */
export const BASIC_AUTH_OVER_PLAIN_RTSP = ['refuse', 'allow'] as const;

/** Per-camera RTSP policies ("Advanced"): workarounds for camera quirks. */
export interface CameraPolicies {
  teardownPolicy: TeardownPolicy;
  unassignedChannelData: UnassignedChannelDataPolicy;
  sessionId: SessionIdPolicy;
  initialTimestamp: InitialTimestampPolicy;
  initialSequence: InitialSequencePolicy;
  unknownRtcpSsrc: UnknownRtcpSsrcPolicy;
  /** 'refuse' (default): over plain rtsp:// only Digest is answered. */
  basicAuthOverPlainRtsp: (typeof BASIC_AUTH_OVER_PLAIN_RTSP)[number];
  /** Seconds without a frame before the session counts as dead. */
  frameTimeoutSec: number;
  /** Accept this server certificate (SHA-256 fingerprint, hex) for rtsps:// even if self-signed. */
  tlsFingerprint: string;
}

export const DEFAULT_POLICIES: CameraPolicies = {
  teardownPolicy: 'auto',
  unassignedChannelData: 'auto',
  sessionId: 'require-match',
  // Plays servers whose RTP-Info lacks rtptime (RTSP::Server), with a warning in the log.
  initialTimestamp: 'permissive',
  initialSequence: 'ignore-suspicious',
  unknownRtcpSsrc: 'drop',
  basicAuthOverPlainRtsp: 'refuse',
  frameTimeoutSec: 10,
  tlsFingerprint: '',
};

/** What the operator enters for a camera. The password travels only in commands, never in state. */
export interface CameraInput {
  name: string;
  /** rtsp:// or rtsps:// URL, without credentials (a pasted user:pass@ is split out). */
  url: string;
  username: string;
  /** Undefined keeps the saved password; '' clears it. */
  password?: string;
  transport: CameraTransport;
  /** A named group, or '' for the automatic group (per server or per URL, see grouping). */
  group: string;
  enabled: boolean;
  policies: CameraPolicies;
  /** Undefined keeps the saved mode (a new camera: 'always'). */
  mode?: CameraMode;
}

/** How cameras without a named group are grouped. live555 servers with the stale-TCP bug are always per server. */
export const GROUPING_MODES = ['server', 'url'] as const;
export type GroupingMode = (typeof GROUPING_MODES)[number];

export type FailureKind =
  | 'auth' // bad credentials
  | 'not-found' // wrong path / stream name
  | 'unreachable' // connection refused, no route, DNS
  | 'timeout' // the camera stopped answering or sending
  | 'unsupported' // no stream we can depacketize / transport refused
  | 'tls' // certificate refused
  | 'camera-bug' // the camera broke the protocol
  | 'server-error' // 5xx
  | 'ended' // the camera ended the stream (RTCP BYE); reconnected at once
  | 'internal';

export interface CameraFailure {
  kind: FailureKind;
  /** One sentence for the operator. */
  message: string;
  /** The RTSP client's error text, for the log and the details pane. */
  detail?: string;
  at: number;
}

export type CameraStatus =
  | { state: 'disabled' }
  /** An on-demand camera nobody watches: no session to the camera. */
  | { state: 'idle' }
  | { state: 'connecting'; since: number; attempt: number }
  | { state: 'waiting-stale'; since: number; until: number; count: number; groupId: string }
  | { state: 'playing'; since: number }
  | { state: 'backing-off'; since: number; retryAt: number; attempt: number; failure: CameraFailure };

export interface StreamView {
  index: number;
  media: string;
  encoding: string;
  /** RFC 6381 codec string or codec name. */
  codec?: string;
  profile?: string;
  width?: number;
  height?: number;
  fps?: number;
  clockRate: number;
  channels?: number;
  /** Why this stream is not used (unsupported codec), when it is not. */
  unsupported?: string;
}

/** Live figures of a playing camera, sampled once a second. */
export interface CameraFigures {
  /** Main video stream. */
  fps: number;
  kbps: number;
  /** Seconds between the last two key frames. */
  keyFrameIntervalSec?: number;
  lostPackets: number;
  frames: number;
  bytes: number;
}

/** Recent figures for the per-camera chart: one point a second, the last HISTORY_POINTS. */
export interface FigureHistory {
  t: number[];
  kbps: number[];
  fps: number[];
}
export const HISTORY_POINTS = 300;

/** The most cameras one host keeps: add, duplicate, import and the config loader all use it. */
export const MAX_CAMERAS = 10_000;

export interface CameraView {
  id: string;
  name: string;
  url: string;
  username: string;
  hasPassword: boolean;
  transport: CameraTransport;
  group: string;
  enabled: boolean;
  policies: CameraPolicies;
  mode: CameraMode;
  /** The session group the camera is in now. */
  groupId: string;
  status: CameraStatus;
  lastFailure?: CameraFailure;
  /** From the last DESCRIBE. */
  serverTool?: string;
  live555Bug?: boolean;
  streams: StreamView[];
  figures?: CameraFigures;
  history: FigureHistory;
}

export type StaleReason = 'dropped' | 'live555-stale-tcp';

export interface StaleSessionView {
  id: number;
  reason: StaleReason;
  /** Wall-clock ms when the session may end at the latest. */
  expiresAt: number;
  sessionId?: string;
  url?: string;
  teardown:
    | { state: 'pending'; attempts: number; lastError?: string }
    | { state: 'succeeded'; attempts: number }
    | { state: 'failed'; attempts: number; error: string }
    | { state: 'impossible' };
  active: boolean;
}

export interface GroupView {
  id: string;
  kind: 'server' | 'url' | 'named';
  label: string;
  cameraIds: string[];
  /** Sessions that may still be playing on the server. */
  staleCount: number;
  /** Wall-clock ms of the latest expiry among them. */
  staleUntil?: number;
  /** The sessions counted in `staleCount` (expired and torn-down ones leave the group). */
  sessions: StaleSessionView[];
  /** A server in this group runs a live555 with the stale-TCP bug. */
  live555Bug: boolean;
  /** TEARDOWNs that failed, newest first, until the operator dismisses them (also in the log). */
  teardownFailures?: TeardownFailureNotice[];
}

export interface TeardownFailureNotice {
  /** The stale session's group-local id. */
  id: number;
  sessionId?: string;
  url?: string;
  error: string;
  /** Wall-clock ms. */
  at: number;
}

/** The result of "Test connection": what a probe found, before anything is saved. */
export interface ProbeReport {
  url: string;
  tool?: string;
  live555Bug: boolean;
  firstFrameMs?: number;
  streams: (StreamView & { frames: number; keyFrames: number; bytes: number; lostPackets: number })[];
}
