// Share links end to end: `camrelay relay` plays a camera of the GStreamer RTSP server; a share
// link opened in Debian's Chromium (relay-only) plays it over WebRTC through camrelay's own
// TURN server, whose allocation table names the share.
import { expect, test } from '@playwright/test';
import { killAll, runUclient, startEchoPeer } from '../test/peers/coturn';
import {
  holdStream,
  type RunningRtspServer,
  rtspServerAvailable,
  startRtspServer,
} from '../test/peers/rtsp-server';
import {
  api,
  createShare,
  launchChromium,
  type ShareHost,
  startShareHost,
  viewerFigures,
  waitForLive,
} from './share-support';
import { makeDataDir, removeDataDir } from './support/relay-host';

let rtsp: RunningRtspServer | undefined;
let keeper: { stop(): void } | undefined;
let dataDir: string;
let sh: ShareHost | undefined;

test.skip(!rtspServerAvailable(), 'GStreamer RTSP server (Debian python3-gi) not installed');

test.beforeAll(async () => {
  rtsp = await startRtspServer({ mounts: { '/h264': 'h264' }, shared: true, keyInt: 30 });
  keeper = await holdStream(rtsp.url('/h264'));
});
test.afterAll(async () => {
  keeper?.stop();
  await rtsp?.stop();
});
test.beforeEach(async () => {
  dataDir = await makeDataDir();
  sh = await startShareHost(dataDir, rtsp!.url('/h264'));
});
test.afterEach(async () => {
  await sh?.host.stop();
  sh = undefined;
  await removeDataDir(dataDir);
});

test("a share link plays moving H.264 through camrelay's TURN relay", async () => {
  const share = await createShare(sh!.host);
  expect(share.url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  expect(share.iceServers[0]?.urls).toEqual([`turn:127.0.0.1:${sh!.turnPort}?transport=udp`]);
  await waitForLive(share);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(share.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Front gate' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('Playing', { timeout: 20_000 });
    const first = await viewerFigures(page);
    expect(first.localCandidateType).toBe('relay');
    await expect
      .poll(async () => (await viewerFigures(page)).framesDecoded, { timeout: 10_000 })
      .toBeGreaterThan(first.framesDecoded + 20);
    const listed = (await (await api(sh!.host, 'GET', '/api/v1/shares')).json()) as {
      shares: { id: string; viewers: { relayed: boolean }[] }[];
    };
    await expect
      .poll(async () => {
        const l = (await (await api(sh!.host, 'GET', '/api/v1/shares')).json()) as typeof listed;
        return l.shares.find((s) => s.id === share.id)?.viewers.map((v) => v.relayed);
      })
      .toEqual([true]);
    await page.screenshot({ path: test.info().outputPath('viewer.png') });
  } finally {
    await browser.close();
  }
});

declare const window: {
  __whepPc?: RTCPeerConnection;
  /** Trickled candidates (`candidate:...`) and whether gathering has ended. */
  __trickled?: { candidates: string[]; done: boolean };
};

test('a standard WHEP exchange made by the test: 201 + Location + Link, DELETE ends it', async () => {
  const share = await createShare(sh!.host);
  await waitForLive(share);
  const options = await fetch(share.whepUrl, { method: 'OPTIONS' });
  expect(options.status).toBe(204);
  expect(options.headers.get('access-control-allow-origin')).toBe('*');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    const offer = await page.evaluate(async (iceServers) => {
      const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
      window.__whepPc = pc;
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === 'complete') resolve();
        pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
      });
      return pc.localDescription!.sdp;
    }, share.iceServers);
    const res = await fetch(share.whepUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/sdp' },
      body: offer,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/sdp');
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/whep\/[A-Za-z0-9_-]{43}\/[0-9a-f-]{36}$/);
    const link = res.headers.get('link') ?? '';
    expect(link).toMatch(
      new RegExp(
        `<turn:127\\.0\\.0\\.1:${sh!.turnPort}\\?transport=udp>; rel="ice-server"; username="\\d+:share-${share.id}"; credential="[^"]+"; credential-type="password"`,
      ),
    );
    const answer = await res.text();
    expect(answer).toMatch(
      /a=fmtp:\d+ profile-level-id=42c0[0-9a-f]{2};packetization-mode=1;level-asymmetry-allowed=1/,
    );
    const frames = () =>
      page.evaluate(async () => {
        let n = 0;
        (await window.__whepPc!.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') n = Number(s.framesDecoded ?? 0);
        });
        return n;
      });
    await page.evaluate(
      async (sdp) => window.__whepPc!.setRemoteDescription({ type: 'answer', sdp }),
      answer,
    );
    await expect.poll(frames, { timeout: 15_000 }).toBeGreaterThan(30);

    const del = await fetch(new URL(location, share.whepUrl), { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await fetch(new URL(location, share.whepUrl), { method: 'DELETE' })).status).toBe(404);
    // The session is gone at once: no viewer listed, and the browser's frames stop.
    const listed = (await (await api(sh!.host, 'GET', '/api/v1/shares')).json()) as {
      shares: { id: string; viewers: unknown[] }[];
    };
    await expect
      .poll(async () => {
        const l = (await (await api(sh!.host, 'GET', '/api/v1/shares')).json()) as typeof listed;
        return l.shares.find((s) => s.id === share.id)?.viewers.length;
      })
      .toBe(0);
    const stopped = await frames();
    await expect.poll(async () => (await frames()) - stopped, { intervals: [1000, 1000] }).toBeLessThan(3);
  } finally {
    await browser.close();
  }
});

