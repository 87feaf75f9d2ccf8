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
// Client -> server
//   SUBSCRIBE   16  u8 type | u8 mode (0 live, 1 key frames) | u16 sub | u32 intervalMs | cameraId
//   UNSUBSCRIBE 17  u8 type | u8 0 | u16 sub
//   ACK         18  u8 type | u8 n (1..255) | u16 0 | n x (u16 sub | u16 0 | u32 seq)
//   PING        19  u8 type | u8 0 | u16 0 | u32 pingId | f64 client time (ms)

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
  subscribe: 16,
  unsubscribe: 17,
  ack: 18,
  ping: 19,
} as const;

export const FRAME_HEADER_BYTES = 28;
export const FLAG_KEY = 1;
/** Replayed from the GOP cache to bring a new decoder up to date: decode, do not paint. */
export const FLAG_CATCH_UP = 2;

export type MediaCodec = 'h264' | 'h265' | 'jpeg';
const CODECS: readonly MediaCodec[] = ['h264', 'h265', 'jpeg'];

export type SubscribeMode = 'live' | 'keyframes';

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

export type ServerMessage = ConfigMessage | FrameMessage | PongMessage | StatusMessage;

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

// ---- byte helpers (no allocation: one shared scratch for floats) ----

const scratch = new DataView(new ArrayBuffer(8));

function putU16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}
function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}
function putF64(b: Uint8Array, o: number, v: number): void {
  scratch.setFloat64(0, v);
  for (let i = 0; i < 8; i++) b[o + i] = scratch.getUint8(i);
}
function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}
function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}
function f64(b: Uint8Array, o: number): number {
  for (let i = 0; i < 8; i++) scratch.setUint8(i, b[o + i]!);
  return scratch.getFloat64(0);
}

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

function err(code: MediaWireError['code'], message: string, offset: number): MediaWireError {
  return { type: 'error', code, message, offset };
}

function text(b: Uint8Array, from: number): string | undefined {
  try {
    return utf8.decode(b.subarray(from));
  } catch {
    return undefined; // invalid UTF-8: the caller reports a bad field
  }
}

// ---- server -> client ----

/**
 * Writes a FRAME header into `out[0..FRAME_HEADER_BYTES)`; the caller copies the access unit
 * after it. Lets main build each message with one allocation and one copy.
 */
export function writeFrameHeader(
  out: Uint8Array,
  f: {
    sub: number;
    seq: number;
    configId: number;
    key: boolean;
    catchUp: boolean;
    arrival: number;
    timestamp: number;
  },
): void {
  out[0] = MSG.frame;
  out[1] = (f.key ? FLAG_KEY : 0) | (f.catchUp ? FLAG_CATCH_UP : 0);
  putU16(out, 2, f.sub);
  putU32(out, 4, f.seq);
  putU32(out, 8, f.configId);
  putF64(out, 12, f.arrival);
  putF64(out, 20, f.timestamp);
}

export function encodeServerMessage(m: ServerMessage): Uint8Array {
  switch (m.type) {
    case 'frame': {
      const out = new Uint8Array(FRAME_HEADER_BYTES + m.data.length);
      writeFrameHeader(out, m);
      out.set(m.data, FRAME_HEADER_BYTES);
      return out;
    }
    case 'config': {
      const codec = encoder.encode(m.codecString).subarray(0, 255);
      const out = new Uint8Array(13 + codec.length + m.description.length);
      out[0] = MSG.config;
      out[1] = CODECS.indexOf(m.codec) + 1;
      putU16(out, 2, m.sub);
      putU32(out, 4, m.configId);
      putU16(out, 8, m.width);
      putU16(out, 10, m.height);
      out[12] = codec.length;
      out.set(codec, 13);
      out.set(m.description, 13 + codec.length);
      return out;
    }
    case 'pong': {
      const out = new Uint8Array(24);
      out[0] = MSG.pong;
      putU32(out, 4, m.pingId);
      putF64(out, 8, m.clientTime);
      putF64(out, 16, m.serverTime);
      return out;
    }
    case 'status': {
      const msg = encoder.encode(m.message.slice(0, 200));
      const out = new Uint8Array(4 + msg.length);
      out[0] = MSG.status;
      out[1] = STATUS_CODES.indexOf(m.code) + 1;
      putU16(out, 2, m.sub);
      out.set(msg, 4);
      return out;
    }
    default: {
      const never: never = m;
      return never;
    }
  }
}

