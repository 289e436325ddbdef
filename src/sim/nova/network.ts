/** nova-compute's Neutron client: create and bind ports, build network_info, unbind or delete them again. */
import type { Ctx, Row } from '../core/types.ts';
import type { RequestedNetwork } from './conductor.ts';
import type { Instance } from './state.ts';

/** One VIF of network_info, as the instance info cache keeps it. */
export interface Vif {
  id: string;
  address: string;
  network: { id: string; label: string; mtu: number | null };
  ips: { address: string; version: number; subnet_id: string }[];
  subnets: Subnet[];
  type: string;
  details: Record<string, unknown>;
  devname: string;
  vnic_type: string;
  active: boolean;
  /** A port the user made beforehand: unbound, not deleted, when the server goes. */
  preserve_on_delete: boolean;
}

/** A subnet as network_info keeps it (what the guest's DHCP lease will carry). */
export interface Subnet {
  id: string;
  cidr: string;
  gateway_ip: string | null;
  dns_nameservers: string[];
  dhcp_server: string | null;
}

/** A Neutron failure Nova maps to NoMoreFixedIps (the build is aborted, not rescheduled). */
export class NoMoreFixedIps extends Error {
  constructor(net: string) {
    super(`No fixed IP addresses available for network: ${net}`);
    this.name = 'NoMoreFixedIps';
  }
}

/** The tap device libvirt creates for a port: `tap` + the first 11 characters of the port id. */
export function tapName(portId: string): string {
  return `tap${portId.slice(0, 11)}`;
}

function neutronError(r: { status: number; body?: unknown }): string {
  const e = (r.body as any)?.NeutronError;
  return e?.message ?? `Neutron answered ${r.status}`;
}

function toVif(port: Row, label: string, mtu: number | null, preserve: boolean, subnets: Subnet[] = []): Vif {
  return {
    id: port.id,
    address: port.mac_address,
    network: { id: port.network_id, label, mtu },
    ips: (port.fixed_ips ?? []).map((ip: Row) => ({ address: ip.ip_address, version: String(ip.ip_address).includes(':') ? 6 : 4, subnet_id: ip.subnet_id })),
    subnets,
    type: port['binding:vif_type'] ?? 'unbound',
    details: port['binding:vif_details'] ?? {},
    devname: tapName(port.id),
    vnic_type: port['binding:vnic_type'] ?? 'normal',
    active: port.status === 'ACTIVE',
    preserve_on_delete: preserve,
  };
}

/** Binds a port to this host for the instance (PUT /v2.0/ports/{id}); throws PortBindingFailed when ML2 could not bind it. */
function bindPort(ctx: Ctx, portId: string, inst: Instance): Row {
  const r = ctx.http('neutron', 'PUT', `/v2.0/ports/${portId}`, {
    port: { device_id: inst.uuid, device_owner: 'compute:nova', 'binding:host_id': ctx.host },
  });
  if (r.status !== 200) throw new Error(neutronError(r));
  const port = (r.body as any).port;
  if (port['binding:vif_type'] === 'binding_failed') {
    throw Object.assign(new Error(`Binding failed for port ${portId}, please check neutron logs for more information.`), { name: 'PortBindingFailed' });
  }
  return port;
}

/**
 * _validate_requested_port_ids, run again by the compute: a port given at boot may have been taken by another server
 * since nova-api looked (two boots with the same port), so binding it now would steal it. Throws PortInUse.
 */
function checkPortFree(ctx: Ctx, portId: string, inst: Instance): void {
  const r = ctx.http('neutron', 'GET', `/v2.0/ports/${portId}`);
  if (r.status !== 200) throw new Error(neutronError(r));
  const owner = (r.body as any).port.device_id;
  if (owner && owner !== inst.uuid) throw Object.assign(new Error(`Port ${portId} is still in use.`), { name: 'PortInUse' });
}