test('trickle ICE: the offer goes without candidates, they follow in a PATCH (sdpfrag) and the relayed path is known', async () => {
  const share = await createShare(sh!.host);
  await waitForLive(share);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    // The offer is sent before any candidate is gathered (what trickle ICE is for).
    const offer = await page.evaluate(async (iceServers) => {
      const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
      window.__whepPc = pc;
      const trickled = { candidates: [] as string[], done: false };
      window.__trickled = trickled;
      pc.onicecandidate = (e) => {
        if (e.candidate?.candidate) trickled.candidates.push(e.candidate.candidate);
        else trickled.done = true;
      };
      pc.addTransceiver('video', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      return pc.localDescription!.sdp;
    }, share.iceServers);
    expect(offer).not.toMatch(/a=candidate:/);
    const res = await fetch(share.whepUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/sdp' },
      body: offer,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('accept-patch')).toBe('application/trickle-ice-sdpfrag');
    const session = new URL(res.headers.get('location')!, share.whepUrl);
    await page.evaluate(
      async (sdp) => window.__whepPc!.setRemoteDescription({ type: 'answer', sdp }),
      await res.text(),
    );
    await expect.poll(() => page.evaluate(() => window.__trickled!.done), { timeout: 15_000 }).toBe(true);
    const candidates = await page.evaluate(() => window.__trickled!.candidates);
    expect(candidates.length).toBeGreaterThan(0);
    const ufrag = /a=ice-ufrag:(\S+)/.exec(offer)![1]!;
    const pwd = /a=ice-pwd:(\S+)/.exec(offer)![1]!;
    const mid = /a=mid:(\S+)/.exec(offer)![1]!;
    const fragment = (u: string) =>
      [`a=ice-ufrag:${u}`, `a=ice-pwd:${pwd}`, 'm=video 9 UDP/TLS/RTP/SAVPF 0', `a=mid:${mid}`]
        .concat(
          candidates.map((c) => `a=${c}`),
          ['a=end-of-candidates', ''],
        )
        .join('\r\n');
    const patch = (body: string, type = 'application/trickle-ice-sdpfrag', url = session) =>
      fetch(url, { method: 'PATCH', headers: { 'content-type': type }, body });

    expect((await patch(fragment(ufrag), 'application/sdp')).status).toBe(415);
    expect((await patch('a=candidate:garbage')).status).toBe(400);
    expect((await patch(fragment('other'))).status).toBe(422); // an ICE restart
    expect(
      (
        await patch(
          fragment(ufrag),
          undefined,
          new URL(`${session.pathname.replace(/[^/]+$/, '')}00000000-0000-0000-0000-000000000000`, session),
        )
      ).status,
    ).toBe(404);
    expect((await patch(fragment(ufrag))).status).toBe(204);

    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            let n = 0;
            (await window.__whepPc!.getStats()).forEach((s: Record<string, unknown>) => {
              if (s.type === 'inbound-rtp' && s.kind === 'video') n = Number(s.framesDecoded ?? 0);
            });
            return n;
          }),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(30);
    // The offer named no relay address: camrelay knows the path is relayed from the PATCH.
    await expect
      .poll(async () => {
        const l = (await (await api(sh!.host, 'GET', '/api/v1/shares')).json()) as {
          shares: { id: string; viewers: { relayed: boolean; address: string }[] }[];
        };
        return l.shares.find((s) => s.id === share.id)?.viewers[0];
      })
      .toMatchObject({ relayed: true });
  } finally {
    await browser.close();
  }
});

