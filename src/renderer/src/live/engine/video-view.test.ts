// The view's decode state machine with a stand-in decoder and painter: catch-up frames are
// decoded but not painted, gaps and decoder errors wait for the next key frame, a decode
// queue that grows drops to the next key frame, an unsupported codec falls back to key
// frames only and shows its badge.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessage, ConfigMessage, FrameMessage } from '../../../../shared/media';
import type { Lease, SubHandler } from './channel-pool';
import type { DecoderCallbacks, FrameDecoder } from './decoders';
import type { EngineEvent } from './protocol';

const decoders: FakeDecoder[] = [];
let supported = true;

class FakeDecoder implements FrameDecoder {
  decoded: number[] = [];
  queue = 0;
  closed = false;
  resets = 0;
  constructor(readonly cb: DecoderCallbacks) {
    decoders.push(this);
  }
  decode(frame: FrameMessage, slot: number) {
    this.decoded.push(frame.seq);
    this.lastSlot = slot;
  }
  lastSlot = -1;
  get queueSize() {
    return this.queue;
  }
  reset() {
    this.resets += 1;
  }
  flush() {}
  close() {
    this.closed = true;
  }
  /** Outputs the picture of the last decoded frame. */
  out() {
    this.cb.output(
      { close() {}, displayWidth: 320, displayHeight: 240 } as unknown as VideoFrame,
      this.lastSlot,
    );
  }
}

vi.mock('./decoders', () => ({
  checkSupport: async () => (supported ? { ok: true } : { ok: false, reason: 'No decoder' }),
  codecLabel: (c: ConfigMessage) => c.codecString,
  createDecoder: (_c: ConfigMessage, cb: DecoderCallbacks) => new FakeDecoder(cb),
}));
const painted: number[] = [];
vi.mock('./painter', () => ({
  Painter: class {
    constructor(
      _t: unknown,
      readonly events: { painted(slot: number): void },
    ) {}
    paint(_p: unknown, slot: number) {
      painted.push(slot);
      this.events.painted(slot);
    }
    retarget() {}
    repaint() {}
    close() {}
    clear() {}
  },
}));

const { VideoView } = await import('./video-view');

