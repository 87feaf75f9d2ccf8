// The Log page with a camera that stays down (issue 14, item 4): its retries are one line
// with a count, it becomes an error after the first retries, and times carry the date.
import { expect, test } from '@playwright/test';
import { cameraRecord, hostPerTest, start, writeConfig } from './console-helpers';

const ctx = hostPerTest();

test('a camera that stays down is an error in the log, its retries collapsed into one line', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // A closed port on loopback: every attempt is refused at once.
  const camera = cameraRecord(1, { name: 'Loading dock', enabled: true });
  await writeConfig(ctx.dataDir, { version: 1, settings: {}, cameras: [camera] });
  await start(ctx, page, '#/log');
  const list = page.getByTestId('log-list');
  const errors = list.locator('.log-line', { has: page.locator('.lvl-error') });
  await expect(errors.first()).toContainText('"Loading dock"', { timeout: 60_000 });
  // The warnings of the first retries are one line, counted.
  const warns = list
    .locator('.log-line', { has: page.locator('.lvl-warn') })
    .filter({ hasText: 'Loading dock' });
  await expect(warns).toHaveCount(1);
  await expect(warns).toContainText(/×[2-9]/);
  await expect(list.locator('.log-line').first()).toContainText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  await page.getByRole('combobox', { name: 'Level' }).selectOption('error');
  await expect(list.locator('.log-line').first()).toContainText('Loading dock');
  await page.screenshot({ path: 'test-results/log/log-error-filter.png' });
  await page.getByRole('combobox', { name: 'Level' }).selectOption('all');
  await page.screenshot({ path: 'test-results/log/log-all.png' });
});
