// What real servers nobody here wrote taught us (issue 15), each behaviour reproduced by a
// scripted server: RTSP::Server (no TEARDOWN answer over UDP, no RTP-Info), VLC (RTCP BYE),
// live555 (MPEG-TS only, RTP/SAVP), GStreamer (shared-media join in flight, multicast-only).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli';
import { spawnCli } from '../cli/testing/spawn-cli';
import type { RtspError } from './error';
import type { PacketItem } from './media-stream';
import { type ProbeResult, probe } from './probe';
import { describe as rtspDescribe } from './session';
import { byePacket, rtpPacket } from './testing/packets';
import { type CameraScript, camera, H264_SDP, ScriptedServer } from './testing/scripted-server';
import { type UdpCamera, udpCamera } from './testing/udp-camera';

const here = dirname(fileURLToPath(import.meta.url));

let srv: ScriptedServer | undefined;
let udp: UdpCamera | undefined;
afterEach(async () => {
  await srv?.stop();
  await udp?.stop();
  srv = undefined;
  udp = undefined;
});

const il = (ch: number, b: Buffer) =>
  Buffer.concat([Buffer.from([0x24, ch, b.length >> 8, b.length & 0xff]), b]);

const AUDIO_PCMU = `m=audio 0 RTP/AVP 0\r
a=rtpmap:0 PCMU/8000\r
a=control:trackID=2\r
`;

