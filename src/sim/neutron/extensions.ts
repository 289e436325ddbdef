/** Version discovery and the extensions list of an ML2 deployment without the L3 router plug-in (install guide option 1). */
import type { Handler } from '../core/types.ts';
import { project } from './common.ts';
import { apiError } from '../core/errors.ts';

const BASE = 'http://controller:9696';

/** [alias, name, description] of each extension this neutron-server loads. */
const EXTENSIONS: [string, string, string][] = [
  ['address-scope', 'Address scope', 'Address scopes group subnet pools whose addresses must not overlap.'],
  ['agent', 'agent', 'The agents API: list, show, update and delete agents.'],
  ['allowed-address-pairs', 'Allowed Address Pairs', 'Extra MAC/IP pairs a port may send from.'],
  ['availability_zone', 'Availability Zone', 'Availability zones of agents and resources.'],
  ['binding', 'Port Binding', 'The binding:* attributes: host, VIF type, VIF details, vNIC type and profile.'],
  ['binding-extended', 'Port Bindings Extended', 'Several bindings per port, for live migration.'],
  ['default-subnetpools', 'Default Subnetpools', 'Default subnet pools for IPv4 and IPv6.'],
  ['dhcp_agent_scheduler', 'DHCP Agent Scheduler', 'Which DHCP agents serve which networks.'],
  ['external-net', 'Neutron external network', 'The router:external attribute of networks.'],
  ['extra_dhcp_opt', 'Neutron Extra DHCP options', 'Extra DHCP options on ports.'],
  ['filter-validation', 'Filter parameters validation', 'List filters are checked against the resource attributes.'],
  ['multi-provider', 'Multi Provider Network', 'Networks made of several segments.'],
  ['net-mtu', 'Network MTU', 'The mtu attribute of networks.'],
  ['net-mtu-writable', 'Network MTU (writable)', 'The mtu of a network can be changed.'],
  ['network-ip-availability', 'Network IP Availability', 'How many addresses each network and subnet has used.'],
  ['network_availability_zone', 'Network Availability Zone', 'Availability zone hints of networks.'],
  ['pagination', 'Pagination support', 'limit and marker on list requests.'],
  ['port-security', 'Port Security', 'The port_security_enabled attribute of networks and ports.'],
  ['project-id', 'project_id field enabled', 'project_id next to tenant_id in every resource.'],
  ['provider', 'Provider Network', 'The provider:* attributes: network type, physical network, segmentation ID.'],
  ['quota_details', 'Quota details management support', 'Used and reserved counts next to each quota limit.'],
  ['quotas', 'Quota management support', 'Per-project quotas.'],
  ['rbac-policies', 'RBAC Policies', 'Sharing networks with chosen projects.'],
  ['revision-if-match', 'If-Match constraints based on revision_number', 'Conditional updates on revision_number.'],
  ['security-group', 'security-group', 'Security groups and their rules.'],
  ['segment', 'Segment', 'Network segments as resources.'],
  ['sorting', 'Sorting support', 'sort_key and sort_dir on list requests.'],
  ['standard-attr-description', 'standard-attr-description', 'A description on every resource.'],
  ['standard-attr-revisions', 'Resource revision numbers', 'A revision_number on every resource.'],
  ['standard-attr-tag', 'Tag support for resources with standard attribute', 'Tags on every resource.'],
  ['standard-attr-timestamp', 'Resource timestamps', 'created_at and updated_at on every resource.'],
  ['stateful-security-group', 'Stateful security group', 'Security groups can be stateless.'],
  ['subnet_allocation', 'Subnet Allocation', 'Subnets allocated from subnet pools.'],
];

const UPDATED = '2026-01-01T10:00:00-00:00';

function extensionView([alias, name, description]: [string, string, string]) {
  return { name, alias, description, updated: UPDATED, links: [] };
}

/** GET / (no token): the API versions. */
export const listVersions: Handler = () => ({
  status: 200,
  body: { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${BASE}/v2.0/`, rel: 'self' }] }] },
});

/** GET /v2.0: the resource collections this version offers. */
export const showVersion: Handler = () => ({
  status: 200,
  body: {
    resources: ['subnet', 'network', 'port'].map((r) => ({
      name: r, collection: `${r}s`, links: [{ href: `${BASE}/v2.0/${r}s`, rel: 'self' }],
    })),
  },
});

export const listExtensions: Handler = (_ctx, req) => ({
  status: 200,
  body: { extensions: EXTENSIONS.map((e) => project(req, extensionView(e))) },
});

export const showExtension: Handler = (_ctx, req) => {
  const e = EXTENSIONS.find(([alias]) => alias === req.params.alias);
  if (!e) throw apiError(404, 'Extension with alias ' + req.params.alias + ' does not exist', 'HTTPNotFound');
  return { status: 200, body: { extension: extensionView(e) } };
};
