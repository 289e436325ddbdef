/** Ports: the REST surface (create/list/show/update/delete) with the binding, port-security and security-group extensions. */
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { isTrustedOwner, listQuery, owningProject, ownsOrAdmin, project, resourceBody, toBool, toName, touched } from './common.ts';
import { notifyPortChange } from './dhcp-notifier.ts';
import { allocateIps, chooseFixedIps, fixedIpsOf, releaseIps } from './ipam.ts';
import { badRequest, conflict, invalidAttr, networkNotFound, policyDenied, portNotFound, securityGroupNotFound } from './messages.ts';
import { bindingOf, bindPort } from './ml2.ts';
import { visibleNetwork } from './networks.ts';
import { notifyNova } from './nova-notifier.ts';
import { createPortRow, deletePortRow, groupsOf, portView, setGroups, setPortStatus } from './port-ops.ts';
import { checkQuota } from './quotas.ts';
import { apiError } from '../core/errors.ts';

const PUT = ['name', 'admin_state_up', 'mac_address', 'fixed_ips', 'device_id', 'device_owner', 'security_groups',
  'port_security_enabled', 'allowed_address_pairs', 'description', 'binding:host_id', 'binding:profile', 'binding:vnic_type'];
const POST = [...PUT, 'network_id', 'tenant_id', 'project_id', 'extra_dhcp_opts'];
const VNIC_TYPES = ['normal', 'direct', 'macvtap', 'baremetal', 'direct-physical', 'virtio-forwarder', 'smart-nic', 'vdpa', 'remote-managed'];

/**
 * Attribute policies of create_port/update_port: binding:host_id and binding:profile are admin only; MAC, IP address,
 * port security, address pairs and `network:*` owners need the network's owner. Returns the match rule's parts.
 */
function checkPortPolicy(req: HandlerRequest, action: string, b: Record<string, any>, net: Record<string, any>): void {
  const netOwner = ownsOrAdmin(req, net);
  const parts: string[] = [];
  let denied = false;
  const add = (part: string, ok: boolean) => {
    parts.push(part);
    denied ||= !ok;
  };
  if ('mac_address' in b) add('mac_address', netOwner);
  if (Array.isArray(b.fixed_ips) && b.fixed_ips.length) {
    // Entries that are not objects are left for validate_fixed_ips (a 400), which neutron runs before the policy.
    const subs = ['subnet_id', 'ip_address'].filter((k) => b.fixed_ips.some((f: any) => f && typeof f === 'object' && k in f));
    const sub = subs.map((k) => `rule:${action}:fixed_ips:${k}`).join(' and ');
    add(subs.length ? `(rule:${action}:fixed_ips and (${sub}))` : 'fixed_ips', netOwner || !subs.includes('ip_address'));
  }
  if (isTrustedOwner(b.device_owner)) add('device_owner', netOwner);
  if (b['binding:host_id'] !== undefined && b['binding:host_id'] !== '') add('binding:host_id', req.auth.is_admin);
  if (b['binding:profile'] !== undefined && JSON.stringify(b['binding:profile']) !== '{}') add('binding:profile', req.auth.is_admin);
  if (b['binding:vnic_type'] !== undefined && b['binding:vnic_type'] !== 'normal') add('binding:vnic_type', true);
  if ('port_security_enabled' in b) add('port_security_enabled', netOwner);
  if (Array.isArray(b.allowed_address_pairs) && b.allowed_address_pairs.length) add('allowed_address_pairs', netOwner);
  if (denied) throw policyDenied(action, parts);
}

function checkGroups(ctx: Ctx, req: HandlerRequest, v: unknown, projectId: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidAttr('security_groups', `'${String(v)}' is not a list`);
  const missing = v.filter((id) => {
    const sg = ctx.db.get('neutron.securitygroups', String(id));
    return !sg || (sg.project_id !== projectId && !req.auth.is_admin);
  });
  if (missing.length) throw securityGroupNotFound(missing.join(', '));
  return [...new Set(v.map(String))];
}

