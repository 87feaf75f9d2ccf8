// Camera quirks seen in the field (shared/reference/rtsp-client.md), each a named behaviour
// tested against a scripted server. Codec-level quirks live with the depacketizers.
import { afterEach, describe, expect, it } from 'vitest';
import type { RtspError } from './error';
import type { PacketItem } from './media-stream';
import type { PlayOptions, SessionOptions } from './options';
import { ntpToUnixMs } from './rtcp';
import { describe as rtspDescribe } from './session';
import { FakeClock } from './testing/fake-clock';
import { rtpPacket, senderReport } from './testing/packets';
import { type CameraScript, camera, H264_SDP, ScriptedServer } from './testing/scripted-server';

let srv: ScriptedServer | undefined;
afterEach(async () => {
  await srv?.stop();
  srv = undefined;
});

const il = (ch: number, b: Buffer) =>
  Buffer.concat([Buffer.from([0x24, ch, b.length >> 8, b.length & 0xff]), b]);

async function play(script: CameraScript, opts: { session?: SessionOptions; play?: PlayOptions } = {}) {
  srv = await ScriptedServer.start(camera(script));
  const clock = new FakeClock();
  const d = await rtspDescribe(srv.url(), { clock, receiverReportIntervalMs: 0, ...opts.session });
  for (const s of d.streams) if (s.description) await d.setup(s.index);
  const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9, ...opts.play });
  return { d, p, clock, srv };
}

