import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DIAGRAM_PAGES, pagePaths } from './site.ts';

const diagramPages = new Set<string>(Object.values(DIAGRAM_PAGES));

/** Serious and critical axe violations on the current page, one line each. */
async function seriousViolations(page: import('@playwright/test').Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

// Story: a reader using assistive technology can use every page: axe finds nothing serious.
for (const path of pagePaths()) {
  test(`axe: ${path}`, async ({ page }) => {
    await page.goto(path);
    expect(await seriousViolations(page)).toEqual([]);
  });

  if (diagramPages.has(path)) {
    test(`axe, dark theme: ${path}`, async ({ page }) => {
      await page.addInitScript(() => localStorage.setItem('starlight-theme', 'dark'));
      await page.goto(path);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}
