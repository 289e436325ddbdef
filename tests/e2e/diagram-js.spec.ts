import { expect, test } from '@playwright/test';
import { CONTENT_SCRIPTS, DIAGRAM_PAGES, builtHtml, isDiagramCode, readerPages } from './site.ts';

/** The JavaScript a built page references: module scripts, modulepreloads, inline script bytes. */
function shippedJs(html: string) {
  const files = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]);
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((n, m) => n + m[1].length, 0);
  return { files: new Set(files), inline };
}

// Story: the built-in diagrams cost the reader no JavaScript: their pages load no
// diagram-rendering code and ship no more script than a plain page.
for (const [name, path] of Object.entries(DIAGRAM_PAGES)) {
  test(`${name}: ${path} requests no diagram-rendering code`, async ({ page }) => {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(path);
    await page.locator(`figure[data-diagram="${name}"]`).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForLoadState('networkidle');
    expect(requested.filter(isDiagramCode)).toEqual([]);
  });

  test(`${name}: ${path} ships no more JavaScript than a plain page`, () => {
    const js = shippedJs(builtHtml(path));
    expect([...js.files].filter(isDiagramCode)).toEqual([]);
    // The plainest page of the site: the one with the fewest script files.
    const plain = readerPages()
      .map((p) => shippedJs(builtHtml(p)))
      .sort((a, b) => a.files.size - b.files.size)[0];
    // Code blocks on the page bring Expressive Code's script; that is the text's, not the diagram's.
    for (const f of js.files) if (!CONTENT_SCRIPTS.test(f)) expect(plain.files, `script ${f}`).toContain(f);
    // Inline scripts differ by the page's own data (sidebar state hash and the like), not by code.
    expect(js.inline).toBeLessThanOrEqual(plain.inline + 200);
  });
}
