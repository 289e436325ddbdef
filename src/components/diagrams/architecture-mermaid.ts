/**
 * Conceptual architecture of the install-guide cloud: which service calls or uses which.
 * Edges follow "A → B means A calls or uses B".
 */
import { flowchartMermaid, type FlowGraph } from './flowchart-mermaid.ts';

/** The services, clients and shared infrastructure, and the dependency edges between them. */
export const architectureGraph: FlowGraph = {
  direction: 'TB',
  groups: [
    { id: 'clients', label: 'Clients' },
    { id: 'apis', label: 'Service APIs' },
  ],
  nodes: [
    { id: 'horizon', label: 'Horizon', detail: 'dashboard', group: 'clients' },
    { id: 'cli', label: 'openstack CLI', group: 'clients' },
    { id: 'keystone', label: 'Keystone', detail: 'identity, catalog', shape: 'round' },
    { id: 'nova', label: 'Nova', detail: 'compute', group: 'apis' },
    { id: 'glance', label: 'Glance', detail: 'images', group: 'apis' },
    { id: 'neutron', label: 'Neutron', detail: 'networking', group: 'apis' },
    { id: 'placement', label: 'Placement', detail: 'resources', group: 'apis' },
    { id: 'cinder', label: 'Cinder', detail: 'block storage', group: 'apis' },
    { id: 'mq', label: 'Message queue', detail: 'RabbitMQ', shape: 'pill' },
    { id: 'db', label: 'SQL database', detail: 'MariaDB', shape: 'database' },
  ],
  edges: [
    { from: 'clients', to: 'keystone', label: 'token', description: 'log in: a token and the service catalog' },
    { from: 'clients', to: 'apis', label: 'REST', description: 'REST calls carrying the token, to every service API' },
    { from: 'keystone', to: 'apis', label: 'authenticates', style: 'dotted', description: 'every API validates tokens with Keystone' },
    { from: 'nova', to: 'glance', label: 'images', description: 'image metadata and download' },
    { from: 'nova', to: 'neutron', label: 'ports', description: 'ports, bindings, security groups' },
    { from: 'nova', to: 'placement', label: 'claims', description: 'allocation candidates, claims, inventory reports' },
    { from: 'nova', to: 'cinder', label: 'volumes', description: 'volumes, attachments, boot from volume' },
    { from: 'cinder', to: 'glance', label: 'image volumes', description: 'create a volume from an image, upload a volume to an image' },
    { from: 'apis', to: 'mq', label: 'RPC', style: 'dotted', description: 'Nova, Neutron and Cinder daemons talk RPC over the queue' },
    { from: 'apis', to: 'db', label: 'SQL', style: 'dotted', description: 'one schema per service' },
  ],
  notes: [
    'Neutron calls back into Nova to report network-vif-plugged events; Cinder does the same for volume events.',
    'Keystone keeps its own schema in the SQL database too.',
  ],
};

/** Returns the mermaid source of the architecture diagram. */
export function architectureMermaid(graph: FlowGraph = architectureGraph): string {
  return flowchartMermaid(graph);
}
