/** Subnets: create/list/show/update/delete; a DHCP-enabled subnet gets its network scheduled to a DHCP agent. */
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { listQuery, owningProject, ownsOrAdmin, project, resourceBody, timestamp, toBool, toName, touched } from './common.ts';
import { notifyDhcpAgents, scheduleNetwork } from './dhcp-notifier.ts';
import { formatCidr, parseCidr } from './ip.ts';
import { badRequest, badResourceRequest, conflict, invalidAttr, invalidInput, policyDenied, subnetNotFound } from './messages.ts';
import { canSeeNetwork, visibleNetwork } from './networks.ts';
import { checkQuota } from './quotas.ts';
import { checkCidr, checkGateway, checkHostRoutes, checkNameservers, checkPools } from './subnet-checks.ts';

const PUT = ['name', 'description', 'gateway_ip', 'allocation_pools', 'dns_nameservers', 'host_routes', 'enable_dhcp'];
const POST = [...PUT, 'network_id', 'ip_version', 'cidr', 'tenant_id', 'project_id', 'subnetpool_id', 'prefixlen',
  'ipv6_ra_mode', 'ipv6_address_mode', 'service_types', 'segment_id', 'use_default_subnetpool'];

/** The subnet as the API shows it. */
export function subnetView(s: Record<string, any>): Record<string, unknown> {
  return {
    id: s.id, name: s.name, tenant_id: s.project_id, network_id: s.network_id, ip_version: s.ip_version,
    subnetpool_id: null, enable_dhcp: s.enable_dhcp, ipv6_ra_mode: s.ipv6_ra_mode, ipv6_address_mode: s.ipv6_address_mode,
    gateway_ip: s.gateway_ip, cidr: s.cidr, allocation_pools: s.allocation_pools, host_routes: s.host_routes,
    dns_nameservers: s.dns_nameservers, description: s.description, service_types: [], tags: [],
    created_at: s.created_at, updated_at: s.updated_at, revision_number: s.revision_number, project_id: s.project_id, segment_id: null,
  };
}

function visibleSubnet(ctx: Ctx, req: HandlerRequest, id: string): Record<string, any> {
  const s = ctx.db.get('neutron.subnets', id);
  const net = s && ctx.db.get('neutron.networks', s.network_id);
  if (!s || !net || !(ownsOrAdmin(req, s) || canSeeNetwork(req, net))) throw subnetNotFound(id);
  return s;
}

function ipVersionOf(v: unknown): 4 | 6 {
  if (v === undefined) throw badRequest("Failed to parse request. Required attribute 'ip_version' not specified");
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidAttr('ip_version', `'${String(v)}' is not an integer`);
  if (n !== 4 && n !== 6) throw invalidAttr('ip_version', `${n} is not in [4, 6]`);
  return n;
}

/** Asks the network's DHCP agents to serve it, scheduling one first if the network has none yet. */
function serveDhcp(ctx: Ctx, subnet: Record<string, any>, method: string): void {
  const fresh = subnet.enable_dhcp ? scheduleNetwork(ctx, subnet.network_id) : [];
  for (const a of fresh) ctx.cast(`dhcp_agent.${a.host}`, 'network_create_end', { network_id: subnet.network_id });
  const others = ctx.db.where('neutron.networkdhcpagentbindings', (b) => b.network_id === subnet.network_id && !fresh.some((a) => a.id === b.dhcp_agent_id));
  for (const b of others) {
    const a = ctx.db.get('neutron.agents', b.dhcp_agent_id);
    if (a) ctx.cast(`dhcp_agent.${a.host}`, method, { subnet_id: subnet.id, network_id: subnet.network_id });
  }
}

