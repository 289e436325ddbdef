import { describe, expect, it } from 'vitest';
import { flowchartMermaid, flowchartOutline, type FlowGraph } from './flowchart-mermaid.ts';

const graph: FlowGraph = {
  direction: 'TB',
  groups: [
    { id: 'ctl', label: 'controller' },
    { id: 'ovs', label: 'Open vSwitch', parent: 'ctl', direction: 'LR' },
  ],
  nodes: [
    { id: 'net', label: 'Provider network', detail: '203.0.113.0/24' },
    { id: 'server', label: 'neutron-server', group: 'ctl', shape: 'round' },
    { id: 'db', label: 'MariaDB', group: 'ctl', shape: 'database' },
    { id: 'brint', label: 'br-int', group: 'ovs' },
    { id: 'brprov', label: 'br-provider', group: 'ovs', shape: 'pill' },
  ],
  edges: [
    { from: 'server', to: 'db', label: 'SQL', style: 'dotted' },
    { from: 'brint', to: 'brprov', label: 'patch ports', style: 'line', description: 'int-br-provider and phy-br-provider' },
    { from: 'brprov', to: 'net', style: 'thick' },
    { from: 'ctl', to: 'net' },
  ],
  notes: ['A note.'],
};

describe('flowchartMermaid', () => {
  it('writes nodes inside their (nested) groups, then the edges', () => {
    expect(flowchartMermaid(graph)).toMatchInlineSnapshot(`
      "flowchart TB
        net["Provider network<br>203.0.113.0/24"]
        subgraph ctl["controller"]
          server("neutron-server")
          db[("MariaDB")]
          subgraph ovs["Open vSwitch"]
            direction LR
            brint["br-int"]
            brprov(["br-provider"])
          end
        end
        server -.->|SQL| db
        brint ---|patch ports| brprov
        brprov === net
        ctl --> net
      "
    `);
  });

  it('refuses edges to unknown nodes and ids mermaid would misread', () => {
    expect(() => flowchartMermaid({ ...graph, edges: [{ from: 'server', to: 'nope' }] })).toThrow(/unknown node or group nope/);
    expect(() =>
      flowchartMermaid({ ...graph, nodes: [{ id: 'a b', label: 'x' }], edges: [] }),
    ).toThrow(/Bad node id/);
  });
});

describe('flowchartOutline', () => {
  it('lists each group with its nodes, then the connections in words', () => {
    expect(flowchartOutline(graph)).toEqual({
      groups: [
        { label: 'controller', items: ['neutron-server', 'MariaDB'] },
        { label: 'controller › Open vSwitch', items: ['br-int', 'br-provider'] },
        { label: 'Other parts', items: ['Provider network (203.0.113.0/24)'] },
      ],
      connections: [
        'neutron-server → MariaDB: SQL',
        'br-int — br-provider: int-br-provider and phy-br-provider',
        'br-provider — Provider network',
        'controller → Provider network',
      ],
      notes: ['A note.'],
    });
  });
});
