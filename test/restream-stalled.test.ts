// A stalled TCP consumer next to a real camera: a GStreamer camera sending incompressible
// H.264 (videotestsrc snow, ~12 Mbit/s, so the stalled client's kernel buffers and then its
// 1 MiB backlog fill within seconds) is restreamed; one client PLAYs over TCP and never reads.
// For the 30 s until the fan-out closes it, ffmpeg reading the same camera keeps the camera's
// frame rate, this process's RSS stays bounded, and the stalled one is dropped to key frames,
// closed and counted.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameFanOut, RestreamServer } from '../src/main/restream/index';
import type { PlayingSession } from '../src/main/rtsp/index';
import { feed, frameClock, stalledClient, until } from './helpers/restream';
import { type RunningRtspServer, startRtspServer } from './peers/rtsp-server';

let camera: RunningRtspServer;
let playing: PlayingSession;
let server: RestreamServer;
let stalled: Socket | undefined;
const fanOut = new FrameFanOut({ maxBacklogBytes: 1024 * 1024, stalledCloseMs: 30_000 });
/** When each video frame reached the fan-out (performance.now()). */
const cameraFrames: number[] = [];

beforeAll(async () => {
  camera = await startRtspServer({
    mounts: { '/cam': 'h264' },
    ...{ width: 640, height: 360, fps: 30, keyInt: 30, bitrate: 12_000, pattern: 'snow' },
  });
  const onFrame = fanOut.onFrame.bind(fanOut);
  fanOut.onFrame = (f, streams) => {
    if (f.kind === 'video') cameraFrames.push(performance.now());
    onFrame(f, streams);
  };
  playing = await feed(camera.url('/cam'), fanOut);
  server = new RestreamServer({ port: 0 });
  // Two paths on one fan-out, so the consumers list tells the stalled client from ffmpeg.
  server.setPath('cam', fanOut);
  server.setPath('stall', fanOut);
  await server.listen();
  await until(() => fanOut.tracks !== undefined, 10_000, 'first frames');
}, 40_000);

afterAll(async () => {
  stalled?.destroy();
  playing?.close();
  await server?.close();
  await camera?.stop();
});

describe('a stalled TCP consumer of a real camera', () => {
  it('is dropped to key frames and closed after 30 s; ffmpeg keeps full rate; RSS stays bounded', async () => {
    const reader = frameClock(`rtsp://127.0.0.1:${server.port}/cam`, 'tcp', 90_000);
    try {
      await until(() => reader.times.length > 0, 20_000, 'ffmpeg to decode');
      stalled = await stalledClient('127.0.0.1', server.port, `rtsp://127.0.0.1:${server.port}/stall`);
      const stall = () => server.consumers().find((c) => c.path === 'stall');
      const rssBase = process.memoryUsage().rss;
      let rssMax = rssBase;
      let firstDropAt: number | undefined;
      let drops = 0;
      const from = performance.now() + 1000;
      const deadline = performance.now() + 70_000;
      while (stall() !== undefined) {
        if (performance.now() > deadline) throw new Error('the stalled client was never closed');
        rssMax = Math.max(rssMax, process.memoryUsage().rss);
        const d = stall()?.drops ?? 0;
        if (d > 0) firstDropAt ??= performance.now();
        drops = Math.max(drops, d);
        await new Promise((r) => setTimeout(r, 100));
      }
      const to = performance.now();
      await new Promise((r) => setTimeout(r, 500)); // frames in flight to ffmpeg at `to`
      // Dropped to key frames (counted while it was connected), then closed after the stall limit.
      expect(drops).toBeGreaterThanOrEqual(1);
      expect(firstDropAt).toBeDefined();
      // Not at the first drop: after the 30 s stall limit (of frame time; polled, so give 2 s).
      expect(to - firstDropAt!).toBeGreaterThan(28_000);
      expect(server.stats.stalledClosed).toBe(1);
      expect(server.stats.drops).toBeGreaterThanOrEqual(drops);
      // ffmpeg, on the same fan-out, got every frame the camera sent in that time.
      const sent = cameraFrames.filter((t) => t >= from && t < to).length;
      const got = reader.times.filter((t) => t >= from && t < to).length;
      // The camera's own rate is not under test (a loaded machine slows its encoder); a sanity floor.
      expect(sent, 'camera frames over the stall').toBeGreaterThan(15 * 30);
      expect(Math.abs(got - sent), `ffmpeg ${got} of ${sent}`).toBeLessThanOrEqual(Math.max(10, sent * 0.02));
      expect(server.consumers().filter((c) => c.path === 'cam')).toEqual([
        expect.objectContaining({ playing: true, drops: 0 }),
      ]);
      // The stalled client's backlog is bounded (1 MiB plus a frame), so memory is too.
      expect((rssMax - rssBase) / 2 ** 20, 'RSS growth, MiB').toBeLessThan(64);
    } finally {
      reader.p.kill();
    }
  }, 120_000);
});