test('revoking a share ends its viewer within 2 s and refuses new ones; an unknown share is 404', async () => {
  const share = await createShare(sh!.host);
  await waitForLive(share);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(share.url);
    await expect(page.getByRole('status')).toHaveText('Playing', { timeout: 20_000 });
    const del = await api(sh!.host, 'DELETE', `/api/v1/shares/${share.id}`);
    expect(del.status).toBe(204);
    const t0 = Date.now();
    await expect(page.getByRole('status')).toHaveText('This link has expired or was revoked', {
      timeout: 5000,
    });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(
      (
        await fetch(share.whepUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/sdp' },
          body: 'v=0\r\n',
        })
      ).status,
    ).toBe(404);
    expect((await fetch(share.whepUrl)).status).toBe(404);
    await page.reload();
    await expect(page.getByRole('status')).toHaveText('This link has expired or was revoked');
    expect((await api(sh!.host, 'DELETE', `/api/v1/shares/${share.id}`)).status).toBe(404);
    expect(
      (await fetch(new URL('/whep/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', share.whepUrl))).status,
    ).toBe(404);
  } finally {
    await browser.close();
  }
});

test('an expired share ends its viewer and its link stops working', async () => {
  await waitForLive(await createShare(sh!.host));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const share = await createShare(sh!.host, 25, 'Short');
    await page.goto(share.url);
    await expect(page.getByRole('status')).toHaveText('Playing', { timeout: 20_000 });
    // The viewer ends within a few seconds of the expiry, counted from the expiry itself (not
    // from whenever the page happened to start playing on a busy machine).
    await expect(page.getByRole('status')).toHaveText('This link has expired or was revoked', {
      timeout: Math.max(0, share.expiresAt - Date.now()) + 5000,
    });
    expect(Date.now()).toBeGreaterThanOrEqual(share.expiresAt);
    expect((await fetch(share.whepUrl)).status).toBe(404);
  } finally {
    await browser.close();
  }
});

test('the HTTPS console on a non-loopback name is a secure context; its Share button makes a link that plays and Revoke ends it', async () => {
  // Restart the host listening beyond loopback: camrelay then serves HTTPS (self-signed here).
  await sh!.host.stop();
  sh = await startShareHost(dataDir, rtsp!.url('/h264'), ['--ui-listen', '0.0.0.0:0']);
  const origin = `https://camrelay.test:${new URL(sh.host.url).port}`;
  expect(new URL(sh.host.url).protocol).toBe('https:');
  const browser = await launchChromium([
    '--host-resolver-rules=MAP camrelay.test 127.0.0.1',
    '--ignore-certificate-errors',
  ]);
  try {
    const consolePage = await browser.newPage();
    await consolePage.goto(`${origin}/?token=${sh.host.token}#/cameras/cam_gate`);
    expect(await consolePage.evaluate(() => globalThis.isSecureContext)).toBe(true);
    const detail = consolePage.getByTestId('camera-detail');
    await expect(detail.getByRole('heading', { name: 'Gate' })).toBeVisible({ timeout: 20_000 });
    await expect(detail.getByTestId('camera-shares')).toContainText(/fingerprint is [0-9A-F:]{95}/);
    await detail.getByRole('button', { name: 'Share…' }).click();
    const dialog = consolePage.getByTestId('share-dialog');
    await dialog.getByLabel('Label').fill('Porch');
    await dialog.getByLabel('Lifetime').selectOption({ label: '8 hours' });
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = await dialog.getByTestId('share-link').inputValue();
    expect(link).toMatch(new RegExp(`^${origin.replace(/\./g, '\\.')}/s/[A-Za-z0-9_-]{43}$`));
    await consolePage.screenshot({ path: test.info().outputPath('share-dialog.png') });
    await dialog.getByRole('button', { name: 'Done' }).click();

    const viewer = await browser.newPage();
    await viewer.goto(link);
    expect(await viewer.evaluate(() => globalThis.isSecureContext)).toBe(true);
    await expect(viewer.getByRole('heading', { level: 1, name: 'Porch' })).toBeVisible();
    await expect(viewer.getByRole('status')).toHaveText('Playing', { timeout: 20_000 });

    const row = detail.getByTestId('share-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('cell').nth(2)).toHaveText('1');
    await expect(row.getByRole('cell').nth(1)).toHaveText(/^7h/);
    await consolePage.screenshot({ path: test.info().outputPath('camera-shares.png') });
    await row.getByRole('button', { name: 'Revoke "Porch"' }).click();
    await consolePage.getByTestId('confirm-dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect(viewer.getByRole('status')).toHaveText('This link has expired or was revoked', {
      timeout: 5000,
    });
    await expect(row).toHaveCount(0);
    await expect(detail.getByTestId('camera-shares')).toContainText('No share links.');
  } finally {
    await browser.close();
  }
});

