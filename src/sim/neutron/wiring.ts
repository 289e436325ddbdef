/**
 * What the agents build on each node: bridges, interfaces and per-network state. Real Neutron keeps none of this in
 * its database (it lives in OVSDB, the kernel's links and namespaces, and the agents' memory); the simulator keeps it in
 * `neutron.host_bridges`, `neutron.host_interfaces` and `neutron.host_networks` so the provider-network diagram
 * can be drawn from state. Keys are `<host>/<name>`.
 */
import type { Ctx } from '../core/types.ts';

/** A bridge on a node: OVS (`br-int`, `br-provider`) or Linux (`brq<network[:11]>`). */
export interface HostBridge {
  id: string;
  host: string;
  name: string;
  kind: 'ovs' | 'linux';
  network_id: string | null;
}

/** A network device on a node and where it is plugged. */
export interface HostInterface {
  id: string;
  host: string;
  name: string;
  /** physical NIC, 802.1Q sub-interface, OVS patch port, instance tap, OVS internal port, or one end of a veth pair. */
  type: 'physical' | 'vlan' | 'patch' | 'tap' | 'internal' | 'veth';
  bridge: string | null;
  peer: string | null;
  /** The OVS local VLAN tag on br-int. */
  tag: number | null;
  /** The VLAN ID of a sub-interface (`eth1.101`). */
  vlan: number | null;
  namespace: string | null;
  port_id: string | null;
  network_id: string | null;
  mac_address: string | null;
}

/** A network as one node's L2 agent has set it up (OVS LocalVLANMapping, or the Linux bridge for it). */
export interface HostNetwork {
  id: string;
  host: string;
  network_id: string;
  network_type: string;
  physical_network: string | null;
  segmentation_id: number | null;
  bridge: string;
  local_vlan: number | null;
  /** Where frames leave the node: `phy-br-provider` → `eth1` for OVS, `eth1` or `eth1.<vlan>` for Linux bridge. */
  uplink: string;
}

/** The tap-style device name Neutron and Nova use for a port: `tap` + the first 11 characters of its id. */
export function devName(prefix: string, portId: string): string {
  return `${prefix}${portId.slice(0, 11)}`;
}

/** Adds the bridge unless it exists; returns whether it was new. */
export function ensureBridge(ctx: Ctx, host: string, name: string, kind: HostBridge['kind'], networkId: string | null = null): boolean {
  const id = `${host}/${name}`;
  if (ctx.db.get('neutron.host_bridges', id)) return false;
  ctx.db.insert<HostBridge>('neutron.host_bridges', id, { id, host, name, kind, network_id: networkId });
  return true;
}

/** Adds or updates an interface on `host`; returns the row. */
export function putInterface(ctx: Ctx, host: string, name: string, fields: Partial<HostInterface>): HostInterface {
  const id = `${host}/${name}`;
  if (ctx.db.get('neutron.host_interfaces', id)) return ctx.db.update<HostInterface>('neutron.host_interfaces', id, fields);
  const row: HostInterface = {
    id, host, name, type: 'tap', bridge: null, peer: null, tag: null, vlan: null, namespace: null, port_id: null,
    network_id: null, mac_address: null, ...fields,
  };
  return ctx.db.insert('neutron.host_interfaces', id, row);
}

/** The interfaces on `host` matching `pred`. */
export function interfacesOn(ctx: Ctx, host: string, pred: (i: HostInterface) => boolean = () => true): HostInterface[] {
  return ctx.db.where<HostInterface>('neutron.host_interfaces', (i) => i.host === host && pred(i));
}

/** Removes interfaces by row id. */
export function removeInterfaces(ctx: Ctx, rows: HostInterface[]): void {
  for (const r of rows) ctx.db.remove('neutron.host_interfaces', r.id);
}

/** The agent's state for a network on `host`, if it has one. */
export function hostNetwork(ctx: Ctx, host: string, networkId: string): HostNetwork | undefined {
  return ctx.db.get<HostNetwork>('neutron.host_networks', `${host}/${networkId}`);
}
