// Restream interop with real clients. A GStreamer RTSP server plays the camera; camrelay's RTSP
// client reads it (through a counting TCP proxy, so we know how many connections the camera
// saw) into a FrameFanOut; the restream server serves that to ffmpeg and GStreamer's rtspsrc
// over TCP and UDP. Every wait is bounded by a child process timeout or a deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameFanOut, RestreamServer } from '../src/main/restream/index';
import { type PlayingSession, probe } from '../src/main/rtsp/index';
import {
  countingProxy,
  feed,
  ffmpegArgs,
  decodedFrames as framesIn,
  type Run,
  run,
  until,
} from './helpers/restream';
import { type RunningRtspServer, startRtspServer } from './peers/rtsp-server';

const user = { name: 'viewer', password: 'se:cret' };
let camera: RunningRtspServer;
let proxy: Awaited<ReturnType<typeof countingProxy>>;
let playing: PlayingSession;
let fanOut: FrameFanOut;
let open: RestreamServer;
let locked: RestreamServer;
let cameraUrl: string;
let h265: PlayingSession;
const h265FanOut = new FrameFanOut();

function ffmpeg(url: string, transport: 'tcp' | 'udp', frames = 30, ms = 25_000): Promise<Run> {
  return run('ffmpeg', ffmpegArgs(url, transport, frames), ms);
}

/** Decoded video frames ffmpeg printed. */
const decodedFrames = (r: Run) => framesIn(r.stdout);

function gstreamer(url: string, protocols: 'tcp' | 'udp', buffers = 30): Promise<Run> {
  return run('gst-launch-1.0', [
    '-q',
    'rtspsrc',
    `location=${url}`,
    `protocols=${protocols}`,
    'latency=0',
    '!',
    'rtph264depay',
    '!',
    'h264parse',
    '!',
    'avdec_h264',
    '!',
    'fakesink',
    `num-buffers=${buffers}`,
  ]);
}

beforeAll(async () => {
  camera = await startRtspServer({ mounts: { '/cam': 'h264-aac', '/h265': 'h265' }, fps: 30, keyInt: 30 });
  proxy = await countingProxy(camera.port);
  cameraUrl = `rtsp://127.0.0.1:${proxy.port}/cam`;
  fanOut = new FrameFanOut();
  playing = await feed(cameraUrl, fanOut);
  h265 = await feed(camera.url('/h265'), h265FanOut);
  open = new RestreamServer({ port: 0 });
  open.setPath('front-door', fanOut);
  open.setPath('hevc', h265FanOut);
  await open.listen();
  locked = new RestreamServer({ port: 0, users: [user] });
  locked.setPath('front-door', fanOut);
  await locked.listen();
  // DESCRIBE answers once the camera's first frame gave the tracks.
  await until(() => fanOut.tracks !== undefined && h265FanOut.tracks !== undefined, 10_000, 'first frames');
  expect(fanOut.tracks?.map((t) => t.codec)).toEqual(['h264', 'aac']);
}, 40_000);

afterAll(async () => {
  playing?.close();
  h265?.close();
  await Promise.all([open?.close(), locked?.close()]);
  proxy?.server.close();
  await camera?.stop();
});

const url = (s: RestreamServer, path = 'front-door', u?: typeof user) =>
  `rtsp://${u ? `${encodeURIComponent(u.name)}:${encodeURIComponent(u.password)}@` : ''}127.0.0.1:${s.port}/${path}`;

describe('restream to real clients', () => {
  it('ffmpeg over TCP decodes 30 frames', async () => {
    const r = await ffmpeg(url(open), 'tcp');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(decodedFrames(r)).toBe(30);
  }, 30_000);

  it('ffmpeg over UDP decodes 30 frames', async () => {
    const r = await ffmpeg(url(open), 'udp');
    expect(r.code).toBe(0);
    expect(decodedFrames(r)).toBe(30);
  }, 30_000);

  it('GStreamer rtspsrc over TCP decodes 30 frames', async () => {
    const r = await gstreamer(url(open), 'tcp');
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.code).toBe(0);
  }, 30_000);

  it('GStreamer rtspsrc over UDP decodes 30 frames', async () => {
    const r = await gstreamer(url(open), 'udp');
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.code).toBe(0);
  }, 30_000);

  it('Digest: 401 without credentials, frames with them', async () => {
    const refused = await ffmpeg(url(locked), 'tcp', 5);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/401/);
    const ok = await ffmpeg(url(locked, 'front-door', user), 'tcp', 10);
    expect(ok.code).toBe(0);
    expect(decodedFrames(ok)).toBe(10);
  }, 40_000);

  it('an unknown path is 404', async () => {
    const r = await ffmpeg(url(open, 'back-door'), 'tcp', 5);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/404/);
  }, 30_000);

  it('two clients at once, and the camera saw one session all along', async () => {
    const [a, b] = await Promise.all([ffmpeg(url(open), 'tcp', 60), ffmpeg(url(open), 'udp', 60)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([decodedFrames(a), decodedFrames(b)]).toEqual([60, 60]);
    expect(proxy.connections()).toBe(1);
    expect(fanOut.sessions).toBe(1);
  }, 40_000);

  it('ffmpeg over TCP decodes a restreamed H.265 camera', async () => {
    expect(h265FanOut.tracks?.map((t) => t.codec)).toEqual(['h265']);
    const r = await ffmpeg(url(open, 'hevc'), 'tcp');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(decodedFrames(r)).toBe(30);
  }, 30_000);

  it("camrelay's own probe reads the restream over UDP as the camera: codecs, size, no loss", async () => {
    const [r, direct] = await Promise.all([
      probe(url(open), { transport: 'udp', frames: 60, durationMs: 10_000 }),
      probe(camera.url('/cam'), { transport: 'tcp', frames: 1, durationMs: 10_000 }),
    ]);
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([]);
    const [video, audio] = r.streams;
    const same = (s: (typeof r.streams)[number] | undefined) => [s?.codec, s?.width, s?.height, s?.channels];
    expect(same(video)).toEqual(same(direct.streams[0]));
    expect(same(audio)).toEqual(same(direct.streams[1]));
    expect(video?.codec).toMatch(/^avc1\./);
    expect(video!.frames).toBeGreaterThanOrEqual(60);
    expect(video!.keyFrames).toBeGreaterThanOrEqual(1);
    expect(audio?.encoding.toUpperCase()).toBe('MPEG4-GENERIC');
    expect(audio!.frames).toBeGreaterThan(0);
    for (const s of r.streams) {
      expect(s.lostPackets).toBe(0);
      expect(s.timestampJumpsBack).toBe(0);
    }
  }, 30_000);

  it('clients that left are gone from the consumers', async () => {
    await until(() => open.consumers().length === 0, 5000, 'sessions to end');
  });

  it('a client stays attached across a camera reconnect and decodes on', async () => {
    const reading = ffmpeg(url(open), 'tcp', 150, 40_000);
    await until(
      () => open.consumers().some((c) => c.playing && c.bytes > 50_000),
      15_000,
      'the client to play',
    );
    // The camera session ends and a new one starts (what a supervisor does on reconnect).
    playing.close();
    playing = await feed(cameraUrl, fanOut);
    await until(() => fanOut.sessions === 2, 10_000, 'the second session');
    expect(open.consumers().length).toBe(1);
    const r = await reading;
    expect(r.code).toBe(0);
    expect(decodedFrames(r)).toBe(150);
    expect(proxy.connections()).toBe(2);
  }, 50_000);
});
