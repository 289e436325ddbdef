/**
 * A small, typed description of a flowchart, and the mermaid text and plain-text outline
 * built from it. The architecture and provider-network diagrams are both data of this shape.
 */
import { mermaidLabel } from './mermaid-label.ts';

/** How a node is drawn: a box, a rounded box, a database cylinder or a stadium (pill). */
export type NodeShape = 'box' | 'round' | 'database' | 'pill';

/** One box in the chart. `group` places it inside a subgraph. */
export interface FlowNode {
  id: string;
  label: string;
  /** Shown under the label, e.g. an address or port. */
  detail?: string;
  shape?: NodeShape;
  group?: string;
}

/** A subgraph (a labelled frame). `parent` nests it inside another group. */
export interface FlowGroup {
  id: string;
  label: string;
  parent?: string;
  direction?: 'LR' | 'TB';
}

/** An arrow. `dotted` marks control or a weaker use; `line` is a plain link and `thick` a heavy link (no heads). */
export interface FlowEdge {
  from: string;
  to: string;
  label?: string;
  /** Longer wording for the text alternative; the picture shows `label`. */
  description?: string;
  style?: 'solid' | 'dotted' | 'thick' | 'line';
}

/** A whole chart: direction, groups, nodes and edges, written out in this order. */
export interface FlowGraph {
  direction: 'LR' | 'TB';
  groups: FlowGroup[];
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Facts the picture leaves out, added to the text alternative. */
  notes?: string[];
}

const OPEN_CLOSE: Record<NodeShape, [string, string]> = {
  box: ['["', '"]'],
  round: ['("', '")'],
  database: ['[("', '")]'],
  pill: ['(["', '"])'],
};

const ARROW: Record<NonNullable<FlowEdge['style']>, string> = {
  solid: '-->',
  dotted: '-.->',
  thick: '===',
  line: '---',
};

const ID = /^[A-Za-z][\w-]*$/;

function checkId(id: string, what: string): string {
  if (!ID.test(id)) throw new Error(`Bad ${what} id ${JSON.stringify(id)}: use letters, digits, - and _`);
  return id;
}

function nodeLine(n: FlowNode): string {
  const [open, close] = OPEN_CLOSE[n.shape ?? 'box'];
  const text = n.detail ? `${mermaidLabel(n.label)}<br>${mermaidLabel(n.detail)}` : mermaidLabel(n.label);
  return `${checkId(n.id, 'node')}${open}${text}${close}`;
}

function edgeLine(e: FlowEdge): string {
  const arrow = ARROW[e.style ?? 'solid'];
  const label = e.label ? `|${mermaidLabel(e.label)}|` : '';
  return `${checkId(e.from, 'edge source')} ${arrow}${label} ${checkId(e.to, 'edge target')}`;
}

/** Returns the mermaid `flowchart` text for `graph`, groups nested in declaration order. */
export function flowchartMermaid(graph: FlowGraph): string {
  const known = new Set([...graph.groups.map((g) => g.id), ...graph.nodes.map((n) => n.id)]);
  for (const e of graph.edges) {
    for (const end of [e.from, e.to]) {
      if (!known.has(end)) throw new Error(`Edge ${e.from} -> ${e.to} names unknown node or group ${end}`);
    }
  }
  const out = [`flowchart ${graph.direction}`];
  const writeGroup = (parent: string | undefined, indent: string): void => {
    for (const n of graph.nodes.filter((x) => x.group === parent)) out.push(indent + nodeLine(n));
    for (const g of graph.groups.filter((x) => x.parent === parent)) {
      out.push(`${indent}subgraph ${checkId(g.id, 'group')}["${mermaidLabel(g.label)}"]`);
      if (g.direction) out.push(`${indent}  direction ${g.direction}`);
      writeGroup(g.id, indent + '  ');
      out.push(`${indent}end`);
    }
  };
  writeGroup(undefined, '  ');
  for (const e of graph.edges) out.push('  ' + edgeLine(e));
  return out.join('\n') + '\n';
}

/** A plain-text reading of a chart: each group with its nodes, then each connection. */
export interface FlowOutline {
  groups: { label: string; items: string[] }[];
  connections: string[];
  notes: string[];
}

/** Returns the text alternative of `graph`: what is where, and what uses what. */
export function flowchartOutline(graph: FlowGraph): FlowOutline {
  const name = new Map<string, string>();
  for (const g of graph.groups) name.set(g.id, g.label);
  for (const n of graph.nodes) name.set(n.id, n.label);
  const describe = (n: FlowNode) => (n.detail ? `${n.label} (${n.detail})` : n.label);
  const path = (g: FlowGroup): string => {
    const parent = graph.groups.find((p) => p.id === g.parent);
    return parent ? `${path(parent)} › ${g.label}` : g.label;
  };
  const groups = graph.groups
    .map((g) => ({ label: path(g), items: graph.nodes.filter((n) => n.group === g.id).map(describe) }))
    .filter((g) => g.items.length > 0);
  const loose = graph.nodes.filter((n) => !n.group).map(describe);
  if (loose.length) groups.push({ label: 'Other parts', items: loose });
  const connections = graph.edges.map((e) => {
    const link = e.style === 'line' || e.style === 'thick' ? '—' : '→';
    const words = e.description ?? e.label;
    return `${name.get(e.from)} ${link} ${name.get(e.to)}${words ? `: ${words}` : ''}`;
  });
  return { groups, connections, notes: graph.notes ?? [] };
}
