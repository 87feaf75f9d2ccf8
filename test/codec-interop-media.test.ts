// Cross-check of the MJPEG, AAC and Opus depacketizers against real peers: GStreamer's
// rtpjpegpay (rebuilt JPEGs must decode to the encoder's pixels with ffmpeg), rtpmp4gpay
// (ADTS output must equal ffmpeg's ADTS file byte for byte) and rtpopuspay (TOC-derived frame
// lengths must match the RTP timestamp steps).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepacketizer } from '../src/main/rtsp/codec/index';
import { media, parseRfc4571, run } from '../src/main/rtsp/codec/testing';
import type { AudioFrame, RtpPacket } from '../src/main/rtsp/codec/types';

let dir = '';
let aacConfig = '';

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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'camrelay-codec-media-'));
  // MJPEG: GStreamer's jpegenc (4:2:0) keeps the JPEG files and rtpjpegpay (in-band tables,
  // Q=255) packetizes the same frames.
  sh(`gst-launch-1.0 -q videotestsrc num-buffers=5 pattern=smpte !
      video/x-raw,format=I420,width=320,height=240,framerate=10/1 ! jpegenc quality=70 ! tee name=t !
      queue ! rtpjpegpay mtu=600 ! rtpstreampay ! filesink location=jpeg.rtp
      t. ! queue ! multifilesink location=jpeg-%d.jpg`);
  // AAC-LC: ffmpeg writes ADTS; GStreamer's rtpmp4gpay (AAC-hbr) fragments AUs at MTU 300.
  sh(`ffmpeg -hide_banner -loglevel error -y -f lavfi -i sine=frequency=440:sample_rate=48000:duration=1
      -ac 2 -c:a aac -b:a 128k aac.aac`);
  const verbose = sh(`gst-launch-1.0 -v filesrc location=aac.aac ! aacparse ! rtpmp4gpay mtu=300 !
      rtpstreampay ! filesink location=aac.rtp`);
  aacConfig = /config=\(string\)([0-9a-fA-F]+)/.exec(verbose)?.[1] ?? '';
  // Opus: 60 ms packets (code 3, three 20 ms CELT frames) from GStreamer's opusenc.
  sh(`gst-launch-1.0 -q audiotestsrc num-buffers=50 ! audio/x-raw,rate=48000,channels=2 !
      opusenc frame-size=60 ! rtpopuspay ! rtpstreampay ! filesink location=opus.rtp`);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('MJPEG against GStreamer and ffmpeg', () => {
  it("rebuilt JPEG frames decode to the same pixels as the encoder's files", () => {
    const res = createDepacketizer(media('JPEG', { payloadType: 26 }), 0);
    if (!res.ok) throw new Error(res.reason);
    const { frames, errors } = run(res.depacketizer, readRtpStream('jpeg.rtp'));
    expect(errors).toEqual([]);
    expect(frames).toHaveLength(5);
    expect(res.depacketizer.parameters).toMatchObject({ width: 320, height: 240 });
    const decode = (file: string) =>
      execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
        cwd: dir,
        timeout: 30_000,
        maxBuffer: 16 * 1024 * 1024,
      });
    frames.forEach((f, i) => {
      writeFileSync(join(dir, `ours-${i}.jpg`), f.data);
      const ours = decode(`ours-${i}.jpg`);
      expect(ours.length).toBe(320 * 240 * 3);
      expect(ours.equals(decode(`jpeg-${i}.jpg`))).toBe(true);
    });
  });
});

describe('AAC against ffmpeg + GStreamer', () => {
  it('ADTS output equals the ffmpeg ADTS file byte for byte (fragmented AUs included)', () => {
    expect(aacConfig).toBe('1190');
    const fmtp = {
      mode: 'AAC-hbr',
      config: aacConfig,
      sizelength: '13',
      indexlength: '3',
      indexdeltalength: '3',
    };
    const res = createDepacketizer(
      media('MPEG4-GENERIC', { media: 'audio', clockRate: 48_000, channels: 2, payloadType: 96, fmtp }),
      0,
      { aacFraming: 'adts' },
    );
    if (!res.ok) throw new Error(res.reason);
    const packets = readRtpStream('aac.rtp');
    expect(packets.some((p) => !p.marker)).toBe(true); // some AUs were fragmented
    const { frames, errors } = run(res.depacketizer, packets);
    expect(errors).toEqual([]);
    expect(frames.length).toBeGreaterThan(40);
    expect(Buffer.concat(frames.map((f) => f.data)).equals(readFileSync(join(dir, 'aac.aac')))).toBe(true);
    expect(res.depacketizer.parameters).toMatchObject({
      sampleRate: 48_000,
      channels: 2,
      rfc6381Codec: 'mp4a.40.2',
    });
  });
});

describe('Opus against GStreamer', () => {
  it('frame lengths from the TOC match the RTP timestamp steps', () => {
    const fmtp = { 'sprop-stereo': '1' };
    const res = createDepacketizer(
      media('OPUS', { media: 'audio', clockRate: 48_000, channels: 2, fmtp }),
      0,
    );
    if (!res.ok) throw new Error(res.reason);
    const { frames, errors } = run(res.depacketizer, readRtpStream('opus.rtp'));
    expect(errors).toEqual([]);
    expect(frames.length).toBeGreaterThan(10);
    for (let i = 1; i + 1 < frames.length; i++) {
      const f = frames[i] as AudioFrame;
      expect(f.frameLength).toBe(frames[i + 1]!.timestamp - f.timestamp);
    }
    expect((frames[1] as AudioFrame).frameLength).toBe(2880);
  });
});
