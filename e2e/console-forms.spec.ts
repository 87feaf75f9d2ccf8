// What a new operator tripped over in the forms (issue 14, item 10): stale messages after a
// fix, import confirming before reading the file, unsaved relay settings lost on navigation,
// toasts over the buttons.
import { expect, test } from '@playwright/test';
import { fillCamera, hostPerTest, start } from './console-helpers';

const ctx = hostPerTest();

test('the add camera summary goes once the marked fields are fixed', async ({ page }) => {
  await start(ctx, page);
  await page.getByTestId('camera-add').click();
  const dialog = page.getByTestId('camera-dialog');
  await page.getByTestId('camera-save').click();
  const alert = dialog.locator('.form-alert');
  await expect(alert).toContainText(/Check the (2 fields|field) marked below/);
  await fillCamera(page, { name: 'Gate' });
  await fillCamera(page, { url: 'rtsp://127.0.0.1:9/x' });
  await expect(dialog.locator('[aria-invalid="true"]')).toHaveCount(0);
  await expect(alert).toHaveCount(0);
});
