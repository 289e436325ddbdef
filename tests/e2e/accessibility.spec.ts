import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DIAGRAM_PAGES, pagePaths } from './site.ts';

const diagramPages = new Set<string>(Object.values(DIAGRAM_PAGES));

/** Serious and critical axe violations on the current page (or inside `selector`), one line each. */
async function seriousViolations(page: import('@playwright/test').Page, selector?: string): Promise<string[]> {
  // Expressive Code makes wide code blocks keyboard-focusable from a script once the page has loaded:
  // wait for it, as a keyboard user would meet the page, before judging scrollable-region-focusable.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('pre')].every((p) => p.scrollWidth <= p.clientWidth || p.hasAttribute('tabindex')),
  );
  // Legacy mode runs axe in the page in one go; the default per-frame mode costs twice the time
  // and the site has no iframes.
  const axe = new AxeBuilder({ page }).setLegacyMode(true);
  if (selector) axe.include(selector);
  const { violations } = await axe.analyze();
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
    // Starlight's own dark theme is its business; the diagrams' colours are ours.
    test(`axe, dark theme, diagram: ${path}`, async ({ page }) => {
      await page.addInitScript(() => localStorage.setItem('starlight-theme', 'dark'));
      await page.goto(path);
      expect(await seriousViolations(page, 'figure.sb-diagram')).toEqual([]);
    });
  }
}
