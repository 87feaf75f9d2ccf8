// Public API of the RTSP client. Everything the camera manager, the probe and the console
// need is exported from here; internal modules may change.
export {
  type Authorization,
  type Challenge,
  chooseChallenge,
  digestMatches,
  parseAuthorization,
  parseChallenges,
} from './auth';
export type { Clock, TimerHandle } from './clock';
export { sleep, systemClock } from './clock';
export { decodeParameterSets } from './codec/annex-b';
export type {
  AudioFrame,
  AudioParameters,
  Depacketizer,
  DepacketizerOptions,
  Frame,
  MediaDescription,
  MessageFrame,
  MessageParameters,
  StreamParameters,
  VideoFrame,
  VideoParameters,
} from './codec/types';
export { certificateFingerprint, normalizeFingerprint, type TlsOptions } from './connection';
export {
  RtspError,
  type RtspErrorContext,
  type RtspErrorKind,
  type RtspNetworkContext,
  type RtspPhase,
  type RtspTimeoutContext,
} from './error';
export {
  type DroppedHandle,
  SessionGroup,
  type SessionGroupOptions,
  type StaleReason,
  type StaleSessionDetail,
  type StaleSessionStatus,
  type TeardownFailure,
  type TeardownState,
} from './group';
export { parsePublic, parseSessionHeader, parseTransportHeader, type TransportHeader } from './headers';
export type { PacketItem } from './media-stream';
export {
  cseqOf,
  RtspHeaders,
  type RtspMessage,
  RtspReader,
  type RtspRequest,
  type RtspSink,
  writeInterleaved,
  writeRequest,
  writeResponse,
} from './message';
export {
  DEFAULTS,
  type DepacketizerFactory,
  INITIAL_SEQUENCE_POLICIES,
  INITIAL_TIMESTAMP_POLICIES,
  type InitialSequencePolicy,
  type InitialTimestampPolicy,
  type PlayOptions,
  SESSION_ID_POLICIES,
  type SessionIdPolicy,
  type SessionOptions,
  type SetupOptions,
  TEARDOWN_POLICIES,
  type TeardownPolicy,
  type Transport,
  type TransportChoice,
  type UdpOptions,
  UNASSIGNED_CHANNEL_DATA_POLICIES,
  UNKNOWN_RTCP_SSRC_POLICIES,
  type UnassignedChannelDataPolicy,
  type UnknownRtcpSsrcPolicy,
} from './options';
export { type ProbeOptions, type ProbeResult, type ProbeStream, probe } from './probe';
export { ntpToUnixMs, type SenderReport, type WallClockMapping, wallClockOf } from './rtcp';
export type { StreamCounters } from './rtp';
export { hasLive555TcpBug, live555Version, MAX_MEDIA_SECTIONS, parseSdp, type SdpSession } from './sdp';
export { DescribedSession, describe, PlayingSession } from './session';
export type { SessionWarning } from './session-link';
export type { StreamStats } from './session-playing';
export { StreamInfo } from './stream-info';
export { offeredEncodings, type StreamSelection, selectStreams } from './stream-select';
export { type Credentials, groupKey, parseRtspUrl, redactUrl } from './url';
