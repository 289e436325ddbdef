/** The shapes of the topology view: plain data a diagram builder can take as it is. */
import type { CloudConfig, NodeState } from '../core/types.ts';

/** A process on a node. */
export interface ProcessView {
  name: string;
  binary: string;
  up: boolean;
}

/** A bridge on a node (OVS `br-int`, `br-provider`; Linux `brq…`). */
export interface BridgeView {
  name: string;
  kind: string;
  network_id: string | null;
  /** The interfaces plugged into it, by name. */
  ports: string[];
}

/** A network namespace on a node (`qdhcp-<network>`) with the interfaces inside it. */
export interface NamespaceView {
  name: string;
  network_id: string | null;
  interfaces: string[];
  /** dnsmasq's state for a DHCP namespace. */
  dnsmasq: string | null;
}

/** A device on a node: a NIC, a tap, a veth end, a patch or internal port. */
export interface InterfaceView {
  name: string;
  type: string;
  bridge: string | null;
  peer: string | null;
  namespace: string | null;
  port_id: string | null;
  network_id: string | null;
  mac_address: string | null;
  /** The server the device belongs to (through its port's device_id), if any. */
  instance_id: string | null;
}

/** A server on a compute node. */
export interface InstanceView {
  id: string;
  name: string;
  vm_state: string | null;
  task_state: string | null;
  power_state: number | null;
  /** The libvirt domain's state (`running`, `paused`, `shut off`) when the hypervisor has one. */
  domain: string | null;
  port_ids: string[];
  volume_ids: string[];
}

/** A Cinder volume held on a node's LVM back end. */
export interface VolumeView {
  id: string;
  name: string | null;
  status: string;
  size: number;
  /** Servers it is attached to. */
  attached_to: string[];
}

/** A node of the deployment with everything on it. */
export interface NodeView extends NodeState {
  processes: ProcessView[];
  bridges: BridgeView[];
  namespaces: NamespaceView[];
  interfaces: InterfaceView[];
  /** The tap devices of servers (`tap<port[:11]>`), a subset of `interfaces`. */
  taps: InterfaceView[];
  instances: InstanceView[];
  volumes: VolumeView[];
  /** Nova's compute node record (hypervisor size and use), for compute nodes that registered. */
  hypervisor: { vcpus: number; memory_mb: number; local_gb: number; vcpus_used: number; memory_mb_used: number; local_gb_used: number } | null;
}

/** A port as the network diagram draws it. */
export interface PortView {
  id: string;
  name: string;
  mac_address: string;
  status: string;
  device_owner: string;
  device_id: string;
  host: string | null;
  vif_type: string | null;
  fixed_ips: { subnet_id: string; ip_address: string }[];
}

/** A subnet of a network. */
export interface SubnetView {
  id: string;
  name: string;
  cidr: string;
  gateway_ip: string | null;
  enable_dhcp: boolean;
  allocation_pools: { start: string; end: string }[];
}

/** A network with its segment, subnets and ports. */
export interface NetworkView {
  id: string;
  name: string;
  status: string;
  shared: boolean;
  external: boolean;
  network_type: string | null;
  physical_network: string | null;
  segmentation_id: number | null;
  subnets: SubnetView[];
  ports: PortView[];
}

/** The whole picture. */
export interface TopologyView {
  mechanism: CloudConfig['mechanism'];
  nodes: NodeView[];
  networks: NetworkView[];
}
