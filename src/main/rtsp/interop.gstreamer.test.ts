// Interop against a real GStreamer RTSP server (test/peers/rtsp-server.py), started here.
// Frame counts and key-frame cadence are checked against what the server was told to send:
// 30 fps with a key frame every 30 frames (x264/x265 key-int-max=30).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRtspServer, startRtspServer } from '../../../test/peers/rtsp-server';
import type { Frame } from './codec/types';
import { RtspError } from './error';
import { SessionGroup } from './group';
import type { PacketItem } from './media-stream';
import type { TransportChoice } from './options';
import { type PlayingSession, describe as rtspDescribe } from './session';

let media: RunningRtspServer;
let digest: RunningRtspServer;
let basic: RunningRtspServer;
const user = { name: 'operator', password: 'p@ss:w0rd' };

beforeAll(async () => {
  [media, digest, basic] = await Promise.all([
    startRtspServer({
      mounts: { '/cam': 'h264-aac', '/h265': 'h265', '/mjpeg': 'mjpeg', '/g711': 'g711', '/opus': 'opus' },
      fps: 30,
      keyInt: 30,
    }),
    startRtspServer({ mounts: { '/cam': 'h264' }, users: [user], auth: 'digest' }),
    startRtspServer({ mounts: { '/cam': 'h264' }, users: [user], auth: 'basic' }),
  ]);
});

afterAll(async () => {
  await Promise.all([media?.stop(), digest?.stop(), basic?.stop()]);
});

/** Collects until `enough(frames)` or the deadline; never hangs. */
async function collect<T>(it: AsyncIterable<T>, enough: (items: T[]) => boolean, ms = 8000): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + ms;
  for await (const x of it) {
    out.push(x);
    if (enough(out) || Date.now() > deadline) break;
  }
  return out;
}

async function open(url: string, transport: TransportChoice, opts: { mode?: 'frames' | 'packets' } = {}) {
  const group = new SessionGroup({ name: url });
  const d = await rtspDescribe(url, { group });
  for (const s of d.streams) await d.setup(s.index, { transport });
  const p = await d.play(opts);
  return { d, p, group };
}

async function finish(p: PlayingSession, group: SessionGroup) {
  p.close();
  expect(await group.awaitTeardown()).toEqual([]);
  expect(group.staleSessions().count).toBe(0);
}

function checkVideoCadence(frames: Frame[], clockTicksPerFrame: number) {
  const video = frames.filter((f) => f.kind === 'video');
  expect(video.length).toBeGreaterThanOrEqual(61);
  const keys = video
    .map((f, i) => (f.kind === 'video' && f.isRandomAccessPoint ? i : -1))
    .filter((i) => i >= 0);
  // A fresh pipeline per client: the first frame is a key frame, then one every 30 frames.
  expect(keys.slice(0, 3)).toEqual([0, 30, 60]);
  for (let i = 1; i < 61; i++) expect(video[i]!.timestamp - video[i - 1]!.timestamp).toBe(clockTicksPerFrame);
  expect(video.every((f) => f.loss === 0)).toBe(true);
}

describe.each(['tcp', 'udp'] as const)('GStreamer H.264 + AAC over %s', (transport) => {
  it('describes, sets up both streams, plays 61 video frames with a key frame every 30', async () => {
    const { d, p, group } = await open(media.url('/cam'), transport);
    expect(d.tool).toBe('GStreamer');
    expect(d.serverHasLive555TcpBug).toBe(false);
    expect(d.streams.map((s) => [s.media, s.encodingName.toUpperCase(), s.clockRate])).toEqual([
      ['video', 'H264', 90000],
      ['audio', 'MPEG4-GENERIC', 48000],
    ]);
    expect(d.streams[0]!.supported).toBe(true);
    expect(d.transportOf(0)).toBe(transport);
    const frames = await collect(p.frames(), (fs) => fs.filter((f) => f.kind === 'video').length >= 61);
    checkVideoCadence(frames, 3000);
    const params = d.streams[0]!.parameters;
    expect(params?.kind === 'video' && [params.width, params.height]).toEqual([320, 240]);
    const [v, a] = p.stats();
    expect(v).toMatchObject({ index: 0, transport, lost: 0, dropped: 0, codecErrors: 0 });
    expect(v!.frames).toBeGreaterThanOrEqual(61);
    expect(v!.keyFrames).toBeGreaterThanOrEqual(3);
    expect(a!.packets).toBeGreaterThan(20); // ~47 AAC frames/s
    if (d.streams[1]!.supported) expect(frames.some((f) => f.kind === 'audio')).toBe(true);
    await finish(p, group);
  });
});

it('transport auto picks UDP from a server that offers it', async () => {
  const { d, p, group } = await open(media.url('/cam'), 'auto');
  expect(d.transportOf(0)).toBe('udp');
  const frames = await collect(p.frames(), (fs) => fs.length >= 5);
  expect(frames.length).toBeGreaterThanOrEqual(5);
  await finish(p, group);
});

