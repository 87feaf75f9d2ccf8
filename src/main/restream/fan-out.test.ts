// FrameFanOut: where each consumer starts, what a camera reconnect does to it, and what a slow
// consumer costs (a counted drop to the next key frame, nothing held for it, nobody else delayed).
import { describe, expect, it } from 'vitest';
import type { Depacketizer, Frame, StreamParameters, VideoFrame } from '../rtsp/codec/types';
import { StreamInfo } from '../rtsp/stream-info';
import { type FanOutConsumer, FrameFanOut, type MediaUnit } from './fan-out';
import { nalUnitsOf } from './parameter-sets';

// avcC with SPS 67 01 02 03 and PPS 68 09 (structure only: the fan-out just copies them).
const AVCC = Buffer.from([1, 0x42, 0, 0x1e, 0xff, 0xe1, 0, 4, 0x67, 1, 2, 3, 1, 0, 2, 0x68, 9]);

function session(): StreamInfo[] {
  const video: StreamParameters = {
    kind: 'video',
    codec: 'h264',
    rfc6381Codec: 'avc1.42001E',
    width: 640,
    height: 360,
    extraData: AVCC,
  };
  const dep = (parameters: StreamParameters): Depacketizer => ({
    parameters,
    push: () => undefined,
    pull: () => undefined,
  });
  return [
    new StreamInfo(0, 'video', 'trackID=1', media('video', 'H264', 90_000), undefined, dep(video)),
    new StreamInfo(
      1,
      'audio',
      'trackID=2',
      media('audio', 'PCMA', 8000),
      undefined,
      dep({ kind: 'audio', codec: 'pcma', sampleRate: 8000, channels: 1, extraData: Buffer.alloc(0) }),
    ),
  ];
}

function media(kind: string, encodingName: string, clockRate: number) {
  return { media: kind, encodingName, payloadType: 96, clockRate, fmtp: {} };
}

let clock = 0;
function video(key: boolean, size = 100): VideoFrame {
  clock += 33;
  const nal = Buffer.alloc(size, 7);
  nal[0] = key ? 0x65 : 0x41;
  const data = Buffer.alloc(4 + size);
  data.writeUInt32BE(size, 0);
  nal.copy(data, 4);
  return {
    kind: 'video',
    streamIndex: 0,
    timestamp: clock * 90,
    clockRate: 90_000,
    loss: 0,
    receivedAt: clock,
    data,
    isRandomAccessPoint: key,
    hasNewParameters: false,
    isDisposable: false,
  };
}

function audio(): Frame {
  return {
    kind: 'audio',
    streamIndex: 1,
    timestamp: clock * 8,
    clockRate: 8000,
    loss: 0,
    receivedAt: clock,
    data: Buffer.alloc(160, 0xd5),
    frameLength: 160,
  };
}

class Consumer implements FanOutConsumer {
  units: Array<{ unit: MediaUnit; rebase: boolean }> = [];
  pending = 0;
  closed = false;
  backlog(): number {
    return this.pending;
  }
  deliver(unit: MediaUnit, rebase: boolean): void {
    this.units.push({ unit, rebase });
  }
  stalled(): void {
    this.closed = true;
  }
  /** First NAL type of each video unit received. */
  videoTypes(): number[] {
    return this.units.filter((u) => u.unit.video).map((u) => u.unit.payloads[0]![0]! & 0x1f);
  }
}

describe('FrameFanOut', () => {
  it('offers the camera tracks once the first frame came', () => {
    const f = new FrameFanOut();
    expect(f.tracks).toBeUndefined();
    f.onFrame(video(false), session());
    expect(f.tracks?.map((t) => [t.media, t.codec])).toEqual([
      ['video', 'h264'],
      ['audio', 'whole'],
    ]);
  });

  it('a new consumer gets the cached GOP from its key frame, then the live frames', () => {
    const f = new FrameFanOut();
    const s = session();
    for (const k of [false, true, false, false]) f.onFrame(video(k), s);
    const c = new Consumer();
    f.attach(c);
    // The key frame had no SPS/PPS in-band: the camera's current ones go in front.
    expect(c.videoTypes()).toEqual([7, 1, 1]);
    expect(c.units[0]!.unit.payloads.map((p) => p[0]! & 0x1f)).toEqual([7, 8, 5]);
    expect(c.units[0]!.rebase).toBe(true);
    f.onFrame(video(false), s);
    f.onFrame(audio(), s);
    expect(c.videoTypes()).toEqual([7, 1, 1, 1]);
    expect(c.units.map((u) => u.rebase)).toEqual([true, false, false, false, true]);
  });

  it('a consumer that came before any key frame waits for one (audio too)', () => {
    const f = new FrameFanOut();
    const s = session();
    f.onFrame(video(false), s);
    const c = new Consumer();
    f.attach(c);
    f.onFrame(audio(), s);
    f.onFrame(video(false), s);
    expect(c.units).toEqual([]);
    f.onFrame(video(true), s);
    f.onFrame(audio(), s);
    expect(c.units.map((u) => u.unit.track)).toEqual([0, 1]);
  });

  it('stays attached across a camera reconnect and resumes at the new session key frame', () => {
    const f = new FrameFanOut();
    const first = session();
    const c = new Consumer();
    f.attach(c);
    f.onFrame(video(true), first);
    f.onFrame(video(false), first);
    const second = session();
    f.onFrame(video(false), second);
    f.onFrame(audio(), second);
    expect(c.units.length).toBe(2);
    f.onFrame(video(true), second);
    expect(f.sessions).toBe(2);
    expect(f.consumers).toBe(1);
    expect(c.units.length).toBe(3);
    // Timestamps jump with the new session: the consumer re-bases them.
    expect(c.units[2]!.rebase).toBe(true);
  });

  it('a slow consumer drops to the next key frame, is counted, and delays nobody', () => {
    const f = new FrameFanOut({ maxBacklogBytes: 1000 });
    const s = session();
    const slow = new Consumer();
    const fast = new Consumer();
    f.onFrame(video(true), s);
    const a = f.attach(slow);
    f.attach(fast);
    slow.pending = 5000;
    for (let i = 0; i < 10; i++) f.onFrame(video(false), s);
    expect(a.stats.drops).toBe(1);
    expect(a.stats.droppedFrames).toBe(10);
    slow.pending = 0; // drained: still nothing until a key frame
    f.onFrame(video(false), s);
    expect(slow.videoTypes()).toEqual([7]);
    f.onFrame(video(true), s);
    expect(slow.videoTypes()).toEqual([7, 7]);
    expect(fast.videoTypes().length).toBe(13);
  });

  it('a consumer stalled past stalledCloseMs is told and detached', () => {
    const f = new FrameFanOut({ maxBacklogBytes: 1000, stalledCloseMs: 1000 });
    const s = session();
    const c = new Consumer();
    f.onFrame(video(true), s);
    f.attach(c);
    c.pending = 5000;
    for (let i = 0; i < 40 && !c.closed; i++) f.onFrame(video(false), s);
    expect(c.closed).toBe(true);
    expect(f.consumers).toBe(0);
  });

  it('large frames become FU-A packets no larger than the MTU', () => {
    const f = new FrameFanOut({ mtu: 500 });
    const s = session();
    const c = new Consumer();
    f.attach(c);
    f.onFrame(video(true, 3000), s);
    const payloads = c.units[0]!.unit.payloads;
    expect(payloads.every((p) => p.length <= 500)).toBe(true);
    expect(payloads.slice(2).every((p) => (p[0]! & 0x1f) === 28)).toBe(true);
    expect(nalUnitsOf(video(true, 10).data).length).toBe(1);
  });
});
