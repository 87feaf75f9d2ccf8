import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClientMessage,
  encodeClientMessage,
  type FrameMessage,
  MAX_IN_FLIGHT_FRAMES,
  type ServerMessage,
  type SubscribeMessage,
} from '../../shared/media';
import { FakeClock } from '../rtsp/testing/fake-clock';
import { type LiveCounts, LiveService, type LiveServiceOptions } from './live-service';
import type { Subscription } from './subscription';
import { frame, H264_PARAMS, RecordingPipe, streams } from './testing';

function setup(options: LiveServiceOptions = {}) {
  const clock = new FakeClock();
  const counts: [string, LiveCounts][] = [];
  const live = new LiveService({
    clock,
    onCounts: (id, c) => counts.push([id, c]),
    isCamera: (id) => id.startsWith('cam'),
    ...options,
  });
  const tap = live.frameTap('cam1');
  const s = streams();
  let ts = 0;
  /** One frame 33 ms after the previous one. */
  const push = (key: boolean, size = 100, on = s) => {
    ts += 3000;
    tap(frame(key, size, { timestamp: ts, receivedAt: clock.now() }), on);
  };
  const open = () => {
    const pipe = new RecordingPipe();
    const conn = live.connect(pipe);
    const send = (m: ClientMessage) => conn.receive(encodeClientMessage(m));
    return { pipe, conn, send };
  };
  return { clock, live, counts, tap, s, push, open };
}

const subscribe = (mode: 'live' | 'keyframes' = 'live', intervalMs = 0): SubscribeMessage => ({
  type: 'subscribe',
  sub: 1,
  mode,
  intervalMs,
  cameraId: 'cam1',
});

const framesOf = (messages: readonly unknown[]) =>
  (messages as ServerMessage[]).filter((m): m is FrameMessage => m.type === 'frame');

describe('LiveService: an unwatched camera', () => {
  it('sends nothing and keeps only the current GOP', () => {
    const t = setup();
    for (let g = 0; g < 5; g++) {
      t.push(true, 1000);
      for (let i = 0; i < 29; i++) t.push(false, 100);
    }
    const stats = t.live.stats();
    expect(stats.cameras.cam1).toMatchObject({
      viewers: 0,
      thumbnails: 0,
      gopFrames: 30,
      gopBytes: 1000 + 29 * 100,
    });
    expect(stats.subscriptions).toEqual([]);
  });

  it('forgets its GOP once it has been idle for idleMs (one sweep timer)', async () => {
    const t = setup({ idleMs: 2000 });
    t.push(true);
    t.push(false);
    expect(t.live.stats().cameras.cam1?.gopFrames).toBe(2);
    await t.clock.advance(1500);
    expect(t.live.stats().cameras.cam1?.gopFrames).toBe(2);
    await t.clock.advance(2000);
    expect(t.live.stats().cameras.cam1?.gopFrames).toBe(0);
    expect(t.clock.pending).toBe(1);
    t.live.close();
    expect(t.clock.pending).toBe(0);
  });
});

