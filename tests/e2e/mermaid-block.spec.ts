import { expect, test } from '@playwright/test';

const FIXTURE = '/e2e/mermaid-block/';
/** Is `url` a script of the mermaid package (not our small loader)? */
const isMermaid = (url: string) => {
  const path = new URL(url).pathname;
  return path.endsWith('.js') && /mermaid\.core|elk|flowDiagram/i.test(path);
};

// Story: an author writes a ```mermaid block by hand; the reader's browser fetches mermaid
// only when the block is about to scroll into view, then draws it.
test('a hand-written mermaid block loads mermaid only when scrolled near, then draws', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(FIXTURE);
  const block = page.locator('pre.mermaid');
  await expect(block).toContainText('flowchart LR');
  await page.waitForLoadState('networkidle');
  expect(requested.filter(isMermaid)).toEqual([]);

  await block.scrollIntoViewIfNeeded();
  await expect(block.locator('svg')).toBeVisible({ timeout: 20_000 });
  await expect(block.locator('svg')).toContainText('nova-conductor');
  expect(requested.some(isMermaid)).toBe(true);
});

test('a hand-written block is drawn again in the dark theme', async ({ page }) => {
  await page.goto(FIXTURE);
  const block = page.locator('pre.mermaid');
  await block.scrollIntoViewIfNeeded();
  await expect(block).toHaveAttribute('data-drawn', 'default', { timeout: 20_000 });
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await expect(block).toHaveAttribute('data-drawn', 'dark', { timeout: 20_000 });
});

test('components with their own script still work inside page content', async ({ page }) => {
  await page.goto(FIXTURE);
  await page.getByRole('tab', { name: 'Second tab' }).click();
  await expect(page.getByText('Text of the second tab.')).toBeVisible();
  await expect(page.getByText('Text of the first tab.')).toBeHidden();
});
