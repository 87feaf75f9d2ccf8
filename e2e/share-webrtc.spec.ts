// Share links end to end: `camrelay relay` plays a camera of the GStreamer RTSP server; a share
// link opened in Debian's Chromium (relay-only) plays it over WebRTC through camrelay's own
// TURN server, whose allocation table names the share.
import { expect, test } from '@playwright/test';
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
