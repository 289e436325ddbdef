import { describe, expect, it } from 'vitest';
import { diagramNames, diagrams, renderedDiagram } from './diagrams.ts';

const expected: Record<(typeof diagramNames)[number], string[]> = {
  architecture: ['Keystone', 'Nova', 'Glance', 'Neutron', 'Placement', 'Cinder', 'Horizon', 'openstack CLI', 'Message queue', 'SQL database'],
  'provider-network': [
    'controller · 10.0.0.11',
    'compute1 · 10.0.0.31',
    '10.0.0.0/24',
    '203.0.113.0/24',
    'gateway 203.0.113.1',
    'neutron-server',
    'ML2 plug-in',
    'DHCP agent',
    'qdhcp namespace',
    'metadata agent',
    'nova-compute',
    'L2 agent',
    'br-int',
    'br-provider',
    'patch ports',
    'tap device',
    'instance',
  ],
  'request-flow': [
    'CLI',
    'Keystone',
    'nova-api',
    'Glance',
    'Neutron',
    'nova-conductor',
    'nova-scheduler',
    'Placement',
    'nova-compute',
    'L2 agent',
    'hypervisor',
    'cast schedule_and_build_instances',
    'call select_destinations',
    'PUT /allocations/{uuid} (claim) → 204',
  ],
};

/** The text a browser would show: tags dropped, character references decoded. */
function svgText(inner: string): string {
  return inner
    .replace(/<\/(?:text|tspan)>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)))
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe.each(diagramNames)('diagram %s', (name) => {
  const svg = renderedDiagram(name);

  it('renders to SVG holding every expected label', () => {
    const text = svgText(svg.inner);
    for (const label of expected[name]) expect(text).toContain(label);
  });

  it('is ready to inline: no <style>, no web font, no undecoded entity codes, prefixed ids', () => {
    expect(svg.inner).not.toMatch(/<style|@import|googleapis/);
    expect(svgText(svg.inner)).not.toMatch(/#\d+;/);
    for (const [, id] of svg.inner.matchAll(/\sid="([^"]+)"/g)) expect(id.startsWith(`sbd-${name}-`)).toBe(true);
    expect(svg.width).toBeGreaterThan(100);
    expect(svg.height).toBeGreaterThan(100);
  });

  it('has a text alternative and a caption', () => {
    const spec = diagrams[name];
    expect(spec.caption.length).toBeGreaterThan(40);
    const outline = spec.outline();
    if (outline.type === 'flowchart') expect(outline.connections.length).toBeGreaterThan(5);
    else expect(outline.lines.filter((l) => !l.note).length).toBeGreaterThan(20);
  });
});

it('renders each diagram once and reuses it', () => {
  expect(renderedDiagram('architecture')).toBe(renderedDiagram('architecture'));
});