function checkMac(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(v)) throw invalidAttr('mac_address', `'${String(v)}' is not a valid MAC address`);
  return v.toLowerCase().replace(/-/g, ':');
}

function checkVnic(v: unknown): string {
  if (v === undefined) return 'normal';
  if (!VNIC_TYPES.includes(String(v))) throw invalidAttr('binding:vnic_type', `${String(v)} is not in [${VNIC_TYPES.map((t) => `'${t}'`).join(', ')}]`);
  return String(v);
}

function checkProfile(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidAttr('binding:profile', `'${String(v)}' is not a dictionary`);
  return v as Record<string, unknown>;
}

/** Members see their own ports and the ports on networks they own; admins see all. */
function canSeePort(ctx: Ctx, req: HandlerRequest, p: Record<string, any>): boolean {
  return ownsOrAdmin(req, p) || ctx.db.get('neutron.networks', p.network_id)?.project_id === req.auth.project_id;
}

function visiblePort(ctx: Ctx, req: HandlerRequest, id: string): Record<string, any> {
  const p = ctx.db.get('neutron.ports', id);
  if (!p || !canSeePort(ctx, req, p)) throw portNotFound(id);
  return p;
}

export const createPort: Handler = (ctx, req) => {
  const b = resourceBody(req, 'port', POST);
  if (b.network_id === undefined) throw badRequest("Failed to parse request. Required attribute 'network_id' not specified");
  const net = visibleNetwork(ctx, req, String(b.network_id));
  // An external network that is not shared can be seen by everyone, but only its owner may attach to it.
  if (!ownsOrAdmin(req, net) && !net.shared) throw networkNotFound(net.id);
  checkPortPolicy(req, 'create_port', b, net);
  const projectId = owningProject(req, b, 'create_port');
  const spec = {
    network: net,
    projectId,
    name: toName('name', b.name),
    description: toName('description', b.description),
    adminStateUp: b.admin_state_up === undefined ? true : toBool('admin_state_up', b.admin_state_up),
    macAddress: checkMac(b.mac_address),
    fixedIps: b.fixed_ips ?? undefined,
    deviceId: toName('device_id', b.device_id),
    deviceOwner: toName('device_owner', b.device_owner),
    securityGroups: checkGroups(ctx, req, b.security_groups, projectId),
    portSecurity: b.port_security_enabled === undefined ? undefined : toBool('port_security_enabled', b.port_security_enabled),
    host: toName('binding:host_id', b['binding:host_id']),
    vnicType: checkVnic(b['binding:vnic_type']),
    profile: checkProfile(b['binding:profile']),
    allowedAddressPairs: Array.isArray(b.allowed_address_pairs) ? b.allowed_address_pairs : [],
  };
  checkQuota(ctx, projectId, 'port');
  const port = createPortRow(ctx, spec, req);
  return { status: 201, body: { port: portView(ctx, req.auth.is_admin, port) } };
};

// Filters that match a stored column exactly are applied before the (costly) views are built.
const ROW_FILTERS = ['id', 'network_id', 'device_id', 'device_owner', 'mac_address'];

export const listPorts: Handler = (ctx, req) => {
  const wanted = ROW_FILTERS.map((k) => [k, req.query.getAll(k)] as const).filter(([, v]) => v.length);
  const rows = ctx.db
    .where('neutron.ports', (p) => wanted.every(([k, v]) => v.includes(p[k])))
    .filter((p) => canSeePort(ctx, req, p))
    .map((p) => portView(ctx, req.auth.is_admin, p));
  return { status: 200, body: { ports: listQuery(req, rows) } };
};

export const showPort: Handler = (ctx, req) => ({
  status: 200,
  body: { port: project(req, portView(ctx, req.auth.is_admin, visiblePort(ctx, req, req.params.port_id))) },
});

