/** The install guide's deployment: which nodes exist and which processes run on each. */
import type { CloudConfig, ComponentState, NodeState, ServiceName } from './core/types.ts';

/** A compute node's hypervisor size when none is given (a small lab machine). */
export const DEFAULT_COMPUTE = { vcpus: 4, memory_mb: 8192, disk_gb: 40 };

/** The controller: 10.0.0.11 on the management network, as in the install guide. */
export function controllerNode(): NodeState {
  return { name: 'controller', role: 'controller', management_ip: '10.0.0.11', provider_interface: 'eth1', up: true };
}

/** Compute node number `n` (1-based): compute1 is 10.0.0.31, compute2 10.0.0.32, and so on. */
export function computeNode(name: string, n: number, size: Partial<typeof DEFAULT_COMPUTE> = {}): NodeState {
  const ip = n <= 224 ? `10.0.0.${30 + n}` : `10.0.${Math.floor(n / 250) + 1}.${n % 250}`;
  return { name, role: 'compute', management_ip: ip, provider_interface: 'eth1', up: true, ...DEFAULT_COMPUTE, ...size };
}

/** The L2 agent binary for the configured mechanism driver. */
export function l2AgentBinary(config: CloudConfig): string {
  return config.mechanism === 'linuxbridge' ? 'neutron-linuxbridge-agent' : 'neutron-openvswitch-agent';
}

function comp(binary: string, service: ServiceName, host: string, perHost: boolean): ComponentState {
  return { name: perHost ? `${binary}@${host}` : binary, binary, service, host, up: true, since: 0 };
}

/** The processes on the controller (option 1 of the install guide, with Cinder's volume service on it too). */
export function controllerComponents(config: CloudConfig): ComponentState[] {
  return [
    comp('keystone', 'keystone', 'controller', false),
    comp('glance-api', 'glance', 'controller', false),
    comp('placement-api', 'placement', 'controller', false),
    comp('nova-api', 'nova', 'controller', false),
    comp('nova-scheduler', 'nova', 'controller', false),
    comp('nova-conductor', 'nova', 'controller', false),
    comp('nova-novncproxy', 'nova', 'controller', false),
    comp('neutron-server', 'neutron', 'controller', false),
    comp(l2AgentBinary(config), 'neutron', 'controller', true),
    comp('neutron-dhcp-agent', 'neutron', 'controller', false),
    comp('neutron-metadata-agent', 'neutron', 'controller', false),
    comp('cinder-api', 'cinder', 'controller', false),
    comp('cinder-scheduler', 'cinder', 'controller', false),
    comp('cinder-volume', 'cinder', 'controller', false),
  ];
}

/** The processes on a compute node: nova-compute and the L2 agent. */
export function computeComponents(config: CloudConfig, host: string): ComponentState[] {
  return [comp('nova-compute', 'nova', host, true), comp(l2AgentBinary(config), 'neutron', host, true)];
}
