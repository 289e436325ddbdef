import { expect, test } from '@playwright/test';
import { readerPages } from './site.ts';

const SECTIONS = ['Start here', 'Concepts', 'Services', 'Reference'];

// Story: from the start page a reader reaches every section, and every page, through the sidebar.
test('the sidebar lists every section and links every page', async ({ page }) => {
  await page.goto('/');
  const sidebar = page.getByRole('navigation', { name: 'Main' });
  const linked = new Set<string>();
  for (const section of SECTIONS) {
    const group = sidebar.locator('details').filter({ has: page.locator('summary', { hasText: section }) }).first();
    await expect(group, `section ${section}`).toBeVisible();
    const links = group.getByRole('link');
    expect(await links.count(), `links under ${section}`).toBeGreaterThan(0);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) linked.add(href);
  }
  expect([...linked].sort()).toEqual(readerPages());
});

test('each sidebar link opens its page and marks it current', async ({ page }) => {
  await page.goto('/');
  const sidebar = page.getByRole('navigation', { name: 'Main' });
  const links = await sidebar.getByRole('link').evaluateAll((as) =>
    as.map((a) => ({ href: a.getAttribute('href')!, name: a.textContent!.trim() })),
  );
  for (const { href, name } of links) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${href.replace(/[/.]/g, '\\$&')}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
  }
});
