// Cross-check of the H.264 / H.265 depacketizers against real peers: ffmpeg encodes a short
// clip, GStreamer packetizes it into RTP (rtph264pay / rtph265pay, RFC 4571 framing via
// rtpstreampay), we depacketize with Annex B output, and every access unit must equal what
// `ffmpeg -c copy -f h264|hevc` writes, after normalising framing (start codes, AUDs,
// parameter-set repetition). Parameters are checked against ffprobe on the same file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepacketizer } from '../src/main/rtsp/codec/index';
import { media, parseRfc4571, run, splitAnnexB } from '../src/main/rtsp/codec/testing';
import type { RtpPacket, VideoFrame, VideoParameters } from '../src/main/rtsp/codec/types';

let dir = '';

/** Runs a command line (arguments have no spaces). Synchronous with a timeout: the child is
 * killed on timeout, so nothing outlives the test. */
function sh(line: string): string {
  const [cmd, ...args] = line.trim().split(/\s+/);
  return execFileSync(cmd!, args, {
    cwd: dir,
    timeout: 60_000,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function readRtpStream(file: string): RtpPacket[] {
  return parseRfc4571(readFileSync(join(dir, file)));
}

/** Splits an Annex B stream with AUDs into access units of NAL units. */
function accessUnits(annexB: Buffer, audType: number, typeOf: (b0: number) => number): Buffer[][] {
  const aus: Buffer[][] = [];
  for (const nal of splitAnnexB(annexB)) {
    if (typeOf(nal[0]!) === audType || aus.length === 0) aus.push([]);
    aus[aus.length - 1]!.push(nal);
  }
  return aus;
}

function normalise(nals: Buffer[], drop: readonly number[], typeOf: (b0: number) => number): string[] {
  return nals.filter((n) => !drop.includes(typeOf(n[0]!))).map((n) => n.toString('hex'));
}

interface Probe {
  width: number;
  height: number;
  profile: string;
  level: number;
  r_frame_rate: string;
  sample_aspect_ratio?: string;
}

function probe(file: string): Probe {
  return JSON.parse(sh(`ffprobe -v error -show_streams -of json ${file}`)).streams[0];
}

function depacketize(encodingName: string, rtpFile: string, fmtp: Record<string, string> = {}) {
  const res = createDepacketizer(media(encodingName, { fmtp }), 0, { nalFraming: 'annex-b' });
  if (!res.ok) throw new Error(res.reason);
  const r = run(res.depacketizer, readRtpStream(rtpFile));
  return { ...r, parameters: res.depacketizer.parameters as VideoParameters };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'camrelay-codec-h26x-'));
  const ffmpeg = 'ffmpeg -hide_banner -loglevel error -y';
  const testsrc = `${ffmpeg} -f lavfi -i testsrc2=size=640x360:rate=30`;
  // H.264 High with B-frames, JVT scaling matrices in the SPS, frame cropping (360 = 23 MBs
  // minus 8 rows) and a 4:3 sample aspect ratio in the VUI.
  sh(`${testsrc} -vf setsar=4/3 -c:v libx264 -g 30 -x264-params cqm=jvt -frames:v 60 h264.mp4`);
  // The reference: `-c copy -f h264`, then AUDs added (a second pass) to mark access units.
  sh(`${ffmpeg} -i h264.mp4 -c copy -f h264 h264-copy.h264`);
  sh(`${ffmpeg} -i h264-copy.h264 -c copy -bsf:v h264_metadata=aud=insert -f h264 h264-ref.h264`);
  for (const [out, mode] of [
    ['h264.rtp', 'none'],
    ['h264-stap.rtp', 'zero-latency'],
  ]) {
    sh(`gst-launch-1.0 -q filesrc location=h264.mp4 ! qtdemux ! h264parse !
        rtph264pay mtu=1200 config-interval=-1 pt=96 aggregate-mode=${mode} !
        rtpstreampay ! filesink location=${out}`);
  }
  // H.265 Main, 30 frames, key frame every 15.
  sh(`${testsrc} -c:v libx265 -x265-params keyint=15:log-level=error -frames:v 30 -tag:v hvc1 h265.mp4`);
  sh(`${ffmpeg} -i h265.mp4 -c copy -f hevc h265-copy.h265`);
  sh(`${ffmpeg} -i h265-copy.h265 -c copy -bsf:v hevc_metadata=aud=insert -f hevc h265-ref.h265`);
  sh(`gst-launch-1.0 -q filesrc location=h265.mp4 ! qtdemux ! h265parse !
      rtph265pay mtu=1200 config-interval=-1 pt=96 ! rtpstreampay ! filesink location=h265.rtp`);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const h264Type = (b0: number) => b0 & 0x1f;
const h265Type = (b0: number) => (b0 >> 1) & 0x3f;

describe('H.264 against ffmpeg + GStreamer', () => {
  for (const file of ['h264.rtp', 'h264-stap.rtp']) {
    it(`access units from ${file} equal ffmpeg's byte for byte`, () => {
      const { frames, errors, parameters } = depacketize('H264', file, { 'packetization-mode': '1' });
      expect(errors).toEqual([]);
      const ref = accessUnits(readFileSync(join(dir, 'h264-ref.h264')), 9, h264Type);
      expect(ref).toHaveLength(60);
      expect(frames).toHaveLength(60);
      const drop = [7, 8, 9];
      frames.forEach((f, i) => {
        const ours = normalise(splitAnnexB(f.data), drop, h264Type);
        expect(ours).toEqual(normalise(ref[i]!, drop, h264Type));
        const idr = ref[i]!.some((n) => h264Type(n[0]!) === 5);
        expect((f as VideoFrame).isRandomAccessPoint).toBe(idr);
        expect(f.loss).toBe(0);
      });
      expect(frames.filter((f) => (f as VideoFrame).isRandomAccessPoint)).toHaveLength(2);
      expect(frames.some((f) => (f as VideoFrame).isDisposable)).toBe(true);
      // Parameter sets equal the reference's.
      const sps = ref[0]!.find((n) => h264Type(n[0]!) === 7)!;
      expect(parameters.extraData.subarray(8, 8 + sps.length)).toEqual(sps);
      expect(parameters.rfc6381Codec).toBe(`avc1.${sps.subarray(1, 4).toString('hex').toUpperCase()}`);
    });
  }

  it('SPS-derived parameters match ffprobe', () => {
    const { parameters } = depacketize('H264', 'h264.rtp');
    const p = probe('h264.mp4');
    expect(parameters.width).toBe(p.width);
    expect(parameters.height).toBe(p.height);
    expect(parameters.profile).toBe(p.profile);
    expect(parameters.level).toBe(String(p.level / 10));
    expect(`${parameters.frameRate}/1`).toBe(p.r_frame_rate);
    expect(parameters.pixelAspectRatio?.join(':')).toBe(p.sample_aspect_ratio);
  });
});

describe('H.265 against ffmpeg + GStreamer', () => {
  it('access units equal ffmpeg byte for byte', () => {
    const { frames, errors, parameters } = depacketize('H265', 'h265.rtp');
    expect(errors).toEqual([]);
    const ref = accessUnits(readFileSync(join(dir, 'h265-ref.h265')), 35, h265Type);
    expect(ref).toHaveLength(30);
    expect(frames).toHaveLength(30);
    // GStreamer's h265parse drops x265's prefix SEI (39, the encoder settings text): not ours.
    const drop = [32, 33, 34, 35, 39];
    frames.forEach((f, i) => {
      expect(normalise(splitAnnexB(f.data), drop, h265Type)).toEqual(normalise(ref[i]!, drop, h265Type));
      const irap = ref[i]!.some((n) => h265Type(n[0]!) >= 16 && h265Type(n[0]!) <= 23);
      expect((f as VideoFrame).isRandomAccessPoint).toBe(irap);
    });
    expect(parameters.codec).toBe('h265');
  });

  it('VPS/SPS-derived parameters match ffprobe', () => {
    const { parameters } = depacketize('H265', 'h265.rtp');
    const p = probe('h265.mp4');
    expect(parameters.width).toBe(p.width);
    expect(parameters.height).toBe(p.height);
    expect(parameters.profile).toBe(p.profile);
    expect(parameters.level).toBe(String(p.level / 30));
    expect(`${parameters.frameRate}/1`).toBe(p.r_frame_rate);
    expect(parameters.rfc6381Codec).toMatch(/^hvc1\.1\.6\.L\d+(\.[0-9A-F]{2})+$/);
  });
});
