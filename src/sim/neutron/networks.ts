/** Networks: the ML2 plug-in's create/show/list/update/delete with the provider and external-net extensions. */
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import {
  isTrustedOwner, listQuery, ML2, owningProject, ownsOrAdmin, project, resourceBody, timestamp, toBool, toName, touched,
} from './common.ts';
import { notifyDhcpAgents } from './dhcp-notifier.ts';
import { conflict, invalidAttr, invalidInput, networkNotFound, policyDenied } from './messages.ts';
import { deletePortRow } from './port-ops.ts';
import { checkQuota } from './quotas.ts';
import { releaseSegment, reserveSegment, segmentFromRequest, segmentOf } from './segments.ts';
import { ensureDefaultSecurityGroup } from './security-groups.ts';
import { deleteSubnetRow } from './subnets.ts';

const POST = ['name', 'admin_state_up', 'shared', 'router:external', 'provider:network_type', 'provider:physical_network',
  'provider:segmentation_id', 'mtu', 'port_security_enabled', 'description', 'availability_zone_hints', 'tenant_id',
  'project_id', 'dns_domain', 'qos_policy_id', 'is_default'];
const PUT = ['name', 'admin_state_up', 'shared', 'router:external', 'mtu', 'port_security_enabled', 'description',
  'dns_domain', 'qos_policy_id', 'is_default', 'provider:network_type', 'provider:physical_network', 'provider:segmentation_id'];
/** Attributes whose policy is admin only, in the order Neutron's attribute map lists them. */
const ADMIN_ATTRS = ['shared', 'router:external', 'provider:network_type', 'provider:physical_network', 'provider:segmentation_id', 'is_default'];

/** Members see their project's networks and shared or external ones; admins see all. */
export function canSeeNetwork(req: HandlerRequest, net: Record<string, any>): boolean {
  return ownsOrAdmin(req, net) || net.shared || net.external;
}

/** The network if the caller may see it; NetworkNotFound otherwise (a name is not an id either). */
export function visibleNetwork(ctx: Ctx, req: HandlerRequest, id: string): Record<string, any> {
  const net = ctx.db.get('neutron.networks', id);
  if (!net || !canSeeNetwork(req, net)) throw networkNotFound(id);
  return net;
}

/** The network as the API shows it; provider:* only for admins (policy get_network:provider:*). */
export function networkView(ctx: Ctx, req: HandlerRequest, n: Record<string, any>): Record<string, unknown> {
  const subnets = ctx.db.where('neutron.subnets', (s) => s.network_id === n.id).map((s) => s.id);
  const hosted = ctx.db.where('neutron.networkdhcpagentbindings', (b) => b.network_id === n.id);
  const zones = [...new Set(hosted.map((b) => ctx.db.get('neutron.agents', b.dhcp_agent_id)?.availability_zone).filter(Boolean))];
  const view: Record<string, unknown> = {
    id: n.id, name: n.name, tenant_id: n.project_id, admin_state_up: n.admin_state_up, mtu: n.mtu, status: n.status,
    subnets, shared: n.shared, availability_zone_hints: n.availability_zone_hints, availability_zones: zones,
    ipv4_address_scope: null, ipv6_address_scope: null, 'router:external': n.external, description: n.description,
    port_security_enabled: n.port_security_enabled, qos_policy_id: null, dns_domain: n.dns_domain, is_default: n.is_default,
    tags: [], created_at: n.created_at, updated_at: n.updated_at, revision_number: n.revision_number, project_id: n.project_id,
  };
  if (req.auth.is_admin) {
    const s = segmentOf(ctx, n.id);
    Object.assign(view, {
      'provider:network_type': s.network_type,
      'provider:physical_network': s.physical_network,
      'provider:segmentation_id': s.segmentation_id,
    });
  }
  return view;
}

function adminAttrsSet(b: Record<string, any>): string[] {
  return ADMIN_ATTRS.filter((a) => a in b && b[a] !== null && b[a] !== false && !(a === 'shared' && b[a] === 'false'));
}

function checkMtu(b: Record<string, any>): number {
  if (b.mtu === undefined || b.mtu === null) return ML2.mtu;
  // The attribute map converts with convert_to_int, so "1400" (as the client sends it) is taken as 1400.
  const mtu = typeof b.mtu === 'string' && /^\s*-?\d+\s*$/.test(b.mtu) ? Number(b.mtu) : b.mtu;
  if (!Number.isInteger(mtu)) throw invalidAttr('mtu', `'${b.mtu}' is not an integer`);
  if (mtu < 68) throw invalidAttr('mtu', `'${mtu}' is too small - must be at least '68'`);
  if (mtu > ML2.mtu) throw invalidInput(`Requested MTU is too big, maximum is ${ML2.mtu}`);
  return mtu;
}

