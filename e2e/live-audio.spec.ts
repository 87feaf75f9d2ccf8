// Sound on the camera page, end to end: `camrelay relay` plays cameras of the GStreamer RTSP
// server that send a sine tone (AAC with H.264, G.711 µ-law alone, Opus alone), and Debian's
// Chromium plays it after "Sound on": WebCodecs' AudioDecoder for AAC and Opus, the page's own
// G.711 decoder, Web Audio for output; the level meter reads the decoded tone.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type RunningRtspServer, rtspServerAvailable, startRtspServer } from '../test/peers/rtsp-server';
import { makeDataDir, type RelayHost, removeDataDir, startRelayHost } from './support/relay-host';

declare const window: {
  __camrelayAudio?: {
    figures():
      | { state: string; decoded: number; played: number; dropped: number; errors: number; level: number }
      | undefined;
  };
};

let rtsp: RunningRtspServer | undefined;
let dataDir: string;
let host: RelayHost | undefined;

test.skip(!rtspServerAvailable(), 'GStreamer RTSP server (Debian python3-gi) not installed');

test.beforeAll(async () => {
  rtsp = await startRtspServer({
    mounts: { '/aac': 'h264-aac', '/pcmu': 'pcmu', '/opus': 'opus', '/video': 'h264' },
    shared: true,
  });
  dataDir = await makeDataDir();
  const camera = (id: string, name: string, mount: string) => ({
    id,
    name,
    url: rtsp!.url(mount),
    policies: {},
  });
  await writeFile(
    join(dataDir, 'config.json'),
    JSON.stringify({
      version: 1,
      settings: {},
      cameras: [
        camera('cam_aac', 'Porch', '/aac'),
        camera('cam_pcmu', 'Intercom', '/pcmu'),
        camera('cam_opus', 'Door phone', '/opus'),
        camera('cam_video', 'Yard', '/video'),
      ],
    }),
  );
  host = await startRelayHost(dataDir);
});
test.afterAll(async () => {
  await host?.stop();
  await rtsp?.stop();
  await removeDataDir(dataDir);
});

const figures = (page: Page) => page.evaluate(() => window.__camrelayAudio?.figures());

async function soundOn(page: Page, cameraId: string) {
  await page.goto(`${host!.openUrl}#/camera/${cameraId}`);
  const control = page.getByTestId('audio-control');
  await expect(control.getByTestId('audio-state')).toHaveText('Off');
  await expect(control.getByRole('button', { name: 'Sound on' })).toHaveAttribute('aria-pressed', 'false');
  await control.getByRole('button', { name: 'Sound on' }).click();
  await expect(control.getByRole('button', { name: 'Sound off' })).toHaveAttribute('aria-pressed', 'true');
  return control;
}

for (const c of [
  { id: 'cam_aac', words: /^AAC · 48 kHz · stereo$/ },
  { id: 'cam_pcmu', words: /^G\.711 µ-law · 8 kHz · mono$/ },
  { id: 'cam_opus', words: /^Opus · 48 kHz · stereo$/ },
]) {
  test(`${c.id}: sound on plays the camera's tone and the meter reads its level`, async ({ page }) => {
    const control = await soundOn(page, c.id);
    await expect(control.getByTestId('audio-state')).toHaveText(c.words, { timeout: 20_000 });
    // A second's worth of frames decoded and scheduled, none failing.
    await expect
      .poll(async () => (await figures(page))?.played ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(25);
    const f = (await figures(page))!;
    expect(f.errors).toBe(0);
    expect(f.decoded).toBeGreaterThanOrEqual(f.played);
    // audiotestsrc's sine at volume 0.8: about -5 dBFS RMS; silence would be -Infinity
    await expect.poll(async () => (await figures(page))?.level ?? -100).toBeGreaterThan(-20);
    const meter = control.getByRole('meter', { name: 'Sound level' });
    await expect(meter).toBeVisible();
    await expect.poll(async () => Number(await meter.getAttribute('value'))).toBeGreaterThan(-20);
    await page.screenshot({ path: test.info().outputPath(`${c.id}-sound.png`) });

    // Sound off ends the subscription: main stops sending.
    await control.getByRole('button', { name: 'Sound off' }).click();
    await expect(control.getByTestId('audio-state')).toHaveText('Off');
    expect(await figures(page)).toBeUndefined();
    await expect
      .poll(async () => {
        const res = await fetch(`${host!.url}media/stats`, {
          headers: { authorization: `Bearer ${host!.token}` },
        });
        const s = (await res.json()) as { subscriptions: { cameraId: string; mode: string }[] };
        return s.subscriptions.filter((x) => x.mode === 'audio').length;
      })
      .toBe(0);
  });
}

test('a camera without sound says so', async ({ page }) => {
  const control = await soundOn(page, 'cam_video');
  await expect(control.getByTestId('audio-state')).toHaveText('This camera sends no sound', {
    timeout: 20_000,
  });
  await expect(control.getByRole('meter')).toHaveCount(0);
});