export function decodeServerMessage(b: Uint8Array): ServerMessage | MediaWireError {
  if (b.length < 4) return err('truncated', `message of ${b.length} bytes is shorter than a header`, 0);
  const type = b[0]!;
  switch (type) {
    case MSG.frame: {
      if (b.length < FRAME_HEADER_BYTES) return err('truncated', 'frame header truncated', b.length);
      const flags = b[1]!;
      if (flags & ~(FLAG_KEY | FLAG_CATCH_UP)) return err('bad-field', `unknown frame flags ${flags}`, 1);
      const arrival = f64(b, 12);
      const timestamp = f64(b, 20);
      if (!Number.isFinite(arrival) || !Number.isFinite(timestamp)) {
        return err('bad-field', 'frame time is not a finite number', 12);
      }
      return {
        type: 'frame',
        sub: u16(b, 2),
        seq: u32(b, 4),
        configId: u32(b, 8),
        key: (flags & FLAG_KEY) !== 0,
        catchUp: (flags & FLAG_CATCH_UP) !== 0,
        arrival,
        timestamp,
        data: b.subarray(FRAME_HEADER_BYTES),
      };
    }
    case MSG.config: {
      if (b.length < 13) return err('truncated', 'config header truncated', b.length);
      const codec = CODECS[b[1]! - 1];
      if (!codec) return err('bad-field', `unknown codec ${b[1]}`, 1);
      const n = b[12]!;
      if (13 + n > b.length) return err('truncated', 'codec string truncated', b.length);
      let codecString = '';
      for (let i = 13; i < 13 + n; i++) {
        const c = b[i]!;
        if (c < 0x20 || c > 0x7e) return err('bad-field', 'codec string is not printable ASCII', i);
        codecString += String.fromCharCode(c);
      }
      if (!codecString) return err('bad-field', 'empty codec string', 12);
      return {
        type: 'config',
        sub: u16(b, 2),
        configId: u32(b, 4),
        codec,
        codecString,
        width: u16(b, 8),
        height: u16(b, 10),
        description: b.subarray(13 + n),
      };
    }
    case MSG.pong: {
      if (b.length !== 24) return err('truncated', `pong of ${b.length} bytes (24 expected)`, b.length);
      const clientTime = f64(b, 8);
      const serverTime = f64(b, 16);
      if (!Number.isFinite(clientTime) || !Number.isFinite(serverTime)) {
        return err('bad-field', 'pong time is not a finite number', 8);
      }
      return { type: 'pong', pingId: u32(b, 4), clientTime, serverTime };
    }
    case MSG.status: {
      const code = STATUS_CODES[b[1]! - 1];
      if (!code) return err('bad-field', `unknown status code ${b[1]}`, 1);
      const message = text(b, 4);
      if (message === undefined) return err('bad-field', 'status message is not UTF-8', 4);
      return { type: 'status', sub: u16(b, 2), code, message };
    }
    default:
      return err('unknown-type', `unknown server message type ${type}`, 0);
  }
}

// ---- client -> server ----

export function encodeClientMessage(m: ClientMessage): Uint8Array {
  switch (m.type) {
    case 'subscribe': {
      const id = encoder.encode(m.cameraId);
      const out = new Uint8Array(8 + id.length);
      out[0] = MSG.subscribe;
      out[1] = m.mode === 'live' ? 0 : 1;
      putU16(out, 2, m.sub);
      putU32(out, 4, m.intervalMs);
      out.set(id, 8);
      return out;
    }
    case 'unsubscribe': {
      const out = new Uint8Array(4);
      out[0] = MSG.unsubscribe;
      putU16(out, 2, m.sub);
      return out;
    }
    case 'ack': {
      const n = Math.min(255, m.acks.length);
      const out = new Uint8Array(4 + 8 * n);
      out[0] = MSG.ack;
      out[1] = n;
      for (let i = 0; i < n; i++) {
        putU16(out, 4 + 8 * i, m.acks[i]!.sub);
        putU32(out, 8 + 8 * i, m.acks[i]!.seq);
      }
      return out;
    }
    case 'ping': {
      const out = new Uint8Array(16);
      out[0] = MSG.ping;
      putU32(out, 4, m.pingId);
      putF64(out, 8, m.clientTime);
      return out;
    }
    default: {
      const never: never = m;
      return never;
    }
  }
}