export const updatePort: Handler = (ctx, req) => {
  const port = visiblePort(ctx, req, req.params.port_id);
  const b = resourceBody(req, 'port', PUT);
  const net = ctx.db.get('neutron.networks', port.network_id)!;
  checkPortPolicy(req, 'update_port', b, net);
  const binding = bindingOf(ctx, port.id);
  const patch: Record<string, unknown> = { ...touched(ctx, port) };
  for (const k of ['name', 'description', 'device_id', 'device_owner']) if (k in b) patch[k] = toName(k, b[k]);
  if ('admin_state_up' in b) patch.admin_state_up = toBool('admin_state_up', b.admin_state_up);
  if ('port_security_enabled' in b) patch.port_security_enabled = toBool('port_security_enabled', b.port_security_enabled);
  if ('allowed_address_pairs' in b) patch.allowed_address_pairs = Array.isArray(b.allowed_address_pairs) ? b.allowed_address_pairs : [];
  if ('mac_address' in b) {
    const mac = checkMac(b.mac_address)!;
    if (binding.vif_type !== 'unbound') {
      throw conflict('PortBound', `Unable to complete operation on port ${port.id}, port is already bound, port type: ${binding.vif_type}, old_mac ${port.mac_address}, new_mac ${mac}.`);
    }
    patch.mac_address = mac;
  }
  const oldIps = JSON.stringify(fixedIpsOf(ctx, port.id));
  if ('fixed_ips' in b) {
    releaseIps(ctx, port.id);
    allocateIps(ctx, port as { id: string; network_id: string }, chooseFixedIps(ctx, port.network_id, b.fixed_ips ?? []));
  }
  const groupsChanged = 'security_groups' in b;
  if (groupsChanged) {
    const groups = checkGroups(ctx, req, b.security_groups ?? [], port.project_id) ?? [];
    const security = (patch.port_security_enabled ?? port.port_security_enabled) as boolean;
    if (groups.length && !security) {
      throw apiError(400, 'Port security must be enabled and port must have an IP address in order to use security groups.', 'PortSecurityAndIPRequiredForSecurityGroups');
    }
    setGroups(ctx, port.id, groups);
  }
  let row = ctx.db.update('neutron.ports', port.id, patch);
  const host = 'binding:host_id' in b ? toName('binding:host_id', b['binding:host_id']) : binding.host;
  const vnic = 'binding:vnic_type' in b ? checkVnic(b['binding:vnic_type']) : binding.vnic_type;
  const profile = 'binding:profile' in b ? checkProfile(b['binding:profile']) : binding.profile;
  if (host !== binding.host || vnic !== binding.vnic_type || JSON.stringify(profile) !== JSON.stringify(binding.profile)) {
    if (binding.host && host !== binding.host) unplugFromOldHost(ctx, row, binding);
    bindPort(ctx, row, host, vnic, profile);
  } else if ((groupsChanged || 'admin_state_up' in b) && binding.host && !['unbound', 'binding_failed'].includes(binding.vif_type)) {
    ctx.cast(`q-agent-notifier.${binding.host}`, 'port_update', { port_id: port.id });
  }
  row = ctx.db.get('neutron.ports', port.id)!;
  notifyPortChange(ctx, row, 'port_update_end');
  if (JSON.stringify(fixedIpsOf(ctx, port.id)) !== oldIps) notifyNova(ctx, row, 'network-changed');
  return { status: 200, body: { port: portView(ctx, req.auth.is_admin, row) } };
};

/** Moving a port away from a host: that agent unplugs it and it is DOWN until the new host's agent wires it. */
function unplugFromOldHost(ctx: Ctx, port: Record<string, any>, binding: Record<string, any>): void {
  if (!['unbound', 'binding_failed'].includes(binding.vif_type)) {
    ctx.cast(`q-agent-notifier.${binding.host}`, 'port_delete', { port_id: port.id, network_id: port.network_id });
  }
  if (setPortStatus(ctx, port.id, 'DOWN') === 'ACTIVE') notifyNova(ctx, port, 'network-vif-unplugged');
}

export const deletePort: Handler = (ctx, req) => {
  const port = visiblePort(ctx, req, req.params.port_id);
  if (!ownsOrAdmin(req, port) && !ownsOrAdmin(req, ctx.db.get('neutron.networks', port.network_id)!)) throw policyDenied('delete_port');
  deletePortRow(ctx, port);
  return { status: 204 };
};