describe('LiveService: subscription lifecycle', () => {
  it('a new view gets the config and the whole GOP at once, then live frames', () => {
    const t = setup();
    t.push(true, 500);
    t.push(false);
    t.push(false);
    const v = t.open();
    v.send(subscribe());
    const [status, config, ...replay] = v.pipe.take() as ServerMessage[];
    expect(status).toMatchObject({ type: 'status', code: 'subscribed', message: 'avc1.42C01E' });
    expect(config).toMatchObject({
      type: 'config',
      codec: 'h264',
      codecString: 'avc1.42C01E',
      width: 320,
      height: 240,
    });
    expect((config as { description: Uint8Array }).description).toEqual(
      new Uint8Array(H264_PARAMS.extraData),
    );
    expect(
      replay.map((f) => [(f as FrameMessage).key, (f as FrameMessage).catchUp, (f as FrameMessage).seq]),
    ).toEqual([
      [true, true, 1],
      [false, true, 2],
      [false, false, 3],
    ]);
    expect((replay[0] as FrameMessage).data.length).toBe(500);
    t.push(false);
    expect(framesOf(v.pipe.take()).map((f) => [f.seq, f.key, f.catchUp])).toEqual([[4, false, false]]);
    expect(t.counts).toEqual([['cam1', { viewers: 1, thumbnails: 0 }]]);
  });

  it('carries arrival as wall-clock ms and the timestamp in µs from the first frame', async () => {
    const t = setup();
    await t.clock.advance(1234);
    t.push(true); // ts 3000
    await t.clock.advance(33);
    t.push(false); // ts 6000
    const v = t.open();
    v.send(subscribe());
    const [k, d] = framesOf(v.pipe.take());
    expect(k!.arrival).toBe(t.clock.wallNow() - 33);
    expect(d!.arrival).toBe(t.clock.wallNow());
    expect(k!.timestamp).toBe(0);
    expect(d!.timestamp).toBe(33_333);
  });

  it('a view that joins with nothing cached starts at the next key frame', () => {
    const t = setup();
    const v = t.open();
    v.send(subscribe());
    expect(v.pipe.take()).toMatchObject([
      { type: 'status', code: 'subscribed', message: 'waiting for video' },
    ]);
    t.push(false);
    t.push(false);
    expect(v.pipe.take()).toEqual([]);
    t.push(true);
    t.push(false);
    // Frames skipped before the first key frame are not numbered: no gap, no drop.
    expect(framesOf(v.pipe.messages).map((f) => [f.seq, f.key])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(v.pipe.messages[0]).toMatchObject({ type: 'config' });
  });

  it('a truncated GOP gives its key frame as a still, then waits for the next key frame', () => {
    const t = setup({ gop: { maxBytes: 1000, maxFrames: 300 } });
    t.push(true, 800);
    t.push(false, 300); // cuts the GOP
    const v = t.open();
    v.send(subscribe());
    expect(framesOf(v.pipe.take()).map((f) => [f.key, f.catchUp])).toEqual([[true, false]]);
    t.push(false);
    expect(framesOf(v.pipe.take())).toEqual([]);
    t.push(true);
    expect(framesOf(v.pipe.take()).map((f) => f.key)).toEqual([true]);
  });

  it('closing the channel or unsubscribing stops the stream and drops the counts to zero', () => {
    const t = setup();
    t.push(true);
    const a = t.open();
    const b = t.open();
    a.send(subscribe());
    b.send(subscribe());
    b.send({ ...subscribe('keyframes', 5000), sub: 2 });
    expect(t.live.counts('cam1')).toEqual({ viewers: 2, thumbnails: 1 });
    a.conn.close();
    expect(a.pipe.closed).toBe(true);
    b.send({ type: 'unsubscribe', sub: 1 });
    b.send({ type: 'unsubscribe', sub: 2 });
    expect(t.live.counts('cam1')).toEqual({ viewers: 0, thumbnails: 0 });
    a.pipe.take();
    b.pipe.take();
    t.push(true);
    t.push(false);
    expect(a.pipe.messages).toEqual([]);
    expect(b.pipe.messages).toEqual([]);
    expect(t.counts.at(-1)).toEqual(['cam1', { viewers: 0, thumbnails: 0 }]);
    expect(t.live.stats()).toMatchObject({ connections: 1, subscriptions: [] });
  });

  it('re-subscribing with the same id replaces the subscription (live -> key frames)', () => {
    const t = setup();
    t.push(true);
    const v = t.open();
    v.send(subscribe());
    v.send(subscribe('keyframes', 10_000));
    expect(t.live.counts('cam1')).toEqual({ viewers: 0, thumbnails: 1 });
    expect(t.live.stats().subscriptions).toHaveLength(1);
  });

  it('refuses unknown cameras and reports cameras without video', () => {
    const t = setup();
    const v = t.open();
    v.send({ ...subscribe(), cameraId: 'nope' });
    expect(v.pipe.take()).toMatchObject([{ type: 'status', code: 'not-found', sub: 1 }]);
    const tap2 = t.live.frameTap('cam2');
    tap2(frame(false, 10, { streamIndex: 0 }), streams(undefined, { audioOnly: true }));
    v.send({ ...subscribe(), cameraId: 'cam2' });
    expect(v.pipe.take()).toMatchObject([
      { type: 'status', code: 'subscribed' },
      { type: 'status', code: 'no-video' },
    ]);
  });

  it('a new session (reconnect) starts again at a key frame with a new config', () => {
    const t = setup();
    t.push(true);
    const v = t.open();
    v.send(subscribe());
    v.pipe.take();
    const next = streams({ ...H264_PARAMS, width: 640, height: 480, rfc6381Codec: 'avc1.64001F' });
    t.push(false, 100, next);
    expect(v.pipe.take()).toEqual([]);
    t.push(true, 100, next);
    const [config, key] = v.pipe.take() as ServerMessage[];
    expect(config).toMatchObject({ type: 'config', configId: 2, width: 640, codecString: 'avc1.64001F' });
    expect(key).toMatchObject({ type: 'frame', key: true, configId: 2 });
  });

  it('answers a ping with main wall time', async () => {
    const t = setup();
    await t.clock.advance(500);
    const v = t.open();
    v.send({ type: 'ping', pingId: 7, clientTime: 42.5 });
    expect(v.pipe.take()).toEqual([
      { type: 'pong', pingId: 7, clientTime: 42.5, serverTime: t.clock.wallNow() },
    ]);
  });

  it('key-frame subscriptions get the cached key frame, then at most one per interval', async () => {
    const t = setup();
    t.push(true);
    t.push(false);
    const v = t.open();
    v.send(subscribe('keyframes', 3000));
    expect(framesOf(v.pipe.messages).map((f) => [f.key, f.catchUp])).toEqual([[true, false]]);
    for (let s = 0; s < 10; s++) {
      await t.clock.advance(1000);
      t.push(true);
      t.push(false);
      const seq = framesOf(v.pipe.messages).at(-1)!.seq;
      v.send({ type: 'ack', acks: [{ sub: 1, seq }] });
    }
    // The cached one at 0 s, then key frames at 1..10 s sent at 3, 6 and 9 s.
    expect(framesOf(v.pipe.take())).toHaveLength(4);
    // A thumbnail that stops acknowledging gets nothing more.
    for (let s = 0; s < 10; s++) {
      await t.clock.advance(1000);
      t.push(true);
    }
    expect(framesOf(v.pipe.take())).toHaveLength(1);
  });

  it('any bytes from a client are counted when bad, never thrown (property)', () => {
    const t = setup();
    t.push(true);
    const v = t.open();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(() => v.conn.receive(bytes)).not.toThrow();
      }),
    );
    expect(v.conn.badMessages).toBeGreaterThan(0);
  });
});

