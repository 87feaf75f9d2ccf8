import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { encodeClientMessage } from '../../shared/media';
import type { AudioFrame } from '../rtsp/codec/types';
import { FakeClock } from '../rtsp/testing/fake-clock';
import { LiveService } from './live-service';
import { frame, RecordingPipe, streams } from './testing';

function audio(timestamp: number, size = 200): AudioFrame {
  return {
    kind: 'audio',
    streamIndex: 1,
    timestamp,
    clockRate: 48_000,
    loss: 0,
    receivedAt: 0,
    frameLength: 1024,
    data: Buffer.alloc(size, 0x21),
  };
}

function setup() {
  const service = new LiveService({ clock: new FakeClock() });
  const tap = service.frameTap('cam');
  const pipe = new RecordingPipe();
  const conn = service.connect(pipe);
  const s = streams();
  return { service, tap, pipe, conn, s };
}

describe('audio subscriptions', () => {
  it('send the camera sound (config once, then frames with µs timestamps) only to audio subscribers', () => {
    const { tap, pipe, conn, s } = setup();
    tap(frame(true), s);
    tap(audio(1000), s); // nobody listens: nothing sent
    expect(pipe.take()).toEqual([]);
    conn.receive(
      encodeClientMessage({ type: 'subscribe', sub: 7, mode: 'audio', intervalMs: 0, cameraId: 'cam' }),
    );
    expect(pipe.take()).toEqual([{ type: 'status', sub: 7, code: 'subscribed', message: 'aac 48000 2' }]);
    tap(audio(1000), s);
    tap(audio(1000 + 1024), s);
    tap(frame(false), s); // video is not sent to an audio subscription
    const out = pipe.take();
    expect(out.map((m) => m.type)).toEqual(['audio-config', 'audio', 'audio']);
    expect(out[0]).toMatchObject({ sub: 7, codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(out[1]).toMatchObject({ sub: 7, seq: 1, timestamp: 0 });
    expect(out[2]).toMatchObject({ sub: 7, seq: 2, timestamp: Math.round((1024 * 1e6) / 48000) });
    expect((out[2] as { data: Uint8Array }).data.length).toBe(200);
  });

  it('drop (and count) frames while the transport is backed up; the gap shows in seq', () => {
    const { service, tap, pipe, conn, s } = setup();
    tap(frame(true), s);
    conn.receive(
      encodeClientMessage({ type: 'subscribe', sub: 1, mode: 'audio', intervalMs: 0, cameraId: 'cam' }),
    );
    pipe.take();
    tap(audio(0), s);
    pipe.bufferedAmount = 2 * 1024 * 1024;
    tap(audio(1024), s);
    tap(audio(2048), s);
    pipe.bufferedAmount = 0;
    tap(audio(3072), s);
    const seqs = pipe.take().flatMap((m) => (m.type === 'audio' ? [m.seq] : []));
    expect(seqs).toEqual([1, 4]);
    expect(service.stats().subscriptions).toContainEqual(
      expect.objectContaining({ cameraId: 'cam', mode: 'audio', sent: 2, dropped: 2 }),
    );
  });

  it('end with unsubscribe and with the camera; audio subscribers are not counted as viewers', () => {
    const { service, tap, pipe, conn, s } = setup();
    tap(frame(true), s);
    conn.receive(
      encodeClientMessage({ type: 'subscribe', sub: 1, mode: 'audio', intervalMs: 0, cameraId: 'cam' }),
    );
    expect(service.counts('cam')).toEqual({ viewers: 0, thumbnails: 0 });
    conn.receive(encodeClientMessage({ type: 'unsubscribe', sub: 1 }));
    pipe.take();
    tap(audio(0), s);
    expect(pipe.take()).toEqual([]);
    expect(service.stats().subscriptions).toEqual([]);
  });

  it('say when the camera sends no sound, or one the console cannot play', () => {
    const { tap, pipe, conn } = setup();
    const videoOnly = streams().slice(0, 1);
    tap(frame(true), videoOnly);
    conn.receive(
      encodeClientMessage({ type: 'subscribe', sub: 1, mode: 'audio', intervalMs: 0, cameraId: 'cam' }),
    );
    expect(pipe.take()).toEqual([{ type: 'status', sub: 1, code: 'subscribed', message: 'no audio' }]);
  });
});

describe('audio subscriptions before the camera plays', () => {
  it('wait (not "no audio") until a session is seen, then get the sound', () => {
    const { tap, pipe, conn, s } = setup();
    conn.receive(
      encodeClientMessage({ type: 'subscribe', sub: 1, mode: 'audio', intervalMs: 0, cameraId: 'cam' }),
    );
    expect(pipe.take()).toEqual([
      { type: 'status', sub: 1, code: 'subscribed', message: 'waiting for the camera' },
    ]);
    tap(audio(0), s);
    expect(pipe.take().map((m) => m.type)).toEqual(['audio-config', 'audio']);
  });
});
