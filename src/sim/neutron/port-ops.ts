/** What the ML2 plug-in does to ports, for the REST API and the agents' RPC alike: create, view, status, delete. */
import { apiError } from '../core/errors.ts';
import type { Ctx, HandlerRequest } from '../core/types.ts';
import { isTrustedOwner, timestamp, touched } from './common.ts';
import { notifyPortChange } from './dhcp-notifier.ts';
import { allocateIps, chooseFixedIps, fixedIpsOf, releaseIps } from './ipam.ts';
import { conflict } from './messages.ts';
import { bindingOf, bindPort } from './ml2.ts';
import { notifyNova } from './nova-notifier.ts';
import { ensureDefaultSecurityGroup } from './security-groups.ts';

/** Everything a new port needs; `fixedIps`/`securityGroups` undefined mean "choose for me". */
export interface PortSpec {
  network: Record<string, any>;
  projectId: string;
  name: string;
  description: string;
  adminStateUp: boolean;
  macAddress?: string;
  fixedIps?: unknown;
  deviceId: string;
  deviceOwner: string;
  securityGroups?: string[];
  portSecurity?: boolean;
  host: string;
  vnicType: string;
  profile: Record<string, unknown>;
  allowedAddressPairs: unknown[];
}

/** A MAC address unused on the network (base_mac fa:16:3e). */
function newMac(ctx: Ctx, networkId: string): string {
  for (let i = 0; i < 16; i += 1) {
    const mac = ctx.ids.mac();
    if (!ctx.db.where('neutron.ports', (p) => p.network_id === networkId && p.mac_address === mac).length) return mac;
  }
  throw apiError(503, `Unable to generate unique mac on network ${networkId}.`, 'MacAddressGenerationFailure');
}

/** The port's security groups (ids). */
export function groupsOf(ctx: Ctx, portId: string): string[] {
  return ctx.db.where('neutron.securitygroupportbindings', (b) => b.port_id === portId).map((b) => b.security_group_id);
}

/** Replaces the port's security group bindings. */
export function setGroups(ctx: Ctx, portId: string, ids: string[]): void {
  for (const b of ctx.db.where('neutron.securitygroupportbindings', (x) => x.port_id === portId)) {
    ctx.db.remove('neutron.securitygroupportbindings', b.id);
  }
  for (const sg of ids) ctx.db.insert('neutron.securitygroupportbindings', `${portId}:${sg}`, { id: `${portId}:${sg}`, port_id: portId, security_group_id: sg });
}

/** create_port: MAC, fixed IPs, security groups, the binding, and the DHCP agents told. */
export function createPortRow(ctx: Ctx, spec: PortSpec, req: HandlerRequest | null): Record<string, any> {
  const netId = spec.network.id;
  if (spec.macAddress && ctx.db.where('neutron.ports', (p) => p.network_id === netId && p.mac_address === spec.macAddress).length) {
    throw conflict('MacAddressInUse', `Unable to complete operation for network ${netId}. The mac address ${spec.macAddress} is in use.`);
  }
  const ips = chooseFixedIps(ctx, netId, spec.fixedIps);
  const trusted = isTrustedOwner(spec.deviceOwner);
  const portSecurity = spec.portSecurity ?? spec.network.port_security_enabled;
  let groups = spec.securityGroups;
  if (groups?.length && (!portSecurity || !ips.length)) {
    throw apiError(400, 'Port security must be enabled and port must have an IP address in order to use security groups.', 'PortSecurityAndIPRequiredForSecurityGroups');
  }
  if (groups === undefined) {
    const def = portSecurity && !trusted ? ensureDefaultSecurityGroup(ctx, req, spec.projectId) : undefined;
    groups = def ? [def] : [];
  }
  const now = timestamp(ctx);
  const id = ctx.ids.uuid();
  const row = ctx.db.insert('neutron.ports', id, {
    id, name: spec.name, network_id: netId, project_id: spec.projectId, mac_address: spec.macAddress ?? newMac(ctx, netId),
    admin_state_up: spec.adminStateUp, status: 'DOWN', device_id: spec.deviceId, device_owner: spec.deviceOwner,
    port_security_enabled: portSecurity, description: spec.description, allowed_address_pairs: spec.allowedAddressPairs,
    created_at: now, updated_at: now, revision_number: 1,
  });
  allocateIps(ctx, row as { id: string; network_id: string }, ips);
  setGroups(ctx, id, groups);
  bindPort(ctx, row, spec.host, spec.vnicType, spec.profile);
  notifyPortChange(ctx, row, 'port_create_end');
  return ctx.db.get('neutron.ports', id)!;
}

/** The port as the API shows it; binding:* other than vnic_type only for admins. */
export function portView(ctx: Ctx, admin: boolean, p: Record<string, any>): Record<string, unknown> {
  const b = bindingOf(ctx, p.id);
  const view: Record<string, unknown> = {
    id: p.id, name: p.name, network_id: p.network_id, tenant_id: p.project_id, mac_address: p.mac_address,
    admin_state_up: p.admin_state_up, status: p.status, device_id: p.device_id, device_owner: p.device_owner,
    fixed_ips: fixedIpsOf(ctx, p.id), allowed_address_pairs: p.allowed_address_pairs, extra_dhcp_opts: [],
    security_groups: groupsOf(ctx, p.id), description: p.description, 'binding:vnic_type': b.vnic_type,
  };
  if (admin) {
    Object.assign(view, {
      'binding:profile': b.profile, 'binding:host_id': b.host, 'binding:vif_type': b.vif_type, 'binding:vif_details': b.vif_details,
    });
  }
  return Object.assign(view, {
    port_security_enabled: p.port_security_enabled, qos_policy_id: null, qos_network_policy_id: null, resource_request: null,
    ip_allocation: 'immediate', tags: [], created_at: p.created_at, updated_at: p.updated_at,
    revision_number: p.revision_number, project_id: p.project_id,
  });
}

/** update_port_status: sets the status (a revision like any change); returns the old status. */
export function setPortStatus(ctx: Ctx, portId: string, status: string): string {
  const p = ctx.db.get('neutron.ports', portId)!;
  if (p.status !== status) ctx.db.update('neutron.ports', portId, { status, ...touched(ctx, p) });
  return p.status;
}

/** delete_port: frees its addresses and groups; the agents unplug it and drop its DHCP entry; Nova hears vif-deleted. */
export function deletePortRow(ctx: Ctx, port: Record<string, any>): void {
  const b = ctx.db.get('neutron.ml2_port_bindings', port.id);
  releaseIps(ctx, port.id);
  setGroups(ctx, port.id, []);
  ctx.db.remove('neutron.ml2_port_bindings', port.id);
  ctx.db.remove('neutron.ports', port.id);
  if (b?.host && !['unbound', 'binding_failed'].includes(b.vif_type)) {
    ctx.cast(`q-agent-notifier.${b.host}`, 'port_delete', { port_id: port.id, network_id: port.network_id });
  }
  notifyPortChange(ctx, port, 'port_delete_end');
  notifyNova(ctx, port, 'network-vif-deleted');
}
