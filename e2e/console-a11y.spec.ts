// Every page passes an automated accessibility scan (axe-core, WCAG 2 A/AA rules) in light and
// dark (issue 14, item 12): no serious or critical violation, colour contrast included. The
// cameras cover the states an operator sees: failing (closed port), disabled, grouped.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { cameraRecord, hostPerTest, start, writeConfig } from './console-helpers';

const ctx = hostPerTest();

const PAGES: { hash: string; ready: (page: Page) => Promise<void> }[] = [
  {
    hash: '#/cameras',
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Cameras' })).toBeVisible(),
  },
  {
    hash: '#/cameras/cam_0001',
    ready: (p) => expect(p.getByRole('heading', { level: 2, name: 'Front gate' })).toBeVisible(),
  },
  { hash: '#/live', ready: (p) => expect(p.getByTestId('video-tile').first()).toBeVisible() },
  { hash: '#/camera/cam_0001', ready: (p) => expect(p.getByText('Front gate').first()).toBeVisible() },
  {
    hash: '#/groups',
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible(),
  },
  {
    hash: '#/relay',
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Relay' })).toBeVisible(),
  },
  { hash: '#/log', ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Log' })).toBeVisible() },
  {
    hash: '#/settings',
    ready: (p) => expect(p.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible(),
  },
];

async function scan(page: Page, what: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${what}: ${v.id} (${v.impact}) ${v.help}\n${v.nodes
          .slice(0, 6)
          .map((n) => `    ${n.target.join(' ')} ${n.failureSummary?.split('\n').slice(1).join(' ') ?? ''}`)
          .join('\n')}`,
    );
}

test('every page in light and dark has no serious or critical axe violation', async ({ page }) => {
  test.setTimeout(240_000);
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
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const p of PAGES) {
      await page.evaluate((h) => {
        window.location.hash = h;
      }, p.hash);
      await p.ready(page);
      found.push(...(await scan(page, `${p.hash} ${scheme}`)));
    }
    // The add camera dialog with its inline errors shown.
    await page.evaluate(() => {
      window.location.hash = '#/cameras';
    });
    await page.getByRole('button', { name: 'Add camera' }).first().click();
    const dialog = page.getByTestId('camera-dialog');
    await dialog.getByRole('button', { name: /^Add/ }).last().click();
    found.push(...(await scan(page, `add camera dialog ${scheme}`)));
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  }
  // Narrow: the cameras as cards, the sidebar as a rail.
  for (const width of [800, 600]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of PAGES.slice(0, 4)) {
        await page.evaluate((h) => {
          window.location.hash = h;
        }, p.hash);
        await p.ready(page);
        found.push(...(await scan(page, `${p.hash} ${scheme} ${width} px`)));
      }
    }
  }
  expect(found, found.join('\n')).toEqual([]);
});
