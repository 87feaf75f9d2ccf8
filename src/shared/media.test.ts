import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClientMessage,
  decodeClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  encodeServerMessage,
  FRAME_HEADER_BYTES,
  MAX_CAMERA_ID_BYTES,
  MEDIA_MAX_CLIENT_MESSAGE,
  type ServerMessage,
  STATUS_CODES,
} from './media';

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const time = fc.double({ noNaN: true, noDefaultInfinity: true });
const bytes = fc.uint8Array({ maxLength: 300 });

const serverMessage: fc.Arbitrary<ServerMessage> = fc.oneof(
  fc.record({
    type: fc.constant('frame' as const),
    sub: u16,
    seq: u32,
    configId: u32,
    key: fc.boolean(),
    catchUp: fc.boolean(),
    arrival: time,
    timestamp: time,
    data: bytes,
  }),
  fc.record({
    type: fc.constant('config' as const),
    sub: u16,
    configId: u32,
    codec: fc.constantFrom('h264' as const, 'h265' as const, 'jpeg' as const),
    codecString: fc.stringMatching(/^[ -~]{1,40}$/),
    width: u16,
    height: u16,
    description: bytes,
  }),
  fc.record({ type: fc.constant('pong' as const), pingId: u32, clientTime: time, serverTime: time }),
  fc.record({
    type: fc.constant('status' as const),
    sub: u16,
    code: fc.constantFrom(...STATUS_CODES),
    message: fc.string({ maxLength: 60 }),
  }),
  fc.record({
    type: fc.constant('audio' as const),
    sub: u16,
    seq: u32,
    configId: u32,
    timestamp: u32,
    data: bytes,
  }),
  fc.record({
    type: fc.constant('audio-config' as const),
    sub: u16,
    configId: u32,
    codec: fc.constantFrom('aac' as const, 'opus' as const, 'pcmu' as const, 'pcma' as const),
    sampleRate: fc.integer({ min: 1000, max: 192_000 }),
    channels: fc.integer({ min: 1, max: 8 }),
    description: bytes,
  }),
);

const clientMessage: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record({
    type: fc.constant('subscribe' as const),
    sub: u16,
    mode: fc.constantFrom('live' as const, 'keyframes' as const, 'audio' as const),
    intervalMs: u32,
    cameraId: fc.string({ minLength: 1, maxLength: 30 }),
  }),
  fc.record({ type: fc.constant('unsubscribe' as const), sub: u16 }),
  fc.record({
    type: fc.constant('ack' as const),
    acks: fc.array(fc.record({ sub: u16, seq: u32 }), { minLength: 1, maxLength: 255 }),
  }),
  fc.record({ type: fc.constant('ping' as const), pingId: u32, clientTime: time }),
);

describe('media wire format', () => {
  it('server messages round-trip (property)', () => {
    fc.assert(
      fc.property(serverMessage, (m) => {
        expect(decodeServerMessage(encodeServerMessage(m))).toEqual(m);
      }),
    );
  });

  it('client messages round-trip (property)', () => {
    fc.assert(
      fc.property(clientMessage, (m) => {
        expect(decodeClientMessage(encodeClientMessage(m))).toEqual(m);
      }),
    );
  });

  it('any bytes decode to a message or a clear error, never a throw (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (b) => {
        for (const decode of [decodeServerMessage, decodeClientMessage]) {
          const m = decode(b);
          if (m.type === 'error') {
            expect(m.message.length).toBeGreaterThan(5);
            expect(m.offset).toBeGreaterThanOrEqual(0);
            expect(m.offset).toBeLessThanOrEqual(b.length);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('every truncation of a valid message is an error or a shorter valid message, never a throw', () => {
    fc.assert(
      fc.property(serverMessage, fc.nat(), (m, cut) => {
        const b = encodeServerMessage(m);
        const part = b.subarray(0, cut % (b.length + 1));
        expect(() => decodeServerMessage(part)).not.toThrow();
      }),
    );
  });

  it('names the problem', () => {
    expect(decodeServerMessage(new Uint8Array([2, 0, 0]))).toMatchObject({
      type: 'error',
      code: 'truncated',
    });
    expect(
      decodeServerMessage(new Uint8Array(FRAME_HEADER_BYTES - 1).fill(0).map((_, i) => (i ? 0 : 2))),
    ).toMatchObject({
      code: 'truncated',
      message: 'frame header truncated',
    });
    expect(decodeServerMessage(new Uint8Array([99, 0, 0, 0]))).toMatchObject({ code: 'unknown-type' });
    const frame = encodeServerMessage({
      type: 'frame',
      sub: 1,
      seq: 1,
      configId: 1,
      key: true,
      catchUp: false,
      arrival: 1,
      timestamp: 0,
      data: new Uint8Array(4),
    });
    frame[1] = 0x80;
    expect(decodeServerMessage(frame)).toMatchObject({ code: 'bad-field', offset: 1 });
    const nan = encodeServerMessage({ type: 'pong', pingId: 1, clientTime: Number.NaN, serverTime: 0 });
    expect(decodeServerMessage(nan)).toMatchObject({ code: 'bad-field' });
    const badUtf8 = new Uint8Array([16, 0, 0, 1, 0, 0, 0, 0, 0xff, 0xfe]);
    expect(decodeClientMessage(badUtf8)).toMatchObject({
      code: 'bad-field',
      message: 'camera id is not UTF-8',
    });
    const longId = encodeClientMessage({
      type: 'subscribe',
      sub: 1,
      mode: 'live',
      intervalMs: 0,
      cameraId: 'x'.repeat(MAX_CAMERA_ID_BYTES + 1),
    });
    expect(decodeClientMessage(longId)).toMatchObject({ code: 'too-long' });
    expect(decodeClientMessage(new Uint8Array(MEDIA_MAX_CLIENT_MESSAGE + 1))).toMatchObject({
      code: 'too-long',
    });
    expect(decodeClientMessage(new Uint8Array([18, 0, 0, 0]))).toMatchObject({
      message: 'ack without entries',
    });
  });

  it('a frame message is its 28-byte header and the access unit, big-endian', () => {
    const b = encodeServerMessage({
      type: 'frame',
      sub: 0x0102,
      seq: 0x03040506,
      configId: 7,
      key: true,
      catchUp: true,
      arrival: 1,
      timestamp: 2,
      data: new Uint8Array([0xaa, 0xbb]),
    });
    expect(b.length).toBe(FRAME_HEADER_BYTES + 2);
    expect([...b.subarray(0, 12)]).toEqual([2, 3, 1, 2, 3, 4, 5, 6, 0, 0, 0, 7]);
    expect([...b.subarray(12, 20)]).toEqual([0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
    expect([...b.subarray(28)]).toEqual([0xaa, 0xbb]);
  });
});
