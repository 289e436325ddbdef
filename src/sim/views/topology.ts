/**
 * The deployment as the diagrams draw it: nodes with their processes, bridges, namespaces, taps, instances and volumes,
 * and the networks with their subnets and ports. Read from the tables Neutron, Nova and Cinder keep; a missing table is empty.
 */
import type { Cloud } from '../cloud.ts';
import type { NodeState } from '../core/types.ts';
import type { InstanceView, InterfaceView, NamespaceView, NetworkView, NodeView, TopologyView, VolumeView } from './topology-types.ts';
import { groupBy, live, rows, type AnyRow, type TableSet } from './tables.ts';

/** Nodes in the install guide's order: the controller, then compute nodes by number. */
function nodeOrder(a: NodeState, b: NodeState): number {
  if (a.role !== b.role) return a.role === 'controller' ? -1 : 1;
  return a.name.localeCompare(b.name, 'en', { numeric: true });
}

function interfaceView(i: AnyRow, ports: Map<string, AnyRow>): InterfaceView {
  const port = i.port_id ? ports.get(i.port_id) : undefined;
  const owner = port?.device_owner ?? '';
  return {
    name: i.name,
    type: i.type ?? 'tap',
    bridge: i.bridge ?? null,
    peer: i.peer ?? null,
    namespace: i.namespace ?? null,
    port_id: i.port_id ?? null,
    network_id: i.network_id ?? null,
    mac_address: i.mac_address ?? null,
    instance_id: owner.startsWith('compute:') ? port!.device_id : null,
  };
}

function namespacesOn(t: TableSet, host: string, ifaces: InterfaceView[]): NamespaceView[] {
  const out = new Map<string, NamespaceView>();
  for (const d of rows(t, 'neutron.dhcp_servers').filter((s) => s.host === host && s.namespace)) {
    out.set(d.namespace, { name: d.namespace, network_id: d.network_id ?? null, interfaces: [], dnsmasq: d.dnsmasq ?? null });
  }
  for (const i of ifaces) {
    if (!i.namespace) continue;
    const ns = out.get(i.namespace) ?? { name: i.namespace, network_id: i.network_id, interfaces: [], dnsmasq: null };
    ns.interfaces.push(i.name);
    out.set(i.namespace, ns);
  }
  return [...out.values()];
}

function instancesOn(t: TableSet, host: string, ports: AnyRow[]): InstanceView[] {
  const domains = new Map(Object.entries((t['hypervisor.domains'] ?? {}) as Record<string, AnyRow>));
  const attachments = rows(t, 'cinder.volume_attachment');
  return live(rows(t, 'nova.instances'))
    .filter((i) => i.host === host)
    .map((i) => ({
      id: i.uuid,
      name: i.display_name ?? '',
      vm_state: i.vm_state ?? null,
      task_state: i.task_state ?? null,
      power_state: i.power_state ?? null,
      domain: domains.get(i.uuid)?.state ?? null,
      port_ids: ports.filter((p) => p.device_id === i.uuid).map((p) => p.id),
      volume_ids: attachments.filter((a) => a.instance_uuid === i.uuid && a.attach_status === 'attached').map((a) => a.volume_id),
    }));
}

function volumesOn(t: TableSet, host: string): VolumeView[] {
  const attachments = rows(t, 'cinder.volume_attachment');
  return rows(t, 'cinder.volumes')
    .filter((v) => typeof v.host === 'string' && v.host.split('@')[0] === host)
    .map((v) => ({
      id: v.id,
      name: v.display_name ?? null,
      status: v.status,
      size: v.size,
      attached_to: attachments.filter((a) => a.volume_id === v.id && a.instance_uuid && a.attach_status === 'attached').map((a) => a.instance_uuid),
    }));
}

