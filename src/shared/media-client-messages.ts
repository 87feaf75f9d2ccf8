// Client -> server media messages (SUBSCRIBE, UNSUBSCRIBE, ACK, PING; layouts in media.ts):
// encoding and never-throwing decoding, bounded by MEDIA_MAX_CLIENT_MESSAGE.
import { encoder, err, f64, putF64, putU16, putU32, text, u16, u32 } from './media-bytes';
import {
  type AckMessage,
  type ClientMessage,
  MAX_CAMERA_ID_BYTES,
  MEDIA_MAX_CLIENT_MESSAGE,
  type MediaWireError,
  MSG,
  type SubscribeMode,
} from './media-types';

const SUBSCRIBE_MODES: readonly SubscribeMode[] = ['live', 'keyframes', 'audio'];

export function encodeClientMessage(m: ClientMessage): Uint8Array {
  switch (m.type) {
    case 'subscribe': {
      const id = encoder.encode(m.cameraId);
      const out = new Uint8Array(8 + id.length);
      out[0] = MSG.subscribe;
      out[1] = SUBSCRIBE_MODES.indexOf(m.mode);
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
      if (b[1]! >= SUBSCRIBE_MODES.length) return err('bad-field', `unknown subscribe mode ${b[1]}`, 1);
      if (b.length - 8 > MAX_CAMERA_ID_BYTES) return err('too-long', 'camera id too long', 8);
      const cameraId = text(b, 8);
      if (cameraId === undefined) return err('bad-field', 'camera id is not UTF-8', 8);
      return {
        type: 'subscribe',
        sub: u16(b, 2),
        mode: SUBSCRIBE_MODES[b[1]!]!,
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