async function take(it: AsyncIterator<PacketItem>, n: number): Promise<PacketItem[]> {
  const out: PacketItem[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

/** RTSP::Server over UDP: plays, then never answers TEARDOWN (on any connection). */
async function silentTeardownServer(): Promise<ScriptedServer> {
  udp = await udpCamera({
    session: 'abcdef;timeout=4',
    override: (req) => (req.method === 'TEARDOWN' ? 'ignore' : undefined),
  });
  return ScriptedServer.start(udp.handler);
}

describe('15.1 a server that never answers TEARDOWN on a UDP session', () => {
  it('probe() reports what it saw on time, with a warning, and leaves the TEARDOWN to the background', async () => {
    srv = await silentTeardownServer();
    const r = await probe(srv.url(), { transport: 'udp', durationMs: 300, teardownWaitMs: 200 });
    expect(r.error).toBeUndefined();
    expect(r.streams[0]).toMatchObject({ media: 'video', setUp: true });
    expect(r.streams[0]!.frames).toBeGreaterThan(0);
    expect(r.warnings.join('\n')).toMatch(/TEARDOWN not answered within 200 ms/);
    expect(srv.methods()).toContain('TEARDOWN');
  });

  it('the CLI process prints its JSON and exits 0 (never 13, never waiting for the session to expire)', async () => {
    srv = await silentTeardownServer();
    const run = await spawnCli(['probe', srv.url(), '--transport', 'udp', '--duration', '0.3', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [result] = JSON.parse(run.stdout) as ProbeResult[];
    expect(result!.streams[0]!.frames).toBeGreaterThan(0);
    expect(result!.warnings.join('\n')).toMatch(/TEARDOWN not answered/);
  });

  it('the CLI exits 1 with its JSON when the URL fails, and 2 on bad usage', async () => {
    srv = await ScriptedServer.start(camera({ override: () => ({ status: 404, reason: 'Not Found' }) }));
    const failed = await spawnCli(['probe', srv.url(), '--json']);
    expect(failed.code).toBe(1);
    expect((JSON.parse(failed.stdout) as ProbeResult[])[0]!.error?.kind).toBe('not-found');
    const usage = await spawnCli(['probe', srv.url(), '--tls-fingerprint', 'nope']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--tls-fingerprint must be a SHA-256 fingerprint/);
  });
});

describe('15.2 two streams and a PLAY response without RTP-Info (RTSP::Server)', () => {
  const script: CameraScript = {
    sdp: H264_SDP(AUDIO_PCMU),
    playAfter: [il(0, rtpPacket(1, 0)), il(2, rtpPacket(1, 0, { pt: 0 }))],
  };

  it('the strict default refuses; permissive plays with a warning', async () => {
    srv = await ScriptedServer.start(camera(script));
    const strict = await rtspDescribe(srv.url());
    for (const s of strict.streams) await strict.setup(s.index);
    const err = await strict.play({ mode: 'packets' }).catch((e) => e);
    expect((err as RtspError).description).toMatch(/RTP-Info has no rtptime for stream 0/);

    const d = await rtspDescribe(srv.url());
    for (const s of d.streams) await d.setup(s.index);
    const p = await d.play({ mode: 'packets', initialTimestamp: 'permissive' });
    expect(p.warnings.map((w) => w.code)).toEqual(['rtp-info-without-rtptime']);
    const got = await take(p.packets(), 2);
    expect(got.map((x) => x.streamIndex).sort()).toEqual([0, 1]);
    p.close();
  });

  it('probe plays it by default, with the warning in its result', async () => {
    srv = await ScriptedServer.start(camera(script));
    const r = await probe(srv.url(), { durationMs: 200 });
    expect(r.error).toBeUndefined();
    expect(r.warnings.join('\n')).toMatch(/no rtptime/);
  });
});

describe('15.3 RTCP BYE (VLC at the end of each loop)', () => {
  it('a BYE on one stream of two is not the end; a BYE on every stream ends the session with kind ended', async () => {
    srv = await ScriptedServer.start(
      camera({
        sdp: H264_SDP(AUDIO_PCMU),
        transport: (req, n) => `${req};ssrc=${(0x100 + n).toString(16)}`,
        rtpInfo: 'url=trackID=1;seq=1;rtptime=0,url=trackID=2;seq=1;rtptime=0',
        playAfter: [il(0, rtpPacket(1, 0, { ssrc: 0x100 })), il(1, byePacket(0x100))],
      }),
    );
    const d = await rtspDescribe(srv.url(), { receiverReportIntervalMs: 0 });
    for (const s of d.streams) await d.setup(s.index);
    const p = await d.play({ mode: 'packets' });
    const it = p.packets();
    expect((await take(it, 2)).map((x) => [x.streamIndex, x.kind])).toEqual([
      [0, 'rtp'],
      [0, 'rtcp'],
    ]);
    const conn = srv.conns[0]!;
    conn.interleaved(2, rtpPacket(1, 0, { pt: 0, ssrc: 0x101 }));
    expect((await take(it, 1))[0]).toMatchObject({ streamIndex: 1, kind: 'rtp' });
    expect(p.error).toBeUndefined();
    conn.interleaved(3, byePacket(0x101));
    const end = await take(it, 5).catch((e) => e);
    expect((end as RtspError).kind).toBe('ended');
    expect((end as RtspError).description).toMatch(/RTCP BYE on every stream/);
  });

  it("VLC's BYE, sent with SSRC 0 (not its RTP SSRC) after an SR and SDES, still ends the session", async () => {
    // The compound VLC 3.0 sends at the end of each loop, as captured: SR, SDES, BYE, all SSRC 0.
    const vlc = Buffer.from(
      '80c8000600000000eeba3df6a7bad4f900000000000000000000000081ca00070000000001093132372e302e302e31060a766c6320332e302e32340081cb000100000000',
      'hex',
    );
    srv = await ScriptedServer.start(
      camera({
        transport: (req) => `${req};ssrc=9A0667A8`,
        playAfter: [il(0, rtpPacket(1, 0, { ssrc: 0x9a0667a8 })), il(1, vlc)],
      }),
    );
    const d = await rtspDescribe(srv.url(), { receiverReportIntervalMs: 0 });
    await d.setup(0);
    const p = await d.play({ mode: 'packets' });
    const end = await take(p.packets(), 5).catch((e) => e);
    expect((end as RtspError).kind).toBe('ended');
  });
});

describe('15.4 / 15.5 nothing decodable, SRTP', () => {
  const LIVE555_TS = `v=0\r
s=MPEG Transport Stream, streamed by the LIVE555 Media Server\r
a=tool:LIVE555 Streaming Media v2023.01.19\r
a=control:*\r
m=video 0 RTP/AVP 33\r
a=control:track1\r
m=audio 0 RTP/AVP 14\r
a=control:track2\r
`;

  it('probe fails at once, naming the offered encodings, and sends no SETUP', async () => {
    srv = await ScriptedServer.start(camera({ sdp: LIVE555_TS }));
    const r = await probe(srv.url(), { durationMs: 60_000, firstFrameTimeoutMs: 60_000 });
    expect(r.error?.kind).toBe('unsupported');
    expect(r.error?.message).toMatch(/no stream on this URL can be decoded; offered: video MP2T .*audio MPA/);
    expect(srv.methods()).not.toContain('SETUP');
  });

  it('a session with only undecodable streams set up refuses to play frames, at once', async () => {
    srv = await ScriptedServer.start(camera({ sdp: LIVE555_TS }));
    const d = await rtspDescribe(srv.url());
    await d.setup(0);
    const err = await d.play().catch((e) => e);
    expect((err as RtspError).kind).toBe('unsupported');
    expect(srv.methods()).not.toContain('PLAY');
  });

  it('RTP/SAVP (live555 RTSPS+SRTP, MIKEY) is marked unsupported up front: "SRTP is not supported"', async () => {
    const sdp = H264_SDP()
      .replace('RTP/AVP 96', 'RTP/SAVP 96')
      .replace('a=control:trackID=1', 'a=key-mgmt:mikey AQAFgM0XflABAAAA\r\na=control:trackID=1');
    srv = await ScriptedServer.start(camera({ sdp }));
    const d = await rtspDescribe(srv.url());
    expect(d.streams[0]!.supported).toBe(false);
    expect(d.streams[0]!.unsupportedReason).toBe('SRTP is not supported (RTP/SAVP)');
    d.close();
    const r = await probe(srv.url());
    expect(r.error?.message).toMatch(/SRTP is not supported/);
    expect(srv.methods()).not.toContain('SETUP');
  });
});

describe('15.6 joining shared media; timestamps that jump back', () => {
  async function joined(rtpInfo: string, packets: Buffer[]) {
    srv = await ScriptedServer.start(camera({ rtpInfo, playAfter: packets.map((b) => il(0, b)) }));
    const d = await rtspDescribe(srv.url(), { receiverReportIntervalMs: 0 });
    await d.setup(0);
    const p = await d.play({ mode: 'packets', initialSequence: 'respect' });
    return { p, got: await take(p.packets(), packets.length) };
  }

  it('RTP-Info names the packet in flight; the first packet received 13 later is no loss', async () => {
    const { p, got } = await joined(
      'url=trackID=1;seq=100;rtptime=0',
      [113, 114, 115].map((s) => rtpPacket(s, 0)),
    );
    expect(got.map((x) => (x.kind === 'rtp' ? [x.sequence, x.loss] : []))).toEqual([
      [113, 0],
      [114, 0],
      [115, 0],
    ]);
    expect(p.stats()[0]!.lost).toBe(0);
    p.close();
  });

  it('in-band SPS/PPS just before RTP-Info seq are delivered, not dropped as late', async () => {
    const { p, got } = await joined(
      'url=trackID=1;seq=100;rtptime=0',
      [98, 99, 100].map((s) => rtpPacket(s, 0)),
    );
    expect(got.map((x) => (x.kind === 'rtp' ? x.sequence : -1))).toEqual([98, 99, 100]);
    expect(p.stats()[0]).toMatchObject({ lost: 0, dropped: 0 });
    p.close();
  });

  it('a first packet far beyond RTP-Info seq still counts the gap (policy respect)', async () => {
    const { p, got } = await joined('url=trackID=1;seq=100;rtptime=0', [rtpPacket(2100, 0)]);
    expect(got[0]).toMatchObject({ sequence: 2100, loss: 2000 });
    p.close();
  });

  it('counts RTP timestamps that jump back (a restarted sender), not B-frame-sized steps', async () => {
    const { p } = await joined('url=trackID=1;seq=1;rtptime=0', [
      rtpPacket(1, 900_000),
      rtpPacket(2, 897_000), // 1/30 s back: B-frame order
      rtpPacket(3, 3000), // 10 s back
    ]);
    expect(p.stats()[0]!.timestampJumpsBack).toBe(1);
    p.close();
  });
});

describe('15.7 multicast-only servers; the CLI and self-signed RTSPS', () => {
  it('461 from a server whose SDP gives a multicast address says it offers only multicast', async () => {
    srv = await ScriptedServer.start(
      camera({
        sdp: H264_SDP().replace(
          'm=video 0 RTP/AVP 96\r\n',
          'm=video 5000 RTP/AVP 96\r\nc=IN IP4 224.2.0.1/16\r\n',
        ),
        override: (req) =>
          req.method === 'SETUP' ? { status: 461, reason: 'Unsupported transport' } : undefined,
      }),
    );
    const d = await rtspDescribe(srv.url());
    const err = await d.setup(0, { transport: 'auto' }).catch((e) => e);
    expect((err as RtspError).kind).toBe('unsupported');
    expect((err as RtspError).description).toMatch(/only over multicast/);
    d.close();
  });

  it('probe --tls-fingerprint reaches a self-signed camera; --tls-ca reads a PEM file', async () => {
    const key = readFileSync(join(here, 'testing/tls-key.pem'), 'utf8');
    const certFile = join(here, 'testing/tls-cert.pem');
    const cert = readFileSync(certFile, 'utf8');
    srv = await ScriptedServer.start(
      camera({ playAfter: [il(0, rtpPacket(1, 0, { marker: true, payload: Buffer.from([0x65, 1, 2]) }))] }),
      {
        tls: { key, cert },
      },
    );
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => out.push(String(s)) > 0) as typeof process.stdout.write;
    let pinned: number;
    let byCa: number;
    let refused: number;
    try {
      const fp = new X509Certificate(cert).fingerprint256;
      pinned = await main(['probe', srv.url(), '--tls-fingerprint', fp, '--frames', '1', '--json']);
      byCa = await main(['probe', srv.url(), '--tls-ca', certFile, '--frames', '1', '--json']);
      refused = await main(['probe', srv.url(), '--frames', '1', '--json']);
    } finally {
      process.stdout.write = write;
    }
    const results = out.map((s) => (JSON.parse(s) as ProbeResult[])[0]!);
    expect([pinned, byCa, refused]).toEqual([0, 0, 1]);
    expect(results[0]!.streams[0]!.frames).toBe(1);
    expect(results[2]!.error?.kind).toBe('tls');
  });
});
