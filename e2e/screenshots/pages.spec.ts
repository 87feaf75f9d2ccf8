// `npm run screenshots`: every console page at 1440 and 800 px wide, light and dark, into
// screenshots/ (not committed), so a style change can be looked at and compared before and
// after. The cameras cover the states an operator sees: failing (closed port), disabled, grouped.
import { expect, type Page, test } from '@playwright/test';
import { cameraRecord, hostPerTest, start, writeConfig } from '../console-helpers';

const ctx = hostPerTest();

const PAGES: { name: string; hash: string; ready: (page: Page) => Promise<void> }[] = [
  {
    name: 'cameras',
    hash: '#/cameras',
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Cameras' })).toBeVisible(),
  },
  {
    name: 'camera-detail',
    hash: '#/cameras/cam_0001',
    ready: (p) => expect(p.getByRole('heading', { level: 2, name: 'Front gate' })).toBeVisible(),
  },
  { name: 'live', hash: '#/live', ready: (p) => expect(p.getByTestId('video-tile').first()).toBeVisible() },
  {
    name: 'camera-view',
    hash: '#/camera/cam_0001',
    ready: (p) => expect(p.getByText('Front gate').first()).toBeVisible(),
  },
  {
    name: 'groups',
    hash: '#/groups',
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible(),
  },
  {
    name: 'relay',
    hash: '#/relay',
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Relay' })).toBeVisible(),
  },
  {
    name: 'restream',
    hash: '#/restream',
    ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible(),
  },
  {
    name: 'log',
    hash: '#/log',
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Log' })).toBeVisible(),
  },
  {
    name: 'settings',
    hash: '#/settings',
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible(),
  },
];

test('every page at 1440 and 800 px, light and dark', async ({ page }) => {
  await writeConfig(ctx.dataDir, {
    version: 1,
    settings: {},
    cameras: [
      cameraRecord(1, { name: 'Front gate', enabled: true, group: 'Gate' }),
      cameraRecord(2, { name: 'Yard', enabled: true }),
      cameraRecord(3, { name: 'Garage' }),
    ],
  });
  await start(ctx, page);
  for (const width of [1440, 800]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of PAGES) {
        await page.evaluate((h) => {
          window.location.hash = h;
        }, p.hash);
        await p.ready(page);
        await page.screenshot({
          path: `screenshots/${p.name}-${width}-${scheme}.png`,
          animations: 'disabled',
        });
      }
      await page.evaluate(() => {
        window.location.hash = '#/cameras';
      });
      await page.getByRole('button', { name: 'Add camera' }).first().click();
      const dialog = page.getByTestId('camera-dialog');
      await dialog.getByRole('button', { name: /^Add/ }).last().click();
      await page.screenshot({
        path: `screenshots/add-camera-dialog-${width}-${scheme}.png`,
        animations: 'disabled',
      });
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
    }
  }
});
