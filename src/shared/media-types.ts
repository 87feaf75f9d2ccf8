// The media wire format's vocabulary: paths and limits, message type numbers, frame flags,
// the decoded shape of every message in both directions, and the error value decoders return.
// Byte layouts are in media.ts.

export const MEDIA_PATH = '/media';
/** Debug figures of the live service (JSON), behind the same token as everything else. */
export const MEDIA_STATS_PATH = '/media/stats';
/** Largest client message: an ack of 255 subscriptions (4 + 8 x 255 bytes), with room. */
export const MEDIA_MAX_CLIENT_MESSAGE = 4096;
export const MAX_CAMERA_ID_BYTES = 128;

export const MSG = {
  config: 1,
  frame: 2,
  pong: 3,
  status: 4,
  audioConfig: 5,
  audio: 6,
  subscribe: 16,
  unsubscribe: 17,
  ack: 18,
  ping: 19,
} as const;

export const FRAME_HEADER_BYTES = 28;

// Limits both ends of the live path rely on. Main must never have more frames unacknowledged
// by a view than the view has slots for, or the view's slots alias (a stale picture is
// painted, a later frame is acknowledged early and a catch-up never ends).
/**
 * The most frames main replays from a camera's GOP cache to start a live view (the cache
 * keeps no more): a 12 s GOP at 30 fps fits, as does 20 s at 20 fps.
 */
export const MAX_CATCH_UP_FRAMES = 600;
/** Unacknowledged live frames a view may have before main counts it as behind. */
export const MAX_UNACKED_LIVE_FRAMES = 90;
/**
 * Frames a view can have unacknowledged at once, a whole catch-up plus the live window:
 * main's in-flight ring and the view's slot ring both have this many slots.
 */
export const MAX_IN_FLIGHT_FRAMES = MAX_CATCH_UP_FRAMES + MAX_UNACKED_LIVE_FRAMES + 2;
export const FLAG_KEY = 1;
/** Replayed from the GOP cache to bring a new decoder up to date: decode, do not paint. */
export const FLAG_CATCH_UP = 2;

export type MediaCodec = 'h264' | 'h265' | 'jpeg';

/** live: the whole video stream; keyframes: a key frame now and then; audio: the sound only. */
export type SubscribeMode = 'live' | 'keyframes' | 'audio';

/** Audio the console can play: AAC and Opus through WebCodecs, G.711 decoded in the page. */
export type MediaAudioCodec = 'aac' | 'opus' | 'pcmu' | 'pcma';
export const AUDIO_HEADER_BYTES = 16;

export const STATUS_CODES = ['subscribed', 'not-found', 'no-video', 'ended', 'rejected'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export interface ConfigMessage {
  type: 'config';
  sub: number;
  configId: number;
  codec: MediaCodec;
  /** RFC 6381 codec string (avc1.…, hvc1.…) or 'jpeg'. */
  codecString: string;
  width: number;
  height: number;
  /** avcC / hvcC decoder configuration record: WebCodecs' `description`. */
  description: Uint8Array;
}

export interface FrameMessage {
  type: 'frame';
  sub: number;
  seq: number;
  configId: number;
  key: boolean;
  catchUp: boolean;
  /** When main received the frame's first packet, wall-clock ms of main. */
  arrival: number;
  /** Presentation timestamp, µs (from the RTP timestamp). */
  timestamp: number;
  /** Length-prefixed NAL units (4-byte lengths), or a whole JPEG. A view into the message. */
  data: Uint8Array;
}

export interface PongMessage {
  type: 'pong';
  pingId: number;
  clientTime: number;
  serverTime: number;
}

export interface StatusMessage {
  type: 'status';
  sub: number;
  code: StatusCode;
  message: string;
}

export interface AudioConfigMessage {
  type: 'audio-config';
  sub: number;
  configId: number;
  codec: MediaAudioCodec;
  sampleRate: number;
  channels: number;
  /** AAC AudioSpecificConfig (WebCodecs' `description`); empty for the others. */
  description: Uint8Array;
}

export interface AudioMessage {
  type: 'audio';
  sub: number;
  /** Counts audio frames sent or dropped: a gap is a drop. */
  seq: number;
  configId: number;
  /** Presentation timestamp, µs (from the RTP timestamp). */
  timestamp: number;
  /** One encoded audio frame. A view into the message. */
  data: Uint8Array;
}

export type ServerMessage =
  | ConfigMessage
  | FrameMessage
  | PongMessage
  | StatusMessage
  | AudioConfigMessage
  | AudioMessage;

export interface SubscribeMessage {
  type: 'subscribe';
  sub: number;
  mode: SubscribeMode;
  /** Key-frame mode: at most one key frame per interval. 0 in live mode. */
  intervalMs: number;
  cameraId: string;
}
export interface UnsubscribeMessage {
  type: 'unsubscribe';
  sub: number;
}
export interface AckMessage {
  type: 'ack';
  /** Cumulative: every frame up to `seq` of `sub` was consumed (decoded or dropped). */
  acks: { sub: number; seq: number }[];
}
export interface PingMessage {
  type: 'ping';
  pingId: number;
  clientTime: number;
}
export type ClientMessage = SubscribeMessage | UnsubscribeMessage | AckMessage | PingMessage;

export interface MediaWireError {
  type: 'error';
  code: 'truncated' | 'unknown-type' | 'bad-field' | 'too-long';
  message: string;
  /** Byte offset the problem was found at. */
  offset: number;
}

export function isWireError(m: ServerMessage | ClientMessage | MediaWireError): m is MediaWireError {
  return m.type === 'error';
}
