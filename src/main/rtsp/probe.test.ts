// `camrelay probe` end to end against the GStreamer RTSP server: one process, several URLs
// (one repeated, one failing), JSON output, exit status.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningRtspServer, startRtspServer } from '../../../test/peers/rtsp-server';
import { main } from '../cli';
import type { ProbeResult } from './probe';

let srv: RunningRtspServer;
beforeAll(async () => {
  srv = await startRtspServer({ mounts: { '/cam': 'h264-aac', '/g711': 'g711' }, fps: 30, keyInt: 30 });
});
afterAll(async () => {
  await srv?.stop();
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('camrelay probe', () => {
  it('--json: one object per URL given, repeated URL included; a failed URL makes the exit status 1', async () => {
    const cam = srv.url('/cam');
    const { code, out } = await run([
      'probe',
      cam,
      cam,
      srv.url('/g711'),
      srv.url('/missing'),
      '--frames',
      '31',
      '--json',
    ]);
    expect(code).toBe(1);
    const results = JSON.parse(out) as ProbeResult[];
    expect(results.map((r) => r.url)).toEqual([cam, cam, srv.url('/g711'), srv.url('/missing')]);
    for (const r of results.slice(0, 2)) {
      expect(r.error).toBeUndefined();
      expect(r.tool).toBe('GStreamer');
      expect(r.firstFrameMs).toBeGreaterThan(0);
      expect(r.firstFrameMs).toBeLessThan(10_000);
      const [v, a] = r.streams;
      expect(v).toMatchObject({
        media: 'video',
        encoding: 'H264',
        width: 320,
        height: 240,
        clockRate: 90000,
        lostPackets: 0,
      });
      expect(v!.codec).toMatch(/^avc1\.[0-9A-F]{6}$/i);
      expect(v!.frames).toBe(31);
      expect(v!.keyFrames).toBe(2); // frames 0 and 30
      expect(v!.fps).toBeCloseTo(30, 0);
      expect(v!.bytes).toBeGreaterThan(1000);
      expect(a).toMatchObject({ media: 'audio', encoding: 'MPEG4-GENERIC', clockRate: 48000, channels: 2 });
    }
    expect(results[2]!.streams[0]).toMatchObject({
      media: 'audio',
      encoding: 'PCMA',
      clockRate: 8000,
      channels: 1,
    });
    expect(results[3]!.error).toMatchObject({ kind: 'not-found' });
    expect(results[3]!.streams).toEqual([]);
  });

  it('text output and usage errors', async () => {
    const ok = await run(['probe', srv.url('/g711'), '--duration', '0.5']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('tool: GStreamer');
    expect(ok.out).toMatch(/stream 0: audio PCMA .*8000 Hz/);
    const bad = await run(['probe', '--transport', 'carrier-pigeon', srv.url('/g711')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--transport must be/);
    expect((await run(['probe'])).code).toBe(2);
  });
});
