// The media wire format: binary messages between main's LiveService and the renderer's live
// views, over a MessagePort per view (Electron) or the /media WebSocket (headless), never on
// the state channel. Big-endian. Zod-free, DOM-free and Node-free: both sides import it.
// Decoding never throws: any bytes give a message or a MediaWireError value.
//
// Server -> client
//   CONFIG 1  u8 type | u8 codec | u16 sub | u32 configId | u16 width | u16 height
//             | u8 codecLen | codec string (ASCII) | description (avcC / hvcC; empty for JPEG)
//   FRAME  2  u8 type | u8 flags (1 key, 2 catch-up) | u16 sub | u32 seq | u32 configId
//             | f64 arrival (main's wall-clock ms) | f64 timestamp (µs) | access unit
//   PONG   3  u8 type | u8 0 | u16 0 | u32 pingId | f64 client time echoed | f64 main wall ms
//   STATUS 4  u8 type | u8 code | u16 sub | message (UTF-8)
//   AUDIO_CONFIG 5  u8 type | u8 codec (1 aac, 2 opus, 3 pcmu, 4 pcma) | u16 sub | u32 configId
//             | u32 sample rate | u8 channels | u8 0 | u16 0 | description (AAC AudioSpecificConfig)
//   AUDIO  6  u8 type | u8 0 | u16 sub | u32 seq | u32 configId | u32 timestamp (µs mod 2^32)
//             | one encoded audio frame
// Client -> server
//   SUBSCRIBE   16  u8 type | u8 mode (0 live, 1 key frames, 2 audio) | u16 sub | u32 intervalMs | cameraId
//   UNSUBSCRIBE 17  u8 type | u8 0 | u16 sub
//   ACK         18  u8 type | u8 n (1..255) | u16 0 | n x (u16 sub | u16 0 | u32 seq)
//   PING        19  u8 type | u8 0 | u16 0 | u32 pingId | f64 client time (ms)//
// Split by concern: media-types.ts (constants, message shapes), media-server-messages.ts and
// media-client-messages.ts (encoder and decoder per direction), media-bytes.ts (byte helpers),
// and media-api.ts (preload and stats types beside the format). Importers use this module.

export {
  type LiveStats,
  MAX_SNAPSHOT_BYTES,
  MEDIA_PORT_MESSAGE,
  MEDIA_PORT_METHODS,
  type MediaPortMethods,
  type SaveSnapshotArgs,
  type SaveSnapshotResult,
} from './media-api';
export { decodeClientMessage, encodeClientMessage } from './media-client-messages';
export {
  decodeServerMessage,
  encodeServerMessage,
  writeAudioHeader,
  writeFrameHeader,
} from './media-server-messages';
export {
  type AckMessage,
  AUDIO_HEADER_BYTES,
  type AudioConfigMessage,
  type AudioMessage,
  type ClientMessage,
  type ConfigMessage,
  FLAG_CATCH_UP,
  FLAG_KEY,
  FRAME_HEADER_BYTES,
  type FrameMessage,
  isWireError,
  MAX_CAMERA_ID_BYTES,
  MAX_CATCH_UP_FRAMES,
  MAX_IN_FLIGHT_FRAMES,
  MAX_UNACKED_LIVE_FRAMES,
  MEDIA_MAX_CLIENT_MESSAGE,
  MEDIA_PATH,
  MEDIA_STATS_PATH,
  type MediaAudioCodec,
  type MediaCodec,
  type MediaWireError,
  MSG,
  type PingMessage,
  type PongMessage,
  type ServerMessage,
  STATUS_CODES,
  type StatusCode,
  type StatusMessage,
  type SubscribeMessage,
  type SubscribeMode,
  type UnsubscribeMessage,
} from './media-types';
