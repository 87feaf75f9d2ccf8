// Restream against real clients, beyond H.264: a GStreamer Motion JPEG camera restreamed
// (RFC 2435 packetized again by camrelay) decodes in ffmpeg (TCP and UDP) and GStreamer at the
// camera's size; and ffmpeg through camrelay gets as many frames as ffmpeg connected straight
// to the camera over the same wall-clock window, while the camera serves camrelay one session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameFanOut, RestreamServer } from '../src/main/restream/index';
import { type PlayingSession, probe } from '../src/main/rtsp/index';
import { decodedFrames, feed, frameClock, run, until } from './helpers/restream';
import { type RunningRtspServer, startRtspServer } from './peers/rtsp-server';

const WIDTH = 640;
const HEIGHT = 360;
let camera: RunningRtspServer;
let mjpegCamera: RunningRtspServer;
const feeds: PlayingSession[] = [];
const h264 = new FrameFanOut();
const mjpeg = new FrameFanOut();
let server: RestreamServer;

beforeAll(async () => {
  const o = { fps: 30, keyInt: 30, width: WIDTH, height: HEIGHT };
  [camera, mjpegCamera] = await Promise.all([
    startRtspServer({ ...o, mounts: { '/cam': 'h264' } }),
    startRtspServer({ ...o, mounts: { '/mjpeg': 'mjpeg' } }),
  ]);
  feeds.push(await feed(camera.url('/cam'), h264), await feed(mjpegCamera.url('/mjpeg'), mjpeg));
  server = new RestreamServer({ port: 0 });
  server.setPath('cam', h264);
  server.setPath('mjpeg', mjpeg);
  await server.listen();
  await until(() => h264.tracks !== undefined && mjpeg.tracks !== undefined, 10_000, 'first frames');
}, 40_000);

afterAll(async () => {
  for (const f of feeds) f.close();
  await server?.close();
  await Promise.all([camera?.stop(), mjpegCamera?.stop()]);
});

const url = (path: string) => `rtsp://127.0.0.1:${server.port}/${path}`;

/** ffmpeg decoding `frames` frames with showinfo: the sizes of the frames it decoded. */
async function decodedSizes(u: string, transport: 'tcp' | 'udp', frames: number) {
  const r = await run('ffmpeg', [
    ...['-hide_banner', '-nostats', '-loglevel', 'info', '-rtsp_transport', transport, '-i', u],
    ...['-map', '0:v', '-frames:v', String(frames), '-vf', 'showinfo', '-f', 'null', '-'],
  ]);
  const sizes = [...r.stderr.matchAll(/showinfo.* n: *\d+ .* s:(\d+x\d+) /g)].map((m) => m[1]);
  const codec = /Stream #0:0: Video: (\w+)/.exec(r.stderr)?.[1];
  return { code: r.code, sizes, codec, stderr: r.stderr };
}

describe('Motion JPEG restream', () => {
  it('the camera is offered as one JPEG track with its static payload type', () => {
    expect(mjpeg.tracks?.map((t) => [t.codec, t.payloadType])).toEqual([['jpeg', 26]]);
  });

  for (const transport of ['tcp', 'udp'] as const) {
    it(`ffmpeg over ${transport.toUpperCase()} decodes 30 frames at the camera's size`, async () => {
      const r = await decodedSizes(url('mjpeg'), transport, 30);
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      expect(r.codec).toBe('mjpeg');
      expect(r.sizes).toEqual(Array(30).fill(`${WIDTH}x${HEIGHT}`));
    }, 30_000);
  }

  it('GStreamer rtspsrc ! rtpjpegdepay ! jpegdec decodes 30 frames', async () => {
    const r = await run('gst-launch-1.0', [
      ...['-q', 'rtspsrc', `location=${url('mjpeg')}`, 'protocols=tcp', 'latency=0', '!', 'rtpjpegdepay'],
      ...[
        '!',
        'jpegdec',
        '!',
        `video/x-raw,width=${WIDTH},height=${HEIGHT}`,
        '!',
        'fakesink',
        'num-buffers=30',
      ],
    ]);
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.code).toBe(0);
  }, 30_000);

  it("camrelay's probe sees the same codec and size as a direct connection, no loss", async () => {
    const [relayed, direct] = await Promise.all([
      probe(url('mjpeg'), { transport: 'udp', frames: 60, durationMs: 10_000 }),
      probe(mjpegCamera.url('/mjpeg'), { transport: 'tcp', frames: 1, durationMs: 10_000 }),
    ]);
    expect(relayed.error).toBeUndefined();
    const v = relayed.streams[0];
    expect([v?.codec, v?.width, v?.height]).toEqual(['jpeg', WIDTH, HEIGHT]);
    expect([v?.codec, v?.width, v?.height]).toEqual([
      direct.streams[0]?.codec,
      direct.streams[0]?.width,
      direct.streams[0]?.height,
    ]);
    expect(v!.frames).toBeGreaterThanOrEqual(60);
    expect(v!.lostPackets).toBe(0);
  }, 30_000);
});

describe('frame counts through camrelay and direct', () => {
  it('ffmpeg via camrelay (TCP and UDP) counts the frames a direct ffmpeg does; the camera serves camrelay once', async () => {
    expect(camera.clients()).toBe(1);
    const clients: number[] = [];
    const sample = setInterval(() => clients.push(camera.clients()), 100);
    const readers = [
      frameClock(url('cam'), 'tcp'),
      frameClock(url('cam'), 'udp'),
      frameClock(camera.url('/cam'), 'tcp'),
    ];
    try {
      await until(() => readers.every((r) => r.times.length > 0), 20_000, 'every reader to decode');
      // Past the relayed readers' cached-GOP start, count a 6 s window of steady frames.
      const from = performance.now() + 1500;
      const to = from + 6000;
      await until(() => performance.now() > to + 500, 10_000, 'the window to pass');
      const counts = readers.map((r) => r.times.filter((t) => t >= from && t < to).length);
      const [tcp, udp, direct] = counts as [number, number, number];
      // 30 fps over 6 s; a loaded machine delivers in bursts, so a few frames either way.
      expect(direct, `counts ${counts}`).toBeGreaterThan(150);
      expect(Math.abs(tcp - direct), `counts ${counts}`).toBeLessThanOrEqual(Math.max(6, direct * 0.05));
      expect(Math.abs(udp - direct), `counts ${counts}`).toBeLessThanOrEqual(Math.max(6, direct * 0.05));
      // camrelay's one session and the direct ffmpeg's: the relayed readers add none.
      expect(Math.max(...clients.slice(-40))).toBe(2);
      expect(h264.sessions).toBe(1);
      expect(server.consumers().filter((c) => c.path === 'cam' && c.playing)).toHaveLength(2);
    } finally {
      clearInterval(sample);
      for (const r of readers) r.p.kill();
    }
    await Promise.all(readers.map((r) => r.p.done));
    expect(decodedFrames(readers[0]!.p.stdout())).toBeGreaterThan(150);
  }, 60_000);
});