export function decodeClientMessage(b: Uint8Array): ClientMessage | MediaWireError {
  if (b.length < 4) return err('truncated', `message of ${b.length} bytes is shorter than a header`, 0);
  if (b.length > MEDIA_MAX_CLIENT_MESSAGE) {
    return err('too-long', `client message of ${b.length} bytes (at most ${MEDIA_MAX_CLIENT_MESSAGE})`, 0);
  }
  const type = b[0]!;
  switch (type) {
    case MSG.subscribe: {
      if (b.length < 9) return err('truncated', 'subscribe without a camera id', b.length);
      if (b[1]! > 1) return err('bad-field', `unknown subscribe mode ${b[1]}`, 1);
      if (b.length - 8 > MAX_CAMERA_ID_BYTES) return err('too-long', 'camera id too long', 8);
      const cameraId = text(b, 8);
      if (cameraId === undefined) return err('bad-field', 'camera id is not UTF-8', 8);
      return {
        type: 'subscribe',
        sub: u16(b, 2),
        mode: b[1] === 0 ? 'live' : 'keyframes',
        intervalMs: u32(b, 4),
        cameraId,
      };
    }
    case MSG.unsubscribe:
      if (b.length !== 4) return err('bad-field', `unsubscribe of ${b.length} bytes (4 expected)`, 0);
      return { type: 'unsubscribe', sub: u16(b, 2) };
    case MSG.ack: {
      const n = b[1]!;
      if (n === 0) return err('bad-field', 'ack without entries', 1);
      if (b.length !== 4 + 8 * n)
        return err('truncated', `ack of ${n} entries needs ${4 + 8 * n} bytes`, b.length);
      const acks: AckMessage['acks'] = [];
      for (let i = 0; i < n; i++) acks.push({ sub: u16(b, 4 + 8 * i), seq: u32(b, 8 + 8 * i) });
      return { type: 'ack', acks };
    }
    case MSG.ping: {
      if (b.length !== 16) return err('bad-field', `ping of ${b.length} bytes (16 expected)`, 0);
      const clientTime = f64(b, 8);
      if (!Number.isFinite(clientTime)) return err('bad-field', 'ping time is not a finite number', 8);
      return { type: 'ping', pingId: u32(b, 4), clientTime };
    }
    default:
      return err('unknown-type', `unknown client message type ${type}`, 0);
  }
}

export function isWireError(m: ServerMessage | ClientMessage | MediaWireError): m is MediaWireError {
  return m.type === 'error';
}

// ---- media API types (Electron preload; stats endpoint) ----

/** The extra methods the Electron preload exposes for live video (absent in a browser). */
export interface MediaPortMethods {
  /**
   * Asks main for a media channel. The port arrives on `window` as a message event whose data
   * is `{ [MEDIA_PORT_MESSAGE]: requestId }`, with the port in `event.ports[0]`.
   */
  requestMediaPort(requestId: number): void;
  /** Shows a save dialog in main and writes the image there. */
  saveSnapshot(args: SaveSnapshotArgs): Promise<SaveSnapshotResult>;
}
export const MEDIA_PORT_METHODS = ['requestMediaPort', 'saveSnapshot'] as const;
/** Key of the window message that carries a media port from the preload to the page. */
export const MEDIA_PORT_MESSAGE = 'camrelayMediaPort';
export const MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024;

export interface SaveSnapshotArgs {
  /** Suggested file name without directory, e.g. "Gate 2026-01-05 10-22-03.png". */
  name: string;
  mime: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
}
export type SaveSnapshotResult =
  | { ok: true; saved: false }
  | { ok: true; saved: true; path: string }
  | { ok: false; message: string };

/** What `/media/stats` answers (and LiveService.stats() returns). */
export interface LiveStats {
  connections: number;
  cameras: Record<
    string,
    {
      viewers: number;
      thumbnails: number;
      /** Frames and bytes held by the GOP cache now. */
      gopFrames: number;
      gopBytes: number;
      codec?: string;
    }
  >;
  subscriptions: {
    cameraId: string;
    mode: SubscribeMode;
    sent: number;
    dropped: number;
    inFlight: number;
    bytesSent: number;
  }[];
}
