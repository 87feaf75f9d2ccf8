// The live555 stale-TCP-session bug (servers older than 2017.06.04 keep sending a closed
// session's data on a reused socket), reproduced by a scripted server.
import { afterEach, describe, expect, it } from 'vitest';
import { RtspError } from './error';
import { SessionGroup } from './group';
import { describe as rtspDescribe } from './session';
import { FakeClock } from './testing/fake-clock';
import { rtpPacket } from './testing/packets';
import { camera, H264_SDP, ScriptedServer } from './testing/scripted-server';

const LIVE555_2013 = 'LIVE555 Streaming Media v2013.04.08';
let srv: ScriptedServer | undefined;
afterEach(async () => {
  await srv?.stop();
  srv = undefined;
});

describe('live555 stale TCP sessions', () => {
  it('data on an unassigned channel right after reconnect -> a discovered stale session expiring in 65 s', async () => {
    const clock = new FakeClock();
    const group = new SessionGroup({ clock, name: 'server 127.0.0.1' });
    srv = await ScriptedServer.start(
      camera({
        sdp: H264_SDP('', LIVE555_2013),
        override: (req) =>
          req.method === 'DESCRIBE'
            ? {
                headers: { 'Content-Type': 'application/sdp' },
                body: H264_SDP('', LIVE555_2013),
                after: [Buffer.concat([Buffer.from([0x24, 0, 0, 15]), rtpPacket(7, 0, { ssrc: 0xdead })])],
              }
            : undefined,
      }),
    );
    // The data follows the DESCRIBE response: describe() or the SETUP after it fails.
    const err = await rtspDescribe(srv.url(), { clock, group })
      .then((d) => d.setup(0))
      .catch((e) => e);
    expect(err).toBeInstanceOf(RtspError);
    expect((err as RtspError).kind).toBe('stale-session');
    expect((err as RtspError).context.channel).toBe(0);
    expect(group.staleSessions()).toEqual({ count: 1, maxExpires: 65_000 });
    expect(group.detail()).toMatchObject([
      { reason: 'live555-stale-tcp', expiresAt: 65_000, teardown: { state: 'impossible' }, active: true },
    ]);
    let waited = false;
    const w = group.awaitStaleSessions().then(() => {
      waited = true;
    });
    await clock.advance(64_999);
    expect(group.staleSessions().count).toBe(1);
    expect(waited).toBe(false);
    await clock.advance(1);
    await w;
    expect(group.staleSessions()).toEqual({ count: 0, maxExpires: undefined });
  });

  it('a second discovery explained by a known stale session is not added twice', async () => {
    const clock = new FakeClock();
    const group = new SessionGroup({ clock });
    expect(group.noteLive555Stale({})).toBe(true);
    await clock.advance(10_000);
    expect(group.noteLive555Stale({})).toBe(false);
    expect(group.staleSessions()).toEqual({ count: 1, maxExpires: 65_000 });
  });

  it('while playing: data on channel 2 (not set up) from a buggy server fails with stale-session', async () => {
    const clock = new FakeClock();
    const group = new SessionGroup({ clock });
    srv = await ScriptedServer.start(
      camera({
        sdp: H264_SDP('', LIVE555_2013),
        playAfter: [Buffer.concat([Buffer.from([0x24, 2, 0, 15]), rtpPacket(1, 0)])],
      }),
    );
    const d = await rtspDescribe(srv.url(), { clock, group });
    expect(d.serverHasLive555TcpBug).toBe(true);
    await d.setup(0);
    const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9 });
    const err = await p
      .packets()
      .next()
      .catch((e) => e);
    expect((err as RtspError).kind).toBe('stale-session');
    expect((err as RtspError).message).toMatch(/channel 2/);
    // The old session sending on channel 2, and this one (valid SETUP, now dropped).
    expect(group.detail().map((x) => x.reason)).toEqual(['live555-stale-tcp', 'dropped']);
    expect(group.staleSessions().count).toBe(2);
  });

  it('an SSRC other than the one in Transport from a buggy server is a stale session', async () => {
    const clock = new FakeClock();
    const group = new SessionGroup({ clock });
    srv = await ScriptedServer.start(
      camera({
        sdp: H264_SDP('', LIVE555_2013),
        transport: (req) => `${req};ssrc=0000BEEF`,
        playAfter: [Buffer.concat([Buffer.from([0x24, 0, 0, 15]), rtpPacket(1, 0, { ssrc: 0x1111 })])],
      }),
    );
    const d = await rtspDescribe(srv.url(), { clock, group, teardownPolicy: 'never' });
    await d.setup(0);
    const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9 });
    const err = await p
      .packets()
      .next()
      .catch((e) => e);
    expect((err as RtspError).kind).toBe('stale-session');
    expect((err as RtspError).context.ssrc).toBe(0x1111);
    expect(group.staleSessions()).toEqual({ count: 1, maxExpires: 65_000 });
  });

  it('a server without the bug: unassigned-channel data is ignored (auto), or an error (policy error)', async () => {
    srv = await ScriptedServer.start(
      camera({
        playAfter: [
          Buffer.concat([Buffer.from([0x24, 6, 0, 15]), rtpPacket(1, 0)]),
          Buffer.concat([Buffer.from([0x24, 0, 0, 15]), rtpPacket(1, 0)]),
        ],
      }),
    );
    const clock = new FakeClock();
    const d = await rtspDescribe(srv.url(), { clock });
    await d.setup(0);
    const p = await d.play({ mode: 'packets', frameTimeoutMs: 1e9 });
    const first = await p.packets().next();
    expect(first.value).toMatchObject({ kind: 'rtp', sequence: 1 });
    p.close();

    const d2 = await rtspDescribe(srv.url(), { clock, unassignedChannelData: 'error' });
    await d2.setup(0);
    const p2 = await d2.play({ mode: 'packets', frameTimeoutMs: 1e9 });
    const err = await p2
      .packets()
      .next()
      .catch((e) => e);
    expect((err as RtspError).kind).toBe('protocol');
    expect((err as RtspError).context.channel).toBe(6);
  });
});
