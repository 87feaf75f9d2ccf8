// Public option and policy types of the RTSP client, with retina's names in camelCase and
// kebab-case string values (usable straight from config), and their defaults.

import type { Logger } from '../../shared/engine-log';
import type {
  InitialSequencePolicy,
  InitialTimestampPolicy,
  SessionIdPolicy,
  TeardownPolicy,
  TransportChoice,
  UnassignedChannelDataPolicy,
  UnknownRtcpSsrcPolicy,
} from '../../shared/rtsp-policies';
import type { Clock } from './clock';
import type { DepacketizerOptions, DepacketizerResult, MediaDescription } from './codec/types';
import type { TlsOptions } from './connection';
import type { SessionGroup } from './group';
import type { Credentials } from './url';

// The policy names are shared with the camera config and the console: defined once there.
export {
  INITIAL_SEQUENCE_POLICIES,
  INITIAL_TIMESTAMP_POLICIES,
  type InitialSequencePolicy,
  type InitialTimestampPolicy,
  SESSION_ID_POLICIES,
  type SessionIdPolicy,
  TEARDOWN_POLICIES,
  type TeardownPolicy,
  TRANSPORT_CHOICES,
  type Transport,
  type TransportChoice,
  UNASSIGNED_CHANNEL_DATA_POLICIES,
  UNKNOWN_RTCP_SSRC_POLICIES,
  type UnassignedChannelDataPolicy,
  type UnknownRtcpSsrcPolicy,
} from '../../shared/rtsp-policies';

export type DepacketizerFactory = (
  media: MediaDescription,
  streamIndex: number,
  options?: DepacketizerOptions,
) => DepacketizerResult;

export interface UdpOptions {
  /** Local port range for even/odd RTP/RTCP pairs; default: any port the OS gives. */
  portRange?: [number, number];
  /** Reorder buffer slots (default 64). */
  reorderCapacity?: number;
  /** Longest wait for a missing packet, ms (default 50). */
  reorderDelayMs?: number;
}

export interface SessionOptions {
  /** Overrides credentials in the URL. */
  credentials?: Credentials;
  userAgent?: string;
  group?: SessionGroup;
  teardownPolicy?: TeardownPolicy;
  unassignedChannelData?: UnassignedChannelDataPolicy;
  sessionId?: SessionIdPolicy;
  clock?: Clock;
  /** Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Default 10 000 ms. */
  responseTimeoutMs?: number;
  tls?: TlsOptions;
  /**
   * Default 3. A redirect to another host or port gets no credentials (and no TLS pin, which
   * names one server's certificate); one from rtsps:// to plain rtsp:// is refused.
   */
  maxRedirects?: number;
  /**
   * Answer a Basic challenge over plain rtsp:// (the password crosses the network in clear).
   * Default false: only Digest is answered there. Over rtsps:// Basic is always answered.
   */
  allowBasicAuth?: boolean;
  udp?: UdpOptions;
  /** Depacketizer factory; defaults to the codec folder's. */
  depacketizers?: DepacketizerFactory;
  depacketizerOptions?: DepacketizerOptions;
  /** Interval of RTCP receiver reports, ms (default 5000; 0 = none). */
  receiverReportIntervalMs?: number;
  /** Aborts describe/setup/play in progress and closes the session. */
  signal?: AbortSignal;
  /**
   * Diagnostics at debug (requests and responses, transports, teardown, stale sessions,
   * drops) and warn (recoverable oddities). Never credentials. Default: silent.
   */
  logger?: Logger;
}

export interface SetupOptions {
  transport?: TransportChoice;
}

export interface PlayOptions {
  initialTimestamp?: InitialTimestampPolicy;
  initialSequence?: InitialSequencePolicy;
  unknownRtcpSsrc?: UnknownRtcpSsrcPolicy;
  /** Largest timestamp jump between packets, in clock units; default none. */
  maxTimestampJump?: number;
  /** Fails the session when no frame (or packet, in packet mode) arrives for this long. Default 10 000 ms. */
  frameTimeoutMs?: number;
}

export const DEFAULTS = {
  userAgent: 'camrelay',
  teardownPolicy: 'auto' as TeardownPolicy,
  unassignedChannelData: 'auto' as UnassignedChannelDataPolicy,
  sessionId: 'require-match' as SessionIdPolicy,
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 10_000,
  maxRedirects: 3,
  initialTimestamp: 'default' as InitialTimestampPolicy,
  initialSequence: 'ignore-suspicious' as InitialSequencePolicy,
  unknownRtcpSsrc: 'drop' as UnknownRtcpSsrcPolicy,
  frameTimeoutMs: 10_000,
  receiverReportIntervalMs: 5_000,
  /** Assumed expiry of a live555 stale TCP session after its discovery. */
  live555StaleMs: 65_000,
};
