import { expect, test } from '@playwright/test';

// Story: a reader looks for "Placement" with the site search and gets to a page about it.
test('search finds Placement', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Search' }).fill('Placement');
  const result = dialog.getByRole('link', { name: /Placement/ }).first();
  await expect(result).toBeVisible({ timeout: 15_000 });
  await result.click();
  await expect(page.getByRole('main')).toContainText('Placement');
});
