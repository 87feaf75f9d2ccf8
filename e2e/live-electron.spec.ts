// Live video in the Electron app: frames over a MessagePort per view, the snapshot through
// main's save dialog. Runs only where the Electron binary is installed (like electron.spec);
// the same pages are tested headless in live-video.spec.ts.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { type RunningRtspServer, rtspServerAvailable, startRtspServer } from '../test/peers/rtsp-server';
import { electronBinary } from './support/electron-binary';
import { makeDataDir, removeDataDir } from './support/relay-host';

const binary = electronBinary();

test.describe('Electron live video', () => {
  test.skip(
    !binary,
    'Electron binary not installed: the live pages are tested headless in live-video.spec.ts',
  );
  test.skip(!rtspServerAvailable(), 'GStreamer RTSP server (Debian python3-gi) not installed');

  let rtsp: RunningRtspServer | undefined;
  test.beforeAll(async () => {
    rtsp = await startRtspServer({ mounts: { '/h264': 'h264' }, shared: true });
  });
  test.afterAll(async () => {
    await rtsp?.stop();
  });

  test('a camera plays over a MessagePort and a snapshot is saved where the dialog says', async () => {
    const dataDir = await makeDataDir();
    await writeFile(
      join(dataDir, 'config.json'),
      JSON.stringify({
        version: 1,
        settings: {},
        cameras: [{ id: 'cam_gate', name: 'Gate', url: rtsp!.url('/h264'), policies: {} }],
      }),
    );
    const app = await electron.launch({
      executablePath: binary,
      args: ['.'],
      env: { ...process.env, CAMRELAY_DATA_DIR: dataDir },
    });
    try {
      const win = await app.firstWindow();
      await win.evaluate(() => {
        window.location.hash = '#/camera/cam_gate';
      });
      const tile = win.getByTestId('video-tile');
      await expect(tile).toHaveAttribute('data-view-state', 'playing', { timeout: 20_000 });
      // The preload offers the port method; the view got its frames through it.
      expect(await win.evaluate(() => typeof window.camrelay?.requestMediaPort)).toBe('function');

      const target = join(dataDir, 'gate.png');
      await app.evaluate(({ dialog }, path) => {
        dialog.showSaveDialog = (async () => ({
          canceled: false,
          filePath: path,
        })) as typeof dialog.showSaveDialog;
      }, target);
      await win.getByTestId('save-snapshot').click();
      await expect.poll(async () => existsSync(target)).toBe(true);
      const png = await readFile(target);
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    } finally {
      await app.evaluate(({ app: a }) => a.quit()).catch(() => undefined);
      await app.close().catch(() => undefined);
      await removeDataDir(dataDir);
    }
  });
});

// Page globals used inside evaluate (this file is type-checked for Node, without DOM).
declare const window: { location: { hash: string }; camrelay?: { requestMediaPort?: unknown } };