test("a share's TURN credentials relay nothing to any other loopback peer (coturn's uclient)", async () => {
  const share = await createShare(sh!.host, 120, 'Credentials');
  const ice = share.iceServers[0]!;
  const peer = await startEchoPeer();
  try {
    const r = await runUclient(
      // one client, no RTCP companion, 3 messages to the echo peer on loopback
      ['-c', '-m', '1', '-n', '3', '-u', ice.username, '-w', ice.credential].concat([
        '-e',
        '127.0.0.1',
        '-r',
        String(peer.port),
        '-p',
        String(sh!.turnPort),
      ]),
      30_000,
    );
    expect(r.completed, r.output.slice(-1500)).toBe(true);
    expect(r.sent).toBe(3);
    // nothing came back: the peer policy refused the permission to the echo peer...
    expect(r.received).toBe(0);
    // ...for credentials that did authenticate (an allocation was made with them)
    expect(sh!.host.stderr()).toContain(`allocated for "${ice.username}"`);
  } finally {
    await peer.stop();
    killAll();
  }
});

test('8 viewers of one camera each get its frame rate and keep decoding; the camera still sees one session', async () => {
  test.setTimeout(120_000);
  const share = await createShare(sh!.host, 600, 'Eight');
  await waitForLive(share);
  // the test's own keeper session and camrelay's one camera session
  const sessionsBefore = rtsp!.clients();
  expect(sessionsBefore).toBe(2);
  const browser = await launchChromium();
  try {
    const pages = await Promise.all(Array.from({ length: 8 }, () => browser.newPage()));
    await Promise.all(pages.map((p) => p.goto(share.url)));
    for (const p of pages) await expect(p.getByRole('status')).toHaveText('Playing', { timeout: 30_000 });
    // Each viewer's rate over at least 60 of its frames, timed by the test's clock. What
    // camrelay delivers is counted in frames received (a browser on a loaded machine may decode
    // late, that is its CPU, not the relay's); decoding must keep going for every viewer too.
    const rates = await Promise.all(
      pages.map(async (p) => {
        const first = await viewerFigures(p);
        const t0 = Date.now();
        let last = first;
        await expect
          .poll(
            async () => {
              last = await viewerFigures(p);
              return last.framesReceived;
            },
            { timeout: 20_000 },
          )
          .toBeGreaterThan(first.framesReceived + 60);
        expect(last.framesDecoded).toBeGreaterThan(first.framesDecoded);
        return ((last.framesReceived - first.framesReceived) * 1000) / (Date.now() - t0);
      }),
    );
    // the camera sends 30 fps; a viewer that gets half of it is not being kept up with
    for (const r of rates)
      expect(r, `fps of each viewer: ${rates.map((x) => x.toFixed(1))}`).toBeGreaterThan(15);
    await expect
      .poll(async () => {
        const l = (await (await api(sh!.host, 'GET', '/api/v1/shares')).json()) as {
          shares: { id: string; viewers: unknown[] }[];
        };
        return l.shares.find((s) => s.id === share.id)?.viewers.length;
      })
      .toBe(8);
    expect(rtsp!.clients()).toBe(sessionsBefore);
  } finally {
    await browser.close();
  }
});