async function take(it: AsyncIterator<PacketItem>, n: number): Promise<PacketItem[]> {
  const out: PacketItem[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('camera quirks', () => {
  it('reolink-ssrc-in-rtp-info: SSRC only in RTP-Info is enforced', async () => {
    const { p } = await play({
      rtpInfo: 'url=rtsp://127.0.0.1/cam/trackID=1;seq=10;rtptime=5000;ssrc=0000ABCD',
      playAfter: [il(0, rtpPacket(10, 5000, { ssrc: 0xabcd })), il(0, rtpPacket(11, 5000, { ssrc: 0x9999 }))],
    });
    const it = p.packets();
    expect((await it.next()).value).toMatchObject({ kind: 'rtp', ssrc: 0xabcd, loss: 0 });
    const err = await it.next().catch((e) => e);
    expect((err as RtspError).kind).toBe('protocol');
    expect((err as RtspError).message).toMatch(/expected 0000abcd.*ssrc 00009999, seq 11/);
  });

  it('reolink-rtcp-before-play-response: an SR sent before the PLAY response is kept and delivered', async () => {
    const { p } = await play({
      playBefore: [il(1, senderReport(0xabcd, [3900000000, 0], 1000))],
      playAfter: [il(0, rtpPacket(1, 1000, { ssrc: 0xabcd }))],
    });
    const items = await take(p.packets(), 2);
    expect(items.map((i) => i.kind)).toEqual(['rtcp', 'rtp']);
    expect(items[0]).toMatchObject({ senderReport: { ssrc: 0xabcd, rtpTimestamp: 1000 } });
    expect(p.stats()[0]).toMatchObject({ rtcpPackets: 1, packets: 1 });
    // Sender Report -> wall clock: RTP 1000 was NTP 3900000000 s; one second later is +1000 ms.
    expect(p.wallClock(0, 1000 + 90000)).toBe(ntpToUnixMs(3900000000, 0) + 1000);
  });

  it('rtp-before-play-response (v4l2rtspserver): RTP sent before the PLAY response is delivered in order', async () => {
    const { p } = await play({
      playBefore: [il(0, rtpPacket(1, 0)), il(0, rtpPacket(2, 0))],
      playAfter: [il(0, rtpPacket(3, 0))],
    });
    const items = await take(p.packets(), 3);
    expect(items.map((i) => (i.kind === 'rtp' ? i.sequence : -1))).toEqual([1, 2, 3]);
    expect(p.stats()[0]!.lost).toBe(0);
  });

  it.each([
    ['tapo-seq-1', 1],
    ['hikvision-seq-0', 0],
  ])(
    '%s: a suspicious RTP-Info seq is ignored by default, counted as loss with initialSequence respect',
    async (_n, seq) => {
      const script = {
        rtpInfo: `url=rtsp://x/cam/trackID=1;seq=${seq}`,
        playAfter: [il(0, rtpPacket(20000, 0))],
      };
      const a = await play(script);
      await take(a.p.packets(), 1);
      expect(a.p.stats()[0]!.lost).toBe(0);
      a.p.close();
      await srv!.stop();
      const b = await play(script, { play: { initialSequence: 'respect' } });
      const [first] = await take(b.p.packets(), 1);
      expect(first).toMatchObject({ loss: 20000 - seq });
      expect(b.p.stats()[0]!.lost).toBe(20000 - seq);
    },
  );

  it('tapo-rtcp-unknown-ssrc: an SR with an unknown SSRC is dropped by default, fatal with policy abort', async () => {
    const script = {
      playAfter: [
        il(0, rtpPacket(1, 0, { ssrc: 5 })),
        il(1, senderReport(77, [0, 0], 0)),
        il(0, rtpPacket(2, 0, { ssrc: 5 })),
      ],
    };
    const a = await play(script);
    const items = await take(a.p.packets(), 2);
    expect(items.map((i) => i.kind)).toEqual(['rtp', 'rtp']);
    expect(a.p.stats()[0]!.dropped).toBe(1);
    a.p.close();
    await srv!.stop();
    const b = await play(script, { play: { unknownRtcpSsrc: 'abort' } });
    const it = b.p.packets();
    await it.next();
    const err = await it.next().catch((e) => e);
    expect((err as RtspError).kind).toBe('protocol');
    expect((err as RtspError).context.ssrc).toBe(77);
  });

  it('tapo-payload-type-word: that media is unsupported with a reason, the others play', async () => {
    const sdp = `${H264_SDP()}m=application 0 RTP/AVP smart/1/90000\r\na=rtpmap:95 xxx/90000\r\na=control:trackID=2\r\n`;
    const { d, p } = await play({ sdp, playAfter: [il(0, rtpPacket(1, 0))] });
    expect(d.streams[1]!.supported).toBe(false);
    expect(d.streams[1]!.unsupportedReason).toMatch(/not a number/);
    expect(d.transportOf(1)).toBeUndefined();
    expect((await take(p.packets(), 1))[0]).toMatchObject({ kind: 'rtp', streamIndex: 0 });
  });

  it('hikvision-ssrc-leading-space: "ssrc= 1A2B" in Transport is understood', async () => {
    const { p } = await play({
      transport: (t) => `${t};ssrc= 1A2B`,
      playAfter: [il(0, rtpPacket(1, 0, { ssrc: 0x1a2b }))],
    });
    expect((await take(p.packets(), 1))[0]).toMatchObject({ ssrc: 0x1a2b });
  });

  it('longse-cseq-trailing-space: responses with "CSeq: N " match their requests', async () => {
    const { p } = await play({ rawCSeq: true, playAfter: [il(0, rtpPacket(1, 0))] });
    expect(await take(p.packets(), 1)).toHaveLength(1);
  });

  it('crlf-before-interleaved: CR/LF noise between interleaved frames is skipped', async () => {
    const { p } = await play({
      playAfter: [
        Buffer.from('\r\n'),
        il(0, rtpPacket(1, 0)),
        Buffer.from('\r\n\r\n'),
        il(0, rtpPacket(2, 0)),
      ],
    });
    expect((await take(p.packets(), 2)).map((i) => (i.kind === 'rtp' ? i.sequence : 0))).toEqual([1, 2]);
  });

  it('session-id-changes-between-setups: an error under require-match, ignored under use-first', async () => {
    const sdp = `${H264_SDP()}m=audio 0 RTP/AVP 0\r\na=control:trackID=2\r\n`;
    let n = 0;
    const script: CameraScript = {
      sdp,
      override: (req) =>
        req.method === 'SETUP'
          ? {
              headers: {
                Session: n++ % 2 === 0 ? 'first' : 'second',
                Transport: req.headers.get('transport')!,
              },
            }
          : undefined,
    };
    const err = await play(script, { play: { initialTimestamp: 'ignore' } }).catch((e) => e);
    expect((err as RtspError).kind).toBe('protocol');
    expect((err as RtspError).message).toMatch(/session id changed/);
    await srv!.stop();
    const { p, srv: s } = await play(script, {
      session: { sessionId: 'use-first' },
      play: { initialTimestamp: 'ignore' },
    });
    expect(p.sessionId).toBe('first');
    expect(s.requests.find((r) => r.method === 'PLAY')!.headers.get('session')).toBe('first');
  });

  it('content-base-no-scheme: a Content-Base without rtsp:// still resolves the control URLs', async () => {
    const { srv: s } = await play({
      override: (req) =>
        req.method === 'DESCRIBE'
          ? { headers: { 'Content-Base': `${req.url.replace('rtsp://', '')}/` }, body: H264_SDP() } // also no Content-Type
          : undefined,
    });
    expect(s.requests.find((r) => r.method === 'SETUP')!.url).toBe(`${s.url()}/trackID=1`);
  });

  it('rtp-info-trailing-semicolon and negative rtptime are accepted', async () => {
    const { p } = await play({
      rtpInfo: 'url=rtsp://x/cam/trackID=1;seq=5;rtptime=-1;',
      playAfter: [il(0, rtpPacket(5, 0xffffffff))],
    });
    expect((await take(p.packets(), 1))[0]).toMatchObject({ sequence: 5, timestamp: 0xffffffff, loss: 0 });
  });

  it('gw-security-wrong-control-url-in-rtp-info: the only RTP-Info entry applies to the only stream', async () => {
    // The entry's rtptime (2^32 - 16) starts the timeline: timestamp 16 is then past 2^32.
    const { p } = await play(
      {
        rtpInfo: 'url=rtsp://10.1.1.1/wrong/path;seq=100;rtptime=4294967280',
        playAfter: [il(0, rtpPacket(103, 16))],
      },
      { play: { initialSequence: 'respect', initialTimestamp: 'require' } },
    );
    expect((await take(p.packets(), 1))[0]).toMatchObject({ sequence: 103, timestamp: 4294967296 + 16 });
  });

  it('geovision-duplicate-pt: packets of another payload type with a duplicate seq are dropped, not loss', async () => {
    const { p } = await play({
      playAfter: [il(0, rtpPacket(1, 0)), il(0, rtpPacket(1, 0, { pt: 107 })), il(0, rtpPacket(2, 0))],
    });
    const items = await take(p.packets(), 2);
    expect(items.map((i) => (i.kind === 'rtp' ? i.sequence : 0))).toEqual([1, 2]);
    expect(p.stats()[0]).toMatchObject({ lost: 0, dropped: 1 });
  });

  it('max timestamp jump: a jump beyond maxTimestampJump is a protocol error', async () => {
    const { p } = await play(
      { playAfter: [il(0, rtpPacket(1, 0)), il(0, rtpPacket(2, 900_000))] },
      { play: { maxTimestampJump: 90_000 } },
    );
    const it = p.packets();
    await it.next();
    expect(((await it.next().catch((e) => e)) as RtspError).message).toMatch(/timestamp jump/);
  });

  it('initial timestamp policy require: RTP-Info without rtptime is an error', async () => {
    const err = await play(
      { rtpInfo: 'url=rtsp://x/cam/trackID=1;seq=5' },
      { play: { initialTimestamp: 'require' } },
    ).catch((e) => e);
    expect((err as RtspError).message).toMatch(/no rtptime/);
  });
});
