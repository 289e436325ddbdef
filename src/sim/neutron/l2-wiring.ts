/** How the L2 agents wire a device: OVS local VLANs on br-int, or one Linux bridge per network with eth1 / eth1.<vlan>. */
import type { Ctx } from '../core/types.ts';
import { devName, ensureBridge, hostNetwork, interfacesOn, putInterface, removeInterfaces, type HostInterface, type HostNetwork } from './wiring.ts';

/** What get_devices_details_list tells an agent about a port. */
export interface DeviceDetails {
  device: string;
  port_id?: string;
  network_id: string;
  mac_address: string;
  admin_state_up: boolean;
  network_type: string;
  physical_network: string | null;
  segmentation_id: number | null;
  device_owner: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
  security_groups: string[];
  port_security_enabled: boolean;
}

function linux(ctx: Ctx): boolean {
  return ctx.config.mechanism === 'linuxbridge';
}

function uplinkOf(ctx: Ctx): string {
  return ctx.nodes().find((n) => n.name === ctx.host)?.provider_interface ?? 'eth1';
}

/** The network's state on this node, set up on first use: a local VLAN (OVS) or the brq bridge and its uplink (Linux bridge). */
function provisionNetwork(ctx: Ctx, d: DeviceDetails): HostNetwork {
  const have = hostNetwork(ctx, ctx.host, d.network_id);
  if (have) return have;
  const eth = uplinkOf(ctx);
  const vlan = d.network_type === 'vlan' ? d.segmentation_id : null;
  const base = { id: `${ctx.host}/${d.network_id}`, host: ctx.host, network_id: d.network_id, network_type: d.network_type,
    physical_network: d.physical_network, segmentation_id: d.segmentation_id };
  if (linux(ctx)) {
    const bridge = devName('brq', d.network_id);
    const uplink = vlan === null ? eth : `${eth}.${vlan}`;
    ensureBridge(ctx, ctx.host, bridge, 'linux', d.network_id);
    putInterface(ctx, ctx.host, uplink, vlan === null ? { type: 'physical', bridge } : { type: 'vlan', vlan, bridge, peer: eth });
    ctx.act('agent', vlan === null
      ? `ip link add ${bridge} type bridge; ip link set ${eth} master ${bridge}`
      : `ip link add ${bridge} type bridge; ip link add link ${eth} name ${uplink} type vlan id ${vlan}; ip link set ${uplink} master ${bridge}`);
    return ctx.db.insert('neutron.host_networks', base.id, { ...base, bridge, local_vlan: null, uplink });
  }
  const used = new Set(ctx.db.where<HostNetwork>('neutron.host_networks', (n) => n.host === ctx.host).map((n) => n.local_vlan));
  let lvid = 1;
  while (used.has(lvid)) lvid += 1;
  ctx.act('agent', vlan === null
    ? `local VLAN ${lvid} for network ${d.network_id}: br-provider strips the tag on the way to ${eth}; br-int tags untagged frames from int-br-provider with ${lvid}`
    : `local VLAN ${lvid} for network ${d.network_id}: br-provider rewrites ${lvid} to VLAN ${vlan} towards ${eth}; br-int rewrites ${vlan} to ${lvid}`);
  return ctx.db.insert('neutron.host_networks', base.id, { ...base, bridge: 'br-int', local_vlan: lvid, uplink: 'phy-br-provider' });
}

/** Plugs the port's device into the network's bridge here and applies its security groups. */
export function wireDevice(ctx: Ctx, d: DeviceDetails): void {
  const net = provisionNetwork(ctx, d);
  const tap = devName('tap', d.port_id!);
  const existing = ctx.db.get<HostInterface>('neutron.host_interfaces', `${ctx.host}/${tap}`);
  // A server's tap is made by libvirt (os-vif); the DHCP agent made its own device already.
  const type = existing?.type ?? 'tap';
  if (linux(ctx)) {
    putInterface(ctx, ctx.host, tap, { type, bridge: net.bridge, port_id: d.port_id!, network_id: d.network_id, mac_address: d.mac_address });
    ctx.act('agent', `ip link set ${tap} master ${net.bridge}`);
  } else {
    putInterface(ctx, ctx.host, tap, { type, bridge: 'br-int', tag: net.local_vlan, port_id: d.port_id!, network_id: d.network_id, mac_address: d.mac_address });
    ctx.act('agent', `ovs-vsctl set Port ${tap} tag=${net.local_vlan}`);
  }
  if (d.port_security_enabled && d.security_groups.length) {
    const ips = d.fixed_ips.map((f) => f.ip_address).join(', ');
    ctx.act('agent', `${linux(ctx) ? 'iptables' : 'openvswitch'} firewall: ${tap} allows only ${d.mac_address} / ${ips || 'no IP'}; rules of security groups ${d.security_groups.join(', ')}`);
  }
}

/** Frees the network's wiring on this node once no port of it is plugged here (or always, when `force`). */
export function reclaimNetwork(ctx: Ctx, networkId: string, force = false): void {
  const net = hostNetwork(ctx, ctx.host, networkId);
  if (!net) return;
  const plugged = interfacesOn(ctx, ctx.host, (i) => i.network_id === networkId && !!i.port_id && (linux(ctx) ? i.bridge !== null : i.tag !== null));
  if (plugged.length && !force) return;
  ctx.db.remove('neutron.host_networks', net.id);
  if (!linux(ctx)) {
    ctx.act('agent', `reclaim local VLAN ${net.local_vlan} of network ${networkId}`);
    return;
  }
  removeInterfaces(ctx, interfacesOn(ctx, ctx.host, (i) => i.type === 'vlan' && i.bridge === net.bridge));
  for (const i of interfacesOn(ctx, ctx.host, (x) => x.bridge === net.bridge)) putInterface(ctx, ctx.host, i.name, { bridge: null });
  ctx.db.remove('neutron.host_bridges', `${ctx.host}/${net.bridge}`);
  ctx.act('agent', `ip link delete ${net.bridge}${net.uplink.includes('.') ? `; ip link delete ${net.uplink}` : ''}`);
}
