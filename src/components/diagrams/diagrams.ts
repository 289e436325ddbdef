/**
 * The site's diagrams by name: their mermaid source, caption and text alternative, and the
 * rendered SVG (rendered once per build and cached).
 */
import { architectureGraph, architectureMermaid } from './architecture-mermaid.ts';
import { flowchartOutline, type FlowOutline } from './flowchart-mermaid.ts';
import { launchInstanceMermaid, launchInstanceTrace, launchParticipants } from './launch-instance-flow.ts';
import { providerNetworkGraph, providerNetworkMermaid } from './provider-network-mermaid.ts';
import { renderDiagramSvg, type RenderedSvg } from './render-svg.ts';
import { requestFlowLines, type FlowLine, type FlowParticipant } from './request-flow-mermaid.ts';

/** Names accepted by `<Diagram name=…>`. */
export const diagramNames = ['architecture', 'provider-network', 'request-flow'] as const;
/** One of `diagramNames`. */
export type DiagramName = (typeof diagramNames)[number];

/** The text alternative: a flowchart outline, or the numbered steps of a sequence. */
export type DiagramOutline =
  | ({ type: 'flowchart' } & FlowOutline)
  | { type: 'sequence'; participants: FlowParticipant[]; lines: FlowLine[] };

/** Everything the component shows for one diagram. */
export interface DiagramSpec {
  /** Short accessible name of the picture. */
  title: string;
  /** Visible caption under the picture. */
  caption: string;
  /** The mermaid source. */
  source: () => string;
  outline: () => DiagramOutline;
  /** The smallest scale the picture may shrink to before the frame scrolls sideways. */
  minScale: number;
}

/** The three diagrams of the concept pages. */
export const diagrams: Record<DiagramName, DiagramSpec> = {
  architecture: {
    title: 'Conceptual architecture of an OpenStack cloud',
    caption:
      'Clients get a token from Keystone, then call the service APIs with it. Solid arrows are API calls between services; dotted ones are token checks, RPC over the message queue and database access.',
    source: () => architectureMermaid(),
    outline: () => ({ type: 'flowchart', ...flowchartOutline(architectureGraph) }),
    // Small enough to fit a 390 px phone without scrolling.
    minScale: 0.65,
  },
  'provider-network': {
    title: 'Provider network layout of the install guide, with Open vSwitch',
    caption:
      'controller and compute1 each have an eth0 on the management network and an eth1 (no IP) on the provider network. An instance’s traffic leaves through tap, br-int, br-provider and eth1 to the physical router; Neutron does no routing. Dotted arrows are control: RPC, agents programming bridges, nova-compute starting the guest.',
    source: () => providerNetworkMermaid(),
    outline: () => ({ type: 'flowchart', ...flowchartOutline(providerNetworkGraph) }),
    minScale: 0.75,
  },
  'request-flow': {
    title: 'Sequence of requests when a server is launched',
    caption:
      'Launching a server, modern Nova. Solid arrows with a filled head are REST requests (method and path) or RPC calls (marked call), which wait for an answer; open heads are RPC casts (marked cast), fire and forget; dashed arrows are replies; boxes are steps inside one service.',
    source: () => launchInstanceMermaid(),
    outline: () => ({ type: 'sequence', ...requestFlowLines(launchInstanceTrace, { participants: launchParticipants }) }),
    minScale: 0.9,
  },
};

const cache = new Map<DiagramName, RenderedSvg>();

/** Returns the rendered SVG of diagram `name`, rendering it on first use. */
export function renderedDiagram(name: DiagramName): RenderedSvg {
  const spec = diagrams[name];
  if (!spec) throw new Error(`Unknown diagram ${JSON.stringify(name)}: use one of ${diagramNames.join(', ')}`);
  let svg = cache.get(name);
  if (!svg) {
    svg = renderDiagramSvg(spec.source(), `sbd-${name}`);
    cache.set(name, svg);
  }
  return svg;
}