describe('LiveService: backpressure', () => {
  const limits = { maxLagMs: 500, maxFrames: 20, maxBytes: 1_000_000, maxBuffered: 1_000_000 };

  it('a view that stops acknowledging gets key-frame-aligned drops and nothing queued', async () => {
    const t = setup({ flow: limits });
    const v = t.open();
    v.send(subscribe());
    // 10 GOPs of 30 frames at 30 fps; the view acknowledges nothing during GOPs 2-4.
    let lastSeq = 0;
    for (let g = 0; g < 10; g++) {
      for (let i = 0; i < 30; i++) {
        await t.clock.advance(33);
        t.push(i === 0, i === 0 ? 2000 : 200);
        const stalled = g >= 2 && g <= 4;
        const got = framesOf(v.pipe.messages);
        if (!stalled && got.length) {
          lastSeq = got.at(-1)!.seq;
          v.send({ type: 'ack', acks: [{ sub: 1, seq: lastSeq }] });
        }
      }
    }
    const frames = framesOf(v.pipe.messages);
    let gaps = 0;
    for (let i = 1; i < frames.length; i++) {
      if (frames[i]!.seq !== frames[i - 1]!.seq + 1) {
        gaps += 1;
        expect(frames[i]!.key, `frame after the gap at seq ${frames[i]!.seq}`).toBe(true);
      }
    }
    expect(gaps).toBeGreaterThan(0);
    const sub = t.live.stats().subscriptions[0]!;
    // Every frame is either sent or dropped; the drops are whole runs up to a key frame.
    expect(sub.sent + sub.dropped).toBe(300);
    expect(sub.dropped).toBeGreaterThanOrEqual(60);
    // Never more in flight than the window allows.
    expect(sub.inFlight).toBeLessThanOrEqual(limits.maxFrames);
    // Back to normal once acknowledging again: the last GOPs all went through.
    expect(frames.slice(-60).every((f, i, a) => i === 0 || f.seq === a[i - 1]!.seq + 1)).toBe(true);
  });

  it('a full transport buffer (WebSocket bufferedAmount) also drops to the next key frame', () => {
    const t = setup({ flow: limits });
    t.push(true);
    const v = t.open();
    v.send(subscribe());
    v.pipe.take();
    v.send({ type: 'ack', acks: [{ sub: 1, seq: 1 }] });
    v.pipe.bufferedAmount = 2_000_000;
    t.push(false);
    t.push(false);
    v.pipe.bufferedAmount = 0;
    t.push(false); // still waiting for a key frame
    t.push(true);
    t.push(false);
    expect(framesOf(v.pipe.messages).map((f) => [f.seq, f.key])).toEqual([
      [5, true],
      [6, false],
    ]);
  });

  it('whatever the timing of frames and acks, sending stays key-aligned and bounded (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('frame' as const),
              key: fc.boolean(),
              size: fc.integer({ min: 1, max: 5000 }),
            }),
            fc.record({ kind: fc.constant('ack' as const) }),
            fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 400 }) }),
            fc.record({
              kind: fc.constant('buffer' as const),
              amount: fc.integer({ min: 0, max: 2_000_000 }),
            }),
          ),
          { maxLength: 400 },
        ),
        (steps) => {
          // A synchronous clock: the property runs without awaiting.
          let now = 0;
          const clock = {
            now: () => now,
            wallNow: () => 1e12 + now,
            setTimeout: () => ({}),
            clearTimeout: () => {},
          };
          const live = new LiveService({
            clock,
            flow: { ...limits, maxBytes: 20_000 },
            gop: { maxBytes: 50_000, maxFrames: 30 },
          });
          const tap = live.frameTap('cam1');
          const s = streams();
          const pipe = new RecordingPipe();
          const conn = live.connect(pipe);
          conn.receive(encodeClientMessage(subscribe()));
          let ts = 0;
          let acked = 0;
          for (const step of steps) {
            if (step.kind === 'frame') {
              ts += 3000;
              tap(frame(step.key, step.size, { timestamp: ts, receivedAt: clock.now() }), s);
            } else if (step.kind === 'wait') now += step.ms;
            else if (step.kind === 'buffer') pipe.bufferedAmount = step.amount;
            else {
              const got = framesOf(pipe.messages);
              if (got.length) {
                acked = got.at(-1)!.seq;
                conn.receive(encodeClientMessage({ type: 'ack', acks: [{ sub: 1, seq: acked }] }));
              }
            }
            const sub = [...conn.subscriptions.values()][0]! as Subscription;
            expect(sub.inFlight).toBeLessThanOrEqual(limits.maxFrames);
            expect(sub.inFlightBytes).toBeLessThan(20_000 + 5000 + 28);
          }
          const frames = framesOf(pipe.messages);
          for (let i = 1; i < frames.length; i++) {
            if (frames[i]!.seq !== frames[i - 1]!.seq + 1) expect(frames[i]!.key).toBe(true);
          }
          if (frames.length) expect(frames[0]!.key).toBe(true);
          live.close();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('LiveService: a deleted camera', () => {
  it('lets go of its feed (GOP and counts) and tells its viewers', () => {
    const t = setup();
    t.push(true, 1000);
    for (let i = 0; i < 10; i++) t.push(false, 100);
    const { pipe, send } = t.open();
    send(subscribe());
    expect(t.live.stats().cameras.cam1?.gopFrames).toBe(11);
    t.live.removeCamera('cam1');
    expect(t.live.stats().cameras.cam1).toBeUndefined();
    expect(t.live.stats().subscriptions).toHaveLength(0);
    const statuses = (pipe.messages as ServerMessage[]).filter((m) => m.type === 'status');
    expect(statuses.at(-1)).toMatchObject({ code: 'not-found' });
  });
});

describe('LiveService: a 12 s GOP at 30 fps', () => {
  it('a new view gets the whole GOP to catch up on, within the slots a view has', () => {
    const t = setup();
    t.push(true, 2000);
    for (let i = 1; i < 360; i++) t.push(false, 200);
    const { pipe, send } = t.open();
    send(subscribe());
    const frames = framesOf(pipe.messages);
    expect(frames).toHaveLength(360);
    expect(frames.filter((f) => f.catchUp)).toHaveLength(359);
    expect(frames.length).toBeLessThanOrEqual(MAX_IN_FLIGHT_FRAMES);
    // While the view decodes the catch-up, live frames wait for a key frame (it is behind)...
    t.push(false, 200);
    expect(framesOf(pipe.messages)).toHaveLength(360);
    // ...and once it has consumed it, live frames flow from the next key frame on.
    send({ type: 'ack', acks: [{ sub: 1, seq: frames.at(-1)!.seq }] });
    t.push(true, 2000);
    t.push(false, 200);
    expect(framesOf(pipe.messages)).toHaveLength(362);
  });
});