describe('other payload formats', () => {
  it('H.265: frames with key frames every 30 when the depacketizer exists, else RTP at 90 kHz', async () => {
    const d = await rtspDescribe(media.url('/h265'));
    expect(d.streams[0]!.encodingName.toUpperCase()).toBe('H265');
    await d.setup(0);
    if (d.streams[0]!.supported) {
      const p = await d.play();
      checkVideoCadence(await collect(p.frames(), (fs) => fs.length >= 61), 3000);
      p.close();
    } else {
      const p = await d.play({ mode: 'packets' });
      const pk = await collect(
        p.packets(),
        (xs) => xs.filter((x) => x.kind === 'rtp' && x.marker).length >= 10,
      );
      checkMarkerSpacing(pk, 3000);
      p.close();
    }
  });

  it.each([
    ['/mjpeg', 'JPEG', 90000, 3000],
    ['/g711', 'PCMA', 8000, 160],
    ['/opus', 'OPUS', 48000, 960],
  ] as const)('%s: %s at %d Hz', async (mount, encoding, clock, step) => {
    const d = await rtspDescribe(media.url(mount));
    expect(d.streams[0]!.encodingName.toUpperCase()).toBe(encoding);
    expect(d.streams[0]!.clockRate).toBe(clock);
    await d.setup(0);
    if (d.streams[0]!.supported) {
      const p = await d.play();
      const fs = await collect(p.frames(), (xs) => xs.length >= 20);
      expect(fs.length).toBe(20);
      expect(fs.every((f) => f.loss === 0 && f.clockRate === clock)).toBe(true);
      for (let i = 1; i < fs.length; i++) expect(fs[i]!.timestamp - fs[i - 1]!.timestamp).toBe(step);
      if (encoding === 'JPEG')
        expect(fs.every((f) => f.kind === 'video' && f.isRandomAccessPoint)).toBe(true);
      p.close();
    } else {
      const p = await d.play({ mode: 'packets' });
      const pk = await collect(p.packets(), (xs) => xs.filter((x) => x.kind === 'rtp').length >= 20);
      const rtp = pk.filter((x): x is Extract<PacketItem, { kind: 'rtp' }> => x.kind === 'rtp');
      expect(rtp.length).toBe(20);
      expect(rtp.every((x) => x.loss === 0)).toBe(true);
      if (encoding === 'JPEG') checkMarkerSpacing(pk, step);
      else for (let i = 1; i < rtp.length; i++) expect(rtp[i]!.timestamp - rtp[i - 1]!.timestamp).toBe(step);
      p.close();
    }
  });
});

function checkMarkerSpacing(items: PacketItem[], step: number) {
  const ts = items.flatMap((x) => (x.kind === 'rtp' && x.marker ? [x.timestamp] : []));
  expect(ts.length).toBeGreaterThanOrEqual(5);
  for (let i = 1; i < ts.length; i++) expect(ts[i]! - ts[i - 1]!).toBe(step);
}

describe('authentication', () => {
  it.each([
    ['digest', () => digest],
    ['basic', () => basic],
  ] as const)(
    '%s: good credentials in the URL play; bad or none fail with kind auth',
    async (name, server) => {
      const s = server();
      // Basic over plain RTSP only when the operator allows it (it sends the password in clear).
      const allow = { allowBasicAuth: name === 'basic' };
      const d = await rtspDescribe(s.url('/cam', user), allow);
      expect(d.url).not.toContain(user.password);
      await d.setup(0);
      const p = await d.play();
      expect((await collect(p.frames(), (fs) => fs.length >= 3)).length).toBe(3);
      p.close();

      const bad = await rtspDescribe(s.url('/cam'), {
        ...allow,
        credentials: { username: user.name, password: 'wrong' },
      }).catch((e) => e);
      expect(bad).toBeInstanceOf(RtspError);
      expect((bad as RtspError).kind).toBe('auth');
      expect((bad as RtspError).context.status).toBe(401);
      expect((bad as RtspError).message).not.toContain('wrong');

      const none = await rtspDescribe(s.url('/cam'), allow).catch((e) => e);
      expect((none as RtspError).kind).toBe('auth');
      expect((none as RtspError).description).toMatch(/requires credentials/);
    },
  );

  it('basic is not answered over plain RTSP unless allowed: a clear auth error, no password sent', async () => {
    const refused = await rtspDescribe(basic.url('/cam', user)).catch((e) => e);
    expect((refused as RtspError).kind).toBe('auth');
    expect((refused as RtspError).description).toMatch(/only Basic.*in clear/);
  });
});

it('a server killed mid-play ends the iteration with a network error, no hang', async () => {
  const s = await startRtspServer({ mounts: { '/cam': 'h264' } });
  try {
    const group = new SessionGroup();
    const d = await rtspDescribe(s.url('/cam'), { group });
    await d.setup(0);
    const p = await d.play();
    const it = p.frames();
    let got = 0;
    const t0 = Date.now();
    const err = await (async () => {
      try {
        for (;;) {
          const r = await it.next();
          if (r.done) return undefined;
          if (++got === 10) s.process.kill('SIGKILL');
          if (Date.now() - t0 > 10_000) return 'hang';
        }
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RtspError);
    expect((err as RtspError).kind).toBe('network');
    expect((err as RtspError).message).toMatch(/conn 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+/);
    expect(p.error).toBe(err);
    // TCP to a server without the live555 bug: a closed connection ends the session.
    await group.awaitTeardown();
    expect(group.staleSessions().count).toBe(0);
  } finally {
    await s.stop();
  }
});