export const createSubnet: Handler = (ctx, req) => {
  const b = resourceBody(req, 'subnet', POST);
  if (b.network_id === undefined) throw badRequest("Failed to parse request. Required attribute 'network_id' not specified");
  const ipVersion = ipVersionOf(b.ip_version);
  const net = visibleNetwork(ctx, req, String(b.network_id));
  if (!ownsOrAdmin(req, net)) throw policyDenied('create_subnet');
  const projectId = owningProject(req, b, 'create_subnet');
  if (b.cidr === undefined || b.cidr === null) throw badResourceRequest('subnets', 'a subnetpool must be specified in the absence of a cidr');
  const dhcp = b.enable_dhcp === undefined ? true : toBool('enable_dhcp', b.enable_dhcp);
  const c = checkCidr(b.cidr, ipVersion, dhcp);
  const cidr = formatCidr(c);
  const gateway = checkGateway(b.gateway_ip, c);
  const pools = checkPools(b.allocation_pools, c, gateway);
  const dns = checkNameservers(b.dns_nameservers);
  const routes = checkHostRoutes(b.host_routes);
  for (const other of ctx.db.where('neutron.subnets', (s) => s.network_id === net.id)) {
    const o = parseCidr(other.cidr)!;
    if (o.version === c.version && o.first <= c.last && c.first <= o.last) {
      throw invalidInput(`Requested subnet with cidr: ${cidr} for network: ${net.id} overlaps with another subnet`);
    }
  }
  checkQuota(ctx, projectId, 'subnet');
  const now = timestamp(ctx);
  const id = ctx.ids.uuid();
  const row = ctx.db.insert('neutron.subnets', id, {
    id, name: toName('name', b.name), network_id: net.id, project_id: projectId, ip_version: ipVersion, cidr,
    gateway_ip: gateway, allocation_pools: pools, dns_nameservers: dns, host_routes: routes, enable_dhcp: dhcp,
    description: toName('description', b.description), ipv6_ra_mode: b.ipv6_ra_mode ?? null,
    ipv6_address_mode: b.ipv6_address_mode ?? null, created_at: now, updated_at: now, revision_number: 0,
  });
  ctx.db.update('neutron.networks', net.id, touched(ctx, net));
  serveDhcp(ctx, row, 'subnet_create_end');
  return { status: 201, body: { subnet: subnetView(row) } };
};

export const listSubnets: Handler = (ctx, req) => {
  const rows = ctx.db.all('neutron.subnets').filter((s) => {
    const net = ctx.db.get('neutron.networks', s.network_id);
    return ownsOrAdmin(req, s) || (net && canSeeNetwork(req, net));
  });
  return { status: 200, body: { subnets: listQuery(req, rows.map(subnetView)) } };
};

export const showSubnet: Handler = (ctx, req) => ({
  status: 200,
  body: { subnet: project(req, subnetView(visibleSubnet(ctx, req, req.params.subnet_id))) },
});

export const updateSubnet: Handler = (ctx, req) => {
  const s = visibleSubnet(ctx, req, req.params.subnet_id);
  if (!ownsOrAdmin(req, s)) throw policyDenied('update_subnet');
  const b = resourceBody(req, 'subnet', PUT);
  const c = parseCidr(s.cidr)!;
  const patch: Record<string, unknown> = { ...touched(ctx, s) };
  if ('name' in b) patch.name = toName('name', b.name);
  if ('description' in b) patch.description = toName('description', b.description);
  if ('enable_dhcp' in b) patch.enable_dhcp = toBool('enable_dhcp', b.enable_dhcp);
  if ('dns_nameservers' in b) patch.dns_nameservers = checkNameservers(b.dns_nameservers, s.id);
  if ('host_routes' in b) patch.host_routes = checkHostRoutes(b.host_routes);
  const gateway = 'gateway_ip' in b ? checkGateway(b.gateway_ip, c) : s.gateway_ip;
  if ('gateway_ip' in b) patch.gateway_ip = gateway;
  if ('allocation_pools' in b || 'gateway_ip' in b) {
    patch.allocation_pools = checkPools('allocation_pools' in b ? b.allocation_pools : s.allocation_pools, c, gateway);
  }
  const row = ctx.db.update('neutron.subnets', s.id, patch);
  serveDhcp(ctx, row, 'subnet_update_end');
  return { status: 200, body: { subnet: subnetView(row) } };
};

/** Removes the subnet row and any address still allocated from it. */
export function deleteSubnetRow(ctx: Ctx, s: Record<string, any>): void {
  for (const a of ctx.db.where('neutron.ipallocations', (x) => x.subnet_id === s.id)) ctx.db.remove('neutron.ipallocations', a.id);
  ctx.db.remove('neutron.subnets', s.id);
}

export const deleteSubnet: Handler = (ctx, req) => {
  const s = visibleSubnet(ctx, req, req.params.subnet_id);
  if (!ownsOrAdmin(req, s)) throw policyDenied('delete_subnet');
  const users = ctx.db
    .where('neutron.ipallocations', (a) => a.subnet_id === s.id)
    .filter((a) => ctx.db.get('neutron.ports', a.port_id)?.device_owner !== 'network:dhcp');
  if (users.length) {
    throw conflict('SubnetInUse', `Unable to complete operation on subnet ${s.id}: One or more ports have an IP allocation from this subnet.`);
  }
  deleteSubnetRow(ctx, s);
  notifyDhcpAgents(ctx, s.network_id, 'subnet_delete_end', { subnet_id: s.id, network_id: s.network_id });
  return { status: 204 };
};
