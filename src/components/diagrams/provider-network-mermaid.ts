/**
 * The install guide's provider-network layout (networking option 1) with the Open vSwitch
 * agent: two nodes, the management and provider networks, the Neutron agents on each node and
 * the bridges an instance's traffic crosses on its way to the physical router.
 */
import { flowchartMermaid, type FlowGraph } from './flowchart-mermaid.ts';

/** Nodes, agents, bridges and networks of the provider-network layout. */
export const providerNetworkGraph: FlowGraph = {
  direction: 'TB',
  groups: [
    { id: 'controller', label: 'controller · 10.0.0.11' },
    { id: 'compute1', label: 'compute1 · 10.0.0.31' },
  ],
  nodes: [
    { id: 'mgmt', label: 'Management network', detail: '10.0.0.0/24' },
    { id: 'server', label: 'neutron-server', detail: 'ML2 plug-in', group: 'controller' },
    { id: 'l2c', label: 'L2 agent', detail: 'Open vSwitch', group: 'controller' },
    { id: 'dhcp', label: 'DHCP agent', group: 'controller' },
    { id: 'meta', label: 'metadata agent', group: 'controller' },
    { id: 'qdhcp', label: 'qdhcp namespace', detail: 'dnsmasq on a DHCP port', shape: 'pill', group: 'controller' },
    { id: 'brintc', label: 'br-int', group: 'controller' },
    { id: 'brprovc', label: 'br-provider', group: 'controller' },
    { id: 'eth1c', label: 'eth1 · no IP', group: 'controller' },
    { id: 'nova', label: 'nova-compute', detail: 'libvirt / KVM', group: 'compute1' },
    { id: 'l2k', label: 'L2 agent', detail: 'Open vSwitch', group: 'compute1' },
    { id: 'vm', label: 'instance', detail: '203.0.113.103', shape: 'pill', group: 'compute1' },
    { id: 'tap', label: 'tap device', group: 'compute1' },
    { id: 'brintk', label: 'br-int', group: 'compute1' },
    { id: 'brprovk', label: 'br-provider', group: 'compute1' },
    { id: 'eth1k', label: 'eth1 · no IP', group: 'compute1' },
    { id: 'prov', label: 'Provider network', detail: '203.0.113.0/24' },
    { id: 'router', label: 'Physical router', detail: 'gateway 203.0.113.1' },
  ],
  edges: [
    { from: 'mgmt', to: 'controller', style: 'line', label: 'eth0', description: 'eth0 (10.0.0.11) carries API, RPC and database traffic' },
    { from: 'mgmt', to: 'compute1', style: 'line', label: 'eth0', description: 'eth0 (10.0.0.31) carries API, RPC and database traffic' },
    { from: 'server', to: 'l2c', label: 'RPC', style: 'dotted' },
    { from: 'server', to: 'dhcp', label: 'RPC', style: 'dotted' },
    { from: 'dhcp', to: 'qdhcp', label: 'runs', style: 'dotted', description: 'runs dnsmasq in the namespace' },
    { from: 'qdhcp', to: 'meta', label: 'metadata', style: 'dotted', description: 'forwards metadata requests (169.254.169.254), which the agent passes to nova-api' },
    { from: 'l2c', to: 'brintc', label: 'programs', style: 'dotted' },
    { from: 'l2k', to: 'brintk', label: 'programs', style: 'dotted' },
    { from: 'nova', to: 'vm', label: 'starts', style: 'dotted', description: 'starts the guest through libvirt' },
    { from: 'qdhcp', to: 'brintc', style: 'line', description: 'DHCP port (an OVS internal port)' },
    { from: 'brintc', to: 'brprovc', style: 'line', label: 'patch ports', description: 'patch ports int-br-provider and phy-br-provider' },
    { from: 'brprovc', to: 'eth1c', style: 'line' },
    { from: 'vm', to: 'tap', style: 'line', description: "the guest's eth0 is the tap device on the host" },
    { from: 'tap', to: 'brintk', style: 'line' },
    { from: 'brintk', to: 'brprovk', style: 'line', label: 'patch ports', description: 'patch ports int-br-provider and phy-br-provider' },
    { from: 'brprovk', to: 'eth1k', style: 'line' },
    { from: 'eth1c', to: 'prov', style: 'thick' },
    { from: 'eth1k', to: 'prov', style: 'thick' },
    { from: 'prov', to: 'router', style: 'thick', description: 'the only way out: Neutron does no routing on this network' },
  ],
  notes: [
    'The L2 agent on compute1 also talks RPC to neutron-server, over the management network.',
    'With the Linux bridge agent of the older guide, br-int and br-provider are replaced by one bridge per network, brq plus the start of the network ID, holding the tap device and eth1.',
  ],
};

/** Returns the mermaid source of the provider-network diagram. */
export function providerNetworkMermaid(graph: FlowGraph = providerNetworkGraph): string {
  return flowchartMermaid(graph);
}