/** _get_subnets_from_port: each fixed IP's subnet, with the network's DHCP server address. */
function subnetsOf(ctx: Ctx, port: Row, cache: Map<string, Subnet>): Subnet[] {
  const out: Subnet[] = [];
  for (const ip of port.fixed_ips ?? []) {
    if (!cache.has(ip.subnet_id)) {
      const r = ctx.http('neutron', 'GET', `/v2.0/subnets/${ip.subnet_id}`);
      const sub = (r.body as any)?.subnet;
      const d = ctx.http('neutron', 'GET', `/v2.0/ports?network_id=${port.network_id}&device_owner=network:dhcp`);
      const dhcp = ((d.body as any)?.ports ?? [])
        .flatMap((p: Row) => p.fixed_ips ?? [])
        .find((f: Row) => f.subnet_id === ip.subnet_id);
      cache.set(ip.subnet_id, {
        id: ip.subnet_id,
        cidr: sub?.cidr ?? '',
        gateway_ip: sub?.gateway_ip ?? null,
        dns_nameservers: sub?.dns_nameservers ?? [],
        dhcp_server: dhcp?.ip_address ?? null,
      });
    }
    out.push(cache.get(ip.subnet_id)!);
  }
  return out;
}

/** allocate_for_instance: one bound port per requested NIC; on failure the ports made so far are removed again. */
export function allocateForInstance(ctx: Ctx, inst: Instance, requested: RequestedNetwork[], securityGroups: string[]): Vif[] {
  const vifs: Vif[] = [];
  const labels = new Map<string, { name: string; mtu: number | null }>();
  const subnetCache = new Map<string, Subnet>();
  try {
    for (const req of requested) {
      let port: Row;
      if (req.port_id) {
        checkPortFree(ctx, req.port_id, inst);
        port = bindPort(ctx, req.port_id, inst);
      } else {
        const body: Row = { network_id: req.network_id, admin_state_up: true, project_id: inst.project_id, security_groups: securityGroups };
        if (req.address) body.fixed_ips = [{ ip_address: req.address }];
        const r = ctx.http('neutron', 'POST', '/v2.0/ports', { port: body });
        if (r.status === 409 && (r.body as any)?.NeutronError?.type === 'IpAddressGenerationFailure') throw new NoMoreFixedIps(req.network_id!);
        if (r.status !== 201) throw new Error(neutronError(r));
        const created = (r.body as any).port;
        vifs.push(toVif(created, '', null, false));
        port = bindPort(ctx, created.id, inst);
        vifs.pop();
      }
      if (!labels.has(port.network_id)) {
        const n = ctx.http('neutron', 'GET', `/v2.0/networks/${port.network_id}`);
        const net = (n.body as any)?.network;
        labels.set(port.network_id, { name: net?.name ?? '', mtu: net?.mtu ?? null });
      }
      const l = labels.get(port.network_id)!;
      vifs.push(toVif(port, l.name, l.mtu, !!req.port_id, subnetsOf(ctx, port, subnetCache)));
    }
  } catch (e) {
    deallocateVifs(ctx, vifs);
    throw e;
  }
  return vifs;
}

/** Unbinds the user's own ports and deletes the ones Nova made. */
export function deallocateVifs(ctx: Ctx, vifs: Vif[]): void {
  for (const vif of vifs) {
    if (vif.preserve_on_delete) {
      ctx.http('neutron', 'PUT', `/v2.0/ports/${vif.id}`, {
        port: { device_id: '', device_owner: '', 'binding:host_id': null, 'binding:profile': {} },
      });
    } else {
      ctx.http('neutron', 'DELETE', `/v2.0/ports/${vif.id}`);
    }
  }
}

/** deallocate_for_instance: asks Neutron which ports carry the instance's id and releases each (network_info says which to keep). */
export function deallocateForInstance(ctx: Ctx, uuid: string, cached: Vif[]): void {
  const r = ctx.http('neutron', 'GET', `/v2.0/ports?device_id=${uuid}`);
  const ports: Row[] = r.status === 200 ? ((r.body as any)?.ports ?? []) : [];
  const known = new Map(cached.map((v) => [v.id, v]));
  const vifs = ports.map((p) => known.get(p.id) ?? toVif(p, '', null, false));
  // Ports in the cache that Neutron no longer lists need nothing; the listing is the truth.
  deallocateVifs(ctx, r.status === 200 ? vifs : cached);
}

/** Re-reads the instance's ports (the network-changed event): fresh IPs and status for the info cache. */
export function refreshNetworkInfo(ctx: Ctx, uuid: string, cached: Vif[]): Vif[] {
  const r = ctx.http('neutron', 'GET', `/v2.0/ports?device_id=${uuid}`);
  if (r.status !== 200) return cached;
  const ports: Row[] = (r.body as any)?.ports ?? [];
  return ports.map((p) => {
    const old = cached.find((v) => v.id === p.id);
    return toVif(p, old?.network.label ?? '', old?.network.mtu ?? null, old?.preserve_on_delete ?? false, old?.subnets ?? []);
  });
}
