import { expect, test } from '@playwright/test';
import { isDiagramCode, pagePaths } from './site.ts';

// Story: a reader opens any page of the site and it loads cleanly: no console error, no
// uncaught exception, no missing file.
for (const path of pagePaths()) {
  test(`page ${path} loads without errors`, async ({ page, baseURL }) => {
    const problems: string[] = [];
    const scripts: string[] = [];
    page.on('request', (r) => scripts.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && r.url().startsWith(baseURL!) && r.url() !== new URL(path, baseURL).href) {
        problems.push(`${r.status()} ${r.url()}`);
      }
    });
    const res = await page.goto(path, { waitUntil: 'load' });
    expect(res?.status(), 'page status').toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    // Only a page with a hand-written mermaid block may fetch diagram code.
    if ((await page.locator('pre.mermaid').count()) === 0) expect(scripts.filter(isDiagramCode)).toEqual([]);
  });
}