function setup() {
  const sent: ClientMessage[] = [];
  const acks: number[] = [];
  let handler: SubHandler | undefined;
  const lease: Lease = {
    sub: 3,
    channel: {
      send: (m: ClientMessage) => sent.push(m),
      consumed: (_sub: number, seq: number) => acks.push(seq),
      clock: { offset: 0, rtt: 1 },
    } as unknown as Lease['channel'],
    close: () => {},
  };
  const pool = {
    open: (_spec: unknown, h: SubHandler) => {
      handler = h;
      return lease;
    },
  };
  const events: EngineEvent[] = [];
  const view = new VideoView({
    viewId: 1,
    cameraId: 'cam',
    target: {} as never,
    transport: { kind: 'websocket', url: 'ws://x/media' },
    post: (e) => events.push(e),
    pool: pool as never,
  });
  handler!.open();
  const config = (id = 1): ConfigMessage => ({
    type: 'config',
    sub: 3,
    configId: id,
    codec: 'h264',
    codecString: 'avc1.42C01E',
    width: 320,
    height: 240,
    description: new Uint8Array([1]),
  });
  const frame = (seq: number, key = false, catchUp = false): FrameMessage => ({
    type: 'frame',
    sub: 3,
    seq,
    configId: 1,
    key,
    catchUp,
    arrival: 0,
    timestamp: seq * 33_000,
    data: new Uint8Array(8),
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    view,
    sent,
    acks,
    events,
    send: (m: ConfigMessage | FrameMessage) => handler!.message(m),
    config,
    frame,
    settle,
  };
}

beforeEach(() => {
  decoders.length = 0;
  painted.length = 0;
  supported = true;
});

describe('VideoView', () => {
  it('decodes a replayed GOP without painting it, then paints live frames', async () => {
    const t = setup();
    expect(t.sent[0]).toMatchObject({ type: 'subscribe', sub: 3, mode: 'live', cameraId: 'cam' });
    t.send(t.config());
    t.send(t.frame(1, true, true));
    t.send(t.frame(2, false, true));
    t.send(t.frame(3));
    await t.settle(); // support check
    const d = decoders[0]!;
    expect(d.decoded).toEqual([1, 2, 3]);
    t.view.debugStats();
    // Output in order: two catch-up pictures (not painted), then the live one.
    d.lastSlot = 0;
    d.out();
    d.lastSlot = 1;
    d.out();
    d.lastSlot = 2;
    d.out();
    expect(painted).toEqual([2]);
    expect(t.acks).toEqual([1, 2, 3]);
    expect(t.events.at(-1)).toMatchObject({ type: 'view-state', state: { state: 'playing', width: 320 } });
  });

  it('a gap made by main, or a decoder error, waits for the next key frame', async () => {
    const t = setup();
    t.send(t.config());
    t.send(t.frame(1, true));
    await t.settle();
    t.send(t.frame(2));
    t.send(t.frame(5)); // 3 and 4 dropped by main
    t.send(t.frame(6));
    t.send(t.frame(7, true));
    expect(decoders[0]!.decoded).toEqual([1, 2, 7]);
    expect(t.view.droppedByMain).toBe(2);
    expect(t.view.droppedHere).toBe(2);
    decoders[0]!.cb.error('boom');
    expect(decoders[0]!.closed).toBe(true);
    t.send(t.frame(8));
    t.send(t.frame(9, true));
    expect(decoders).toHaveLength(2);
    expect(decoders[1]!.decoded).toEqual([9]);
    expect(t.view.errors).toBe(1);
  });

  it('a decode queue that grows drops to the next key frame, which resets the decoder', async () => {
    const t = setup();
    t.send(t.config());
    t.send(t.frame(1, true));
    await t.settle();
    const d = decoders[0]!;
    d.queue = 20;
    t.send(t.frame(2));
    t.send(t.frame(3));
    t.send(t.frame(4, true));
    expect(d.decoded).toEqual([1, 4]);
    expect(d.resets).toBe(1);
    expect(t.acks).toEqual([2, 3]);
  });

  it('an unsupported codec shows its badge and takes key frames only', async () => {
    supported = false;
    const t = setup();
    t.send(t.config());
    t.send(t.frame(1, true));
    await t.settle();
    expect(t.events).toContainEqual({
      type: 'view-state',
      viewId: 1,
      state: { state: 'unsupported', codec: 'avc1.42C01E', reason: 'No decoder' },
    });
    expect(t.sent.at(-1)).toMatchObject({ type: 'subscribe', mode: 'keyframes', intervalMs: 10_000 });
    expect(decoders).toHaveLength(0);
    expect(t.acks).toEqual([1]);
  });
});

describe('VideoView with a long GOP', () => {
  it('a 12 s GOP at 30 fps: no slot aliases, nothing is acknowledged early, and dropping on a slow decoder comes back', async () => {
    const t = setup();
    t.send(t.config());
    const gop = 12 * 30;
    // Main replays the whole GOP (all but the newest flagged catch-up), then live frames follow.
    for (let seq = 1; seq <= gop; seq++) t.send(t.frame(seq, seq === 1, seq < gop));
    await t.settle(); // support check
    const d = decoders[0]!;
    expect(d.decoded).toHaveLength(gop);
    // The decoder gives every picture out in order: only the live (newest) one is painted,
    // and each acknowledgement is that of the picture that came out.
    for (let slot = 0; slot < gop; slot++) {
      d.lastSlot = slot;
      d.out();
    }
    expect(painted).toEqual([gop - 1]);
    expect(t.acks).toEqual(Array.from({ length: gop }, (_, i) => i + 1));
    // The catch-up is over: a decode queue that grows drops to the next key frame again.
    d.queue = 20;
    t.send(t.frame(gop + 1));
    expect(d.decoded).toHaveLength(gop);
    expect(t.view.droppedHere).toBe(1);
  });

  it('a catch-up frame the decoder skips still ends the catch-up', async () => {
    const t = setup();
    t.send(t.config());
    t.send(t.frame(1, true, true));
    t.send(t.frame(2, false, true));
    t.send(t.frame(3));
    await t.settle();
    const d = decoders[0]!;
    d.lastSlot = 0;
    d.out();
    d.cb.skipped(1);
    d.lastSlot = 2;
    d.out();
    d.queue = 20;
    t.send(t.frame(4));
    expect(d.decoded).toEqual([1, 2, 3]);
  });
});
