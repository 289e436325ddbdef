import { expect, test } from '@playwright/test';
import { BASE_SITE, readerPages } from './site.ts';

// Story: whoever hosts the site in a sub-folder (STACKBOOK_BASE) gets working pages, links,
// assets and diagrams. The base build is served from its own folder on its own port.
test.describe('site built with a base path', () => {
  test.use({ baseURL: BASE_SITE.url });

  test('every link and asset on every page resolves under the base', async ({ request }) => {
    const broken: string[] = [];
    const checked = new Set<string>();
    for (const path of readerPages(BASE_SITE.dir)) {
      const url = new URL('.' + path, BASE_SITE.url).href;
      const html = await (await request.get(url)).text();
      for (const [, ref] of html.matchAll(/\s(?:href|src)="(\/[^"#?]*)/g)) {
        if (checked.has(ref)) continue;
        checked.add(ref);
        if (!ref.startsWith(BASE_SITE.base)) {
          broken.push(`${path}: ${ref} is outside ${BASE_SITE.base}`);
          continue;
        }
        const res = await request.get(new URL(ref, BASE_SITE.url).href);
        if (!res.ok()) broken.push(`${path}: ${ref} → ${res.status()}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked.size).toBeGreaterThan(10);
  });

  test('the diagram page works under the base', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    await page.goto('concepts/architecture/');
    await expect(page.locator('figure[data-diagram="architecture"]').getByRole('img')).toContainText('Placement');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'How to use Stackbook' }).click();
    await expect(page).toHaveURL(BASE_SITE.url);
    expect(errors).toEqual([]);
  });
});
