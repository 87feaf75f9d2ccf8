// The RTSP client's policy names (retina's, kebab-case), defined once: the RTSP engine's
// options (src/main/rtsp/options.ts), the camera config and the console's Advanced form all
// use these lists and types. Zod-free and dependency-free: the renderer imports it.

export const TRANSPORT_CHOICES = ['tcp', 'udp', 'auto'] as const;
export type Transport = 'tcp' | 'udp';
/** `auto`: UDP first, falling back to TCP when the server answers 461 Unsupported Transport. */
export type TransportChoice = (typeof TRANSPORT_CHOICES)[number];

export const TEARDOWN_POLICIES = ['auto', 'always', 'never'] as const;
export type TeardownPolicy = (typeof TEARDOWN_POLICIES)[number];

export const UNASSIGNED_CHANNEL_DATA_POLICIES = ['auto', 'assume-stale-session', 'error', 'ignore'] as const;
export type UnassignedChannelDataPolicy = (typeof UNASSIGNED_CHANNEL_DATA_POLICIES)[number];

export const SESSION_ID_POLICIES = ['require-match', 'use-first'] as const;
export type SessionIdPolicy = (typeof SESSION_ID_POLICIES)[number];

/** Initial-timestamp policy (RTP-Info rtptime=). */
export const INITIAL_TIMESTAMP_POLICIES = ['default', 'require', 'ignore', 'permissive'] as const;
export type InitialTimestampPolicy = (typeof INITIAL_TIMESTAMP_POLICIES)[number];

/** Sequence-number policy for the first packet after PLAY (RTP-Info seq=). */
export const INITIAL_SEQUENCE_POLICIES = ['respect', 'ignore-suspicious', 'ignore'] as const;
export type InitialSequencePolicy = (typeof INITIAL_SEQUENCE_POLICIES)[number];

export const UNKNOWN_RTCP_SSRC_POLICIES = ['abort', 'drop', 'process'] as const;
export type UnknownRtcpSsrcPolicy = (typeof UNKNOWN_RTCP_SSRC_POLICIES)[number];
