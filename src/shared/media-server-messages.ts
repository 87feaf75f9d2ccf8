// Server -> client media messages (CONFIG, FRAME, PONG, STATUS; layouts in media.ts):
// encoding, including the FRAME header main writes in place, and never-throwing decoding.
import { encoder, err, f64, putF64, putU16, putU32, text, u16, u32 } from './media-bytes';
import {
  AUDIO_HEADER_BYTES,
  FLAG_CATCH_UP,
  FLAG_KEY,
  FRAME_HEADER_BYTES,
  type MediaAudioCodec,
  type MediaCodec,
  type MediaWireError,
  MSG,
  type ServerMessage,
  STATUS_CODES,
} from './media-types';

const CODECS: readonly MediaCodec[] = ['h264', 'h265', 'jpeg'];
const AUDIO_CODECS: readonly MediaAudioCodec[] = ['aac', 'opus', 'pcmu', 'pcma'];

/** Writes an AUDIO header into `out[0..AUDIO_HEADER_BYTES)`; the frame's bytes follow it. */
export function writeAudioHeader(
  out: Uint8Array,
  a: { sub: number; seq: number; configId: number; timestamp: number },
): void {
  out[0] = MSG.audio;
  out[1] = 0;
  putU16(out, 2, a.sub);
  putU32(out, 4, a.seq);
  putU32(out, 8, a.configId);
  // µs fit in 32 bits for 71 minutes: the timestamp is sent modulo 2^32 and unwrapped by the player
  putU32(out, 12, Math.round(a.timestamp) >>> 0);
}

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
    case 'audio': {
      const out = new Uint8Array(AUDIO_HEADER_BYTES + m.data.length);
      writeAudioHeader(out, m);
      out.set(m.data, AUDIO_HEADER_BYTES);
      return out;
    }
    case 'audio-config': {
      const out = new Uint8Array(16 + m.description.length);
      out[0] = MSG.audioConfig;
      out[1] = AUDIO_CODECS.indexOf(m.codec) + 1;
      putU16(out, 2, m.sub);
      putU32(out, 4, m.configId);
      putU32(out, 8, m.sampleRate);
      out[12] = m.channels;
      out.set(m.description, 16);
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
    case MSG.audio: {
      if (b.length < AUDIO_HEADER_BYTES) return err('truncated', 'audio header truncated', b.length);
      if (b[1] !== 0) return err('bad-field', `unknown audio flags ${b[1]}`, 1);
      return {
        type: 'audio',
        sub: u16(b, 2),
        seq: u32(b, 4),
        configId: u32(b, 8),
        timestamp: u32(b, 12),
        data: b.subarray(AUDIO_HEADER_BYTES),
      };
    }
    case MSG.audioConfig: {
      if (b.length < 16) return err('truncated', 'audio config header truncated', b.length);
      const codec = AUDIO_CODECS[b[1]! - 1];
      if (!codec) return err('bad-field', `unknown audio codec ${b[1]}`, 1);
      const sampleRate = u32(b, 8);
      const channels = b[12]!;
      if (sampleRate < 1000 || sampleRate > 192_000) return err('bad-field', `sample rate ${sampleRate}`, 8);
      if (channels < 1 || channels > 8) return err('bad-field', `${channels} channels`, 12);
      return {
        type: 'audio-config',
        sub: u16(b, 2),
        configId: u32(b, 4),
        codec,
        sampleRate,
        channels,
        description: b.subarray(16),
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