export const createNetwork: Handler = (ctx, req) => {
  const b = resourceBody(req, 'network', POST);
  const projectId = owningProject(req, b, 'create_network');
  const attrs = adminAttrsSet(b);
  if (attrs.length && !req.auth.is_admin) throw policyDenied('create_network', attrs);
  const row = {
    id: ctx.ids.uuid(),
    name: toName('name', b.name),
    project_id: projectId,
    admin_state_up: b.admin_state_up === undefined ? true : toBool('admin_state_up', b.admin_state_up),
    status: 'ACTIVE',
    shared: b.shared === undefined ? false : toBool('shared', b.shared),
    external: b['router:external'] === undefined ? false : toBool('router:external', b['router:external']),
    mtu: checkMtu(b),
    port_security_enabled: b.port_security_enabled === undefined ? true : toBool('port_security_enabled', b.port_security_enabled),
    description: toName('description', b.description),
    availability_zone_hints: Array.isArray(b.availability_zone_hints) ? b.availability_zone_hints : [],
    dns_domain: typeof b.dns_domain === 'string' ? b.dns_domain : '',
    is_default: b.is_default === undefined ? false : toBool('is_default', b.is_default),
    created_at: timestamp(ctx),
    updated_at: timestamp(ctx),
    revision_number: 1,
  };
  checkQuota(ctx, projectId, 'network');
  ensureDefaultSecurityGroup(ctx, req, projectId);
  const segment = segmentFromRequest(b);
  ctx.db.insert('neutron.networks', row.id, row);
  reserveSegment(ctx, row.id, segment);
  return { status: 201, body: { network: networkView(ctx, req, row) } };
};

export const listNetworks: Handler = (ctx, req) => {
  const rows = ctx.db.all('neutron.networks').filter((n) => canSeeNetwork(req, n)).map((n) => networkView(ctx, req, n));
  return { status: 200, body: { networks: listQuery(req, rows) } };
};

export const showNetwork: Handler = (ctx, req) => ({
  status: 200,
  body: { network: project(req, networkView(ctx, req, visibleNetwork(ctx, req, req.params.network_id))) },
});

export const updateNetwork: Handler = (ctx, req) => {
  const net = visibleNetwork(ctx, req, req.params.network_id);
  const b = resourceBody(req, 'network', PUT);
  const attrs = ADMIN_ATTRS.filter((a) => a in b);
  if (!ownsOrAdmin(req, net) || (attrs.length && !req.auth.is_admin)) throw policyDenied('update_network', attrs);
  if (['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'].some((a) => a in b)) {
    throw invalidInput('Plugin does not support updating provider attributes');
  }
  const patch: Record<string, unknown> = { ...touched(ctx, net) };
  if ('name' in b) patch.name = toName('name', b.name);
  if ('description' in b) patch.description = toName('description', b.description);
  if ('admin_state_up' in b) patch.admin_state_up = toBool('admin_state_up', b.admin_state_up);
  if ('router:external' in b) patch.external = toBool('router:external', b['router:external']);
  if ('port_security_enabled' in b) patch.port_security_enabled = toBool('port_security_enabled', b.port_security_enabled);
  if ('is_default' in b) patch.is_default = toBool('is_default', b.is_default);
  if ('mtu' in b) patch.mtu = checkMtu(b);
  if ('shared' in b) {
    patch.shared = toBool('shared', b.shared);
    const others = ctx.db.where('neutron.ports', (p) => p.network_id === net.id && p.project_id !== net.project_id && !isTrustedOwner(p.device_owner));
    if (!patch.shared && others.length) {
      throw conflict('InvalidSharedSetting', `Unable to reconfigure sharing settings for network ${net.id}. Multiple tenants are using it.`);
    }
  }
  const row = ctx.db.update('neutron.networks', net.id, patch);
  return { status: 200, body: { network: networkView(ctx, req, row) } };
};

/** Ports Neutron removes itself when their network goes (AUTO_DELETE_PORT_OWNERS). */
const AUTO_DELETE = ['network:dhcp', 'network:router_ha_interface', 'network:distributed', 'network:floatingip_agent_gateway'];

export const deleteNetwork: Handler = (ctx, req) => {
  const net = visibleNetwork(ctx, req, req.params.network_id);
  if (!ownsOrAdmin(req, net)) throw policyDenied('delete_network');
  const busy = ctx.db.where('neutron.ports', (p) => p.network_id === net.id && !AUTO_DELETE.includes(p.device_owner));
  if (busy.length) {
    throw conflict('NetworkInUse', `Unable to complete operation on network ${net.id}. There are one or more ports still in use on the network, id for these ports is: ${busy.map((p) => p.id).join(',')}.`);
  }
  for (const p of ctx.db.where('neutron.ports', (x) => x.network_id === net.id)) deletePortRow(ctx, p);
  for (const s of ctx.db.where('neutron.subnets', (x) => x.network_id === net.id)) deleteSubnetRow(ctx, s);
  notifyDhcpAgents(ctx, net.id, 'network_delete_end', { network_id: net.id });
  for (const b of ctx.db.where('neutron.networkdhcpagentbindings', (x) => x.network_id === net.id)) {
    ctx.db.remove('neutron.networkdhcpagentbindings', b.id);
  }
  ctx.fanout('q-agent-notifier', 'network_delete', { network_id: net.id });
  releaseSegment(ctx, net.id);
  ctx.db.remove('neutron.networks', net.id);
  return { status: 204 };
};