function hypervisorOf(t: TableSet, host: string): NodeView['hypervisor'] {
  const cn = live(rows(t, 'nova.compute_nodes')).find((c) => c.host === host);
  if (!cn) return null;
  return {
    vcpus: cn.vcpus ?? 0,
    memory_mb: cn.memory_mb ?? 0,
    local_gb: cn.local_gb ?? 0,
    vcpus_used: cn.vcpus_used ?? 0,
    memory_mb_used: cn.memory_mb_used ?? 0,
    local_gb_used: cn.local_gb_used ?? 0,
  };
}

function nodeView(cloud: Cloud, t: TableSet, node: NodeState, portsById: Map<string, AnyRow>): NodeView {
  const ifaces = rows(t, 'neutron.host_interfaces').filter((i) => i.host === node.name).map((i) => interfaceView(i, portsById));
  const bridges = rows(t, 'neutron.host_bridges')
    .filter((b) => b.host === node.name)
    .map((b) => ({ name: b.name, kind: b.kind, network_id: b.network_id ?? null, ports: ifaces.filter((i) => i.bridge === b.name).map((i) => i.name) }));
  return {
    ...node,
    processes: cloud.components().filter((c) => c.host === node.name).map((c) => ({ name: c.name, binary: c.binary, up: c.up })),
    bridges,
    namespaces: namespacesOn(t, node.name, ifaces),
    interfaces: ifaces,
    taps: ifaces.filter((i) => i.type === 'tap' && !i.namespace && i.instance_id !== null),
    instances: instancesOn(t, node.name, [...portsById.values()]),
    volumes: volumesOn(t, node.name),
    hypervisor: hypervisorOf(t, node.name),
  };
}

function networkViews(t: TableSet): NetworkView[] {
  const segments = groupBy(rows(t, 'neutron.networksegments'), (s) => s.network_id);
  const subnets = groupBy(rows(t, 'neutron.subnets'), (s) => s.network_id);
  const ports = groupBy(rows(t, 'neutron.ports'), (p) => p.network_id);
  // Bindings are keyed by port id (ml2_port_bindings' primary key).
  const bindings = new Map(Object.entries((t['neutron.ml2_port_bindings'] ?? {}) as Record<string, AnyRow>));
  const ips = groupBy(rows(t, 'neutron.ipallocations'), (a) => a.port_id);
  return rows(t, 'neutron.networks').map((n) => {
    const seg = segments.get(n.id)?.[0];
    return {
      id: n.id,
      name: n.name ?? '',
      status: n.status ?? 'ACTIVE',
      shared: !!n.shared,
      external: !!(n.external ?? n['router:external']),
      network_type: seg?.network_type ?? n['provider:network_type'] ?? null,
      physical_network: seg?.physical_network ?? n['provider:physical_network'] ?? null,
      segmentation_id: seg?.segmentation_id ?? n['provider:segmentation_id'] ?? null,
      subnets: (subnets.get(n.id) ?? []).map((s) => ({
        id: s.id, name: s.name ?? '', cidr: s.cidr, gateway_ip: s.gateway_ip ?? null, enable_dhcp: !!s.enable_dhcp, allocation_pools: s.allocation_pools ?? [],
      })),
      ports: (ports.get(n.id) ?? []).map((p) => {
        const b = bindings.get(p.id);
        return {
          id: p.id,
          name: p.name ?? '',
          mac_address: p.mac_address,
          status: p.status,
          device_owner: p.device_owner ?? '',
          device_id: p.device_id ?? '',
          host: b?.host || null,
          vif_type: b?.vif_type ?? null,
          fixed_ips: (ips.get(p.id) ?? []).map((a) => ({ subnet_id: a.subnet_id, ip_address: a.ip_address })),
        };
      }),
    };
  });
}

/** The topology of `cloud` now: plain data, in a stable order, safe to hand to a diagram builder. */
export function topologyView(cloud: Cloud): TopologyView {
  const t = cloud.tables();
  const portsById = new Map(rows(t, 'neutron.ports').map((p) => [p.id as string, p]));
  return {
    mechanism: cloud.config().mechanism,
    nodes: cloud.nodes().sort(nodeOrder).map((n) => nodeView(cloud, t, n, portsById)),
    networks: networkViews(t),
  };
}
