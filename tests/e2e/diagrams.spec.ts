import { expect, test } from '@playwright/test';
import { DIAGRAM_PAGES } from './site.ts';

const NODES: Record<keyof typeof DIAGRAM_PAGES, string[]> = {
  architecture: ['Keystone', 'Nova', 'Glance', 'Neutron', 'Placement', 'Cinder', 'Horizon', 'openstack CLI', 'Message queue', 'SQL database'],
  'provider-network': ['controller · 10.0.0.11', 'compute1 · 10.0.0.31', '10.0.0.0/24', '203.0.113.0/24', '203.0.113.1', 'neutron-server', 'DHCP agent', 'qdhcp namespace', 'metadata agent', 'nova-compute', 'L2 agent', 'br-int', 'br-provider', 'tap device', 'instance'],
  'request-flow': ['CLI', 'Keystone', 'nova-api', 'Glance', 'Neutron', 'nova-conductor', 'nova-scheduler', 'Placement', 'nova-compute', 'L2 agent', 'hypervisor', 'POST /v2.1/servers', 'cast schedule_and_build_instances', 'call select_destinations', 'cast build_and_run_instance'],
};

// Story: a reader sees each diagram as a picture, even with JavaScript off, in light and dark
// mode, and a screen-reader user gets it as text.
test.describe('diagrams without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  for (const [name, path] of Object.entries(DIAGRAM_PAGES) as [keyof typeof DIAGRAM_PAGES, string][]) {
    test(`${name} is an SVG picture on ${path} with its nodes`, async ({ page }) => {
      await page.goto(path);
      const figure = page.locator(`figure[data-diagram="${name}"]`);
      const svg = figure.getByRole('img');
      await expect(svg).toBeVisible();
      expect(await svg.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
      const text = await svg.textContent();
      for (const node of NODES[name]) expect(text, `node ${node}`).toContain(node);
      const box = await svg.boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      await expect(figure.locator('figcaption')).not.toBeEmpty();
    });

    test(`${name} has an accessible name and a text alternative`, async ({ page }) => {
      await page.goto(path);
      const figure = page.locator(`figure[data-diagram="${name}"]`);
      const svg = figure.getByRole('img');
      await expect(svg).toHaveAccessibleName(/.{10,}/);
      await expect(svg).toHaveAccessibleDescription(/.{50,}/);
      await figure.getByText('The diagram as text').click();
      await expect(figure.getByRole('listitem').first()).toBeVisible();
    });
  }
});

test('a diagram follows the theme: text is dark on light, light on dark', async ({ page }) => {
  const lightness = async () =>
    page.locator('figure[data-diagram="architecture"] svg text').first().evaluate((el) => {
      const [r, g, b] = getComputedStyle(el).fill.match(/[\d.]+/g)!.map(Number);
      return (r + g + b) / 3;
    });
  await page.addInitScript(() => localStorage.setItem('starlight-theme', 'light'));
  await page.goto(DIAGRAM_PAGES.architecture);
  expect(await lightness()).toBeLessThan(100);
  await page.evaluate(() => localStorage.setItem('starlight-theme', 'dark'));
  await page.addInitScript(() => localStorage.setItem('starlight-theme', 'dark'));
  await page.reload();
  expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
  expect(await lightness()).toBeGreaterThan(160);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the wide sequence diagram scrolls sideways inside its frame, with a hint', async ({ page }) => {
    await page.goto(DIAGRAM_PAGES['request-flow']);
    const figure = page.locator('figure[data-diagram="request-flow"]');
    const frame = figure.getByRole('group', { name: /picture/ });
    const { scrollWidth, clientWidth } = await frame.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    await expect(figure.getByText('Scroll sideways')).toBeVisible();
    // The page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
