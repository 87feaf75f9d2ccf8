// UDP transport against a scripted server whose media sockets the test owns: hole punching,
// the reorder buffer, RTCP receiver reports, and the 461 fallback to TCP.
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { PacketItem } from './media-stream';
import { parseRtcpCompound } from './rtcp';
import { describe as rtspDescribe } from './session';
import { FakeClock } from './testing/fake-clock';
import { rtpPacket } from './testing/packets';
import { camera, ScriptedServer, until } from './testing/scripted-server';

let srv: ScriptedServer | undefined;
const sockets: dgram.Socket[] = [];
afterEach(async () => {
  await srv?.stop();
  srv = undefined;
  for (const s of sockets.splice(0)) s.close();
});

async function udpSocket(): Promise<{ s: dgram.Socket; port: number; got: Buffer[] }> {
  const s = dgram.createSocket('udp4');
  sockets.push(s);
  const got: Buffer[] = [];
  s.on('message', (m) => got.push(m));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  return { s, port: s.address().port, got };
}

describe('UDP transport', () => {
  it('punches holes, reorders swapped packets, counts a real gap as loss, sends receiver reports', async () => {
    const rtpSrv = await udpSocket();
    const rtcpSrv = await udpSocket();
    srv = await ScriptedServer.start(
      camera({
        transport: (t) => `${t};server_port=${rtpSrv.port}-${rtcpSrv.port};ssrc=00000042`,
      }),
    );
    const clock = new FakeClock();
    const d = await rtspDescribe(srv.url(), { clock, udp: { reorderDelayMs: 50 } });
    await d.setup(0, { transport: 'udp' });
    expect(d.transportOf(0)).toBe('udp');
    const transport = srv.requests.find((r) => r.method === 'SETUP')!.headers.get('transport')!;
    const m = /client_port=(\d+)-(\d+)/.exec(transport)!;
    const [cRtp, cRtcp] = [Number(m[1]), Number(m[2])];
    expect(cRtp % 2).toBe(0);
    expect(cRtcp).toBe(cRtp + 1);
    await until(() => rtpSrv.got.length >= 1 && rtcpSrv.got.length >= 1);
    expect(rtpSrv.got[0]!.length).toBe(12); // dummy RTP
    expect(rtcpSrv.got[0]![1]).toBe(201); // empty RR

    const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9 });
    const it = p.packets();
    const send = (seq: number) =>
      rtpSrv.s.send(rtpPacket(seq, seq * 3000, { ssrc: 0x42 }), cRtp, '127.0.0.1');
    for (const seq of [1, 3, 2, 4, 6]) send(seq); // 2 and 3 swapped; 5 never comes
    const seqs: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await it.next();
      seqs.push((r.value as Extract<PacketItem, { kind: 'rtp' }>).sequence);
    }
    expect(seqs).toEqual([1, 2, 3, 4]);
    // 6 waits for 5 until the reorder delay (fake time) passes
    await new Promise((r) => setTimeout(r, 20));
    expect(p.stats()[0]!.packets).toBe(4);
    await clock.advance(50);
    const six = (await it.next()).value as Extract<PacketItem, { kind: 'rtp' }>;
    expect(six).toMatchObject({ sequence: 6, loss: 1 });
    expect(p.stats()[0]).toMatchObject({ packets: 5, lost: 1, dropped: 0 });
    // a late 5 is dropped and counted
    send(5);
    await until(() => p.stats()[0]!.dropped === 1);

    const before = rtcpSrv.got.length;
    await clock.advance(5000);
    await until(() => rtcpSrv.got.length > before);
    const rr = rtcpSrv.got[rtcpSrv.got.length - 1]!;
    const info = parseRtcpCompound(rr);
    expect(info).toMatchObject({ count: 2 });
    expect(rr[1]).toBe(201);
    expect(rr.readUInt32BE(8)).toBe(0x42); // reportee SSRC
    expect(rr.readUInt32BE(12) & 0xffffff).toBe(1); // cumulative lost
    expect(rr.readUInt32BE(16)).toBe(6); // extended highest sequence
    p.close();
    await until(() => srv!.methods().includes('TEARDOWN'));
  });

  it('auto: 461 Unsupported Transport for UDP falls back to TCP', async () => {
    srv = await ScriptedServer.start(
      camera({
        override: (req) =>
          req.method === 'SETUP' && !req.headers.get('transport')!.includes('TCP')
            ? { status: 461, reason: 'Unsupported Transport' }
            : undefined,
      }),
    );
    const d = await rtspDescribe(srv.url());
    await d.setup(0, { transport: 'auto' });
    expect(d.transportOf(0)).toBe('tcp');
    expect(srv.requests.filter((r) => r.method === 'SETUP').map((r) => r.headers.get('transport'))).toEqual([
      expect.stringMatching(/^RTP\/AVP;unicast;client_port=\d+-\d+$/),
      'RTP/AVP/TCP;unicast;interleaved=0-1',
    ]);
    d.close();
  });

  it('udp (not auto): 461 is kind unsupported-transport', async () => {
    srv = await ScriptedServer.start(
      camera({
        override: (req) =>
          req.method === 'SETUP' ? { status: 461, reason: 'Unsupported Transport' } : undefined,
      }),
    );
    const d = await rtspDescribe(srv.url());
    const err = await d.setup(0, { transport: 'udp' }).catch((e) => e);
    expect(err.kind).toBe('unsupported-transport');
    d.close();
  });
});
