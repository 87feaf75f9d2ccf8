// RTSPS restream: given a certificate and key, the restream server listens with TLS. ffmpeg
// (rtsps://, which does not verify certificates by default), GStreamer rtspsrc (validation
// off) and camrelay's own client (pinning the certificate's SHA-256) read a GStreamer camera
// through it over TCP interleaved; a UDP SETUP is answered 461; a plain-RTSP client gets
// nothing and the listener carries on.
import { X509Certificate } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameFanOut, RestreamServer } from '../src/main/restream/index';
import { type PlayingSession, describe as rtspDescribe } from '../src/main/rtsp/index';
import { decodedFrames, feed, ffmpegArgs, rtspAsk, run, until } from './helpers/restream';
import { type RunningRtspServer, startRtspServer } from './peers/rtsp-server';

let camera: RunningRtspServer;
let playing: PlayingSession;
let server: RestreamServer;
let fingerprint: string;
const fanOut = new FrameFanOut();

beforeAll(async () => {
  const now = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'camrelay restream test' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  fingerprint = new X509Certificate(pems.cert).fingerprint256;
  camera = await startRtspServer({ mounts: { '/cam': 'h264' }, fps: 30, keyInt: 30 });
  playing = await feed(camera.url('/cam'), fanOut);
  server = new RestreamServer({ port: 0, tls: { cert: pems.cert, key: pems.private } });
  server.setPath('cam', fanOut);
  await server.listen();
  await until(() => fanOut.tracks !== undefined, 10_000, 'first frames');
}, 40_000);

afterAll(async () => {
  playing?.close();
  await server?.close();
  await camera?.stop();
});

const url = () => `rtsps://127.0.0.1:${server.port}/cam`;

describe('RTSPS restream', () => {
  it('is TLS only: no UDP sockets', () => {
    expect(server.secure).toBe(true);
    expect(server.udpPorts).toBeUndefined();
  });

  it('ffmpeg reads rtsps:// over TCP and decodes 30 frames', async () => {
    const r = await run('ffmpeg', ffmpegArgs(url(), 'tcp', 30));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(decodedFrames(r.stdout)).toBe(30);
  }, 30_000);

  it('GStreamer rtspsrc (tls-validation-flags=0) decodes 30 frames', async () => {
    const r = await run('gst-launch-1.0', [
      ...['-q', 'rtspsrc', `location=${url()}`, 'tls-validation-flags=0', 'protocols=tcp', 'latency=0'],
      ...['!', 'rtph264depay', '!', 'h264parse', '!', 'avdec_h264', '!', 'fakesink', 'num-buffers=30'],
    ]);
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.code).toBe(0);
  }, 30_000);

  it("camrelay's client pinning the certificate plays it; Content-Base is rtsps://", async () => {
    const d = await rtspDescribe(url(), {
      tls: { fingerprint256: fingerprint.toLowerCase().replace(/:/g, '') },
    });
    expect(d.streams[0]?.encodingName.toUpperCase()).toBe('H264');
    await d.setup(0, { transport: 'tcp' });
    const p = await d.play();
    let frames = 0;
    for await (const f of p.frames()) {
      if (f.kind === 'video' && ++frames >= 30) break;
    }
    p.close();
    expect(frames).toBe(30);
  }, 30_000);

  it('a UDP SETUP is 461; the same session may still ask for TCP', async () => {
    const s = tlsConnect({ host: '127.0.0.1', port: server.port, rejectUnauthorized: false });
    s.on('error', () => {});
    await new Promise((r) => s.once('secureConnect', r));
    const describeAnswer = await rtspAsk(s, [`DESCRIBE ${url()} RTSP/1.0`, 'CSeq: 1']);
    expect(describeAnswer).toMatch(/^RTSP\/1.0 200 OK/);
    expect(describeAnswer).toMatch(/Content-Base: rtsps:\/\/127\.0\.0\.1:\d+\/cam\//);
    const udp = await rtspAsk(s, [
      `SETUP ${url()}/trackID=0 RTSP/1.0`,
      'CSeq: 2',
      'Transport: RTP/AVP;unicast;client_port=40000-40001',
    ]);
    expect(udp).toMatch(/^RTSP\/1.0 461 /);
    const tcp = await rtspAsk(s, [
      `SETUP ${url()}/trackID=0 RTSP/1.0`,
      'CSeq: 3',
      'Transport: RTP/AVP;unicast;client_port=40000-40001,RTP/AVP/TCP;unicast;interleaved=0-1',
    ]);
    expect(tcp).toMatch(/^RTSP\/1.0 200 OK[\s\S]*Transport: RTP\/AVP\/TCP;unicast;interleaved=0-1/);
    s.destroy();
  });

  it('a plain RTSP client gets no RTSP answer, and the listener carries on', async () => {
    const s = tcpConnect(server.port, '127.0.0.1');
    s.on('error', () => {});
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      s.on('data', (d: Buffer) => {
        text += d.toString('latin1');
      });
      s.once('close', () => resolve(text));
      s.write('OPTIONS rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n');
    });
    expect(answer).not.toMatch(/RTSP\/1.0/);
    const r = await run('ffmpeg', ffmpegArgs(url(), 'tcp', 5));
    expect(r.code).toBe(0);
  }, 30_000);
});
