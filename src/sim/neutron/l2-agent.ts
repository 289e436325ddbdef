/** The L2 agent on every node (neutron-openvswitch-agent or neutron-linuxbridge-agent): start-up, RPC, and its device loop. */
import type { Ctx, RpcHandler, TaskHandler } from '../core/types.ts';
import { registerAgent } from './agents.ts';
import { devName, ensureBridge, interfacesOn, putInterface } from './wiring.ts';
import { reclaimNetwork, wireDevice, type DeviceDetails } from './l2-wiring.ts';

/** The OVS agent's rpc_loop polls for new devices every `polling_interval` (2 s). */
const POLLING_MS = 2000;

function uplinkOf(ctx: Ctx): string {
  return ctx.nodes().find((n) => n.name === ctx.host)?.provider_interface ?? 'eth1';
}

/** neutron-openvswitch-agent starts: reports itself and sets up br-int, br-provider and the patch ports between them. */
export const startOvsAgent: TaskHandler = (ctx) => {
  registerAgent(ctx, {
    agent_type: 'Open vSwitch agent',
    binary: 'neutron-openvswitch-agent',
    topic: 'N/A',
    availability_zone: null,
    configurations: {
      arp_responder_enabled: false, bridge_mappings: { provider: 'br-provider' }, datapath_type: 'system',
      enable_distributed_routing: false, extensions: [], in_distributed_mode: false, integration_bridge: 'br-int',
      l2_population: false, log_agent_heartbeats: false, ovs_hybrid_plug: false, tunnel_types: [], tunneling_ip: null,
    },
  });
  const eth = uplinkOf(ctx);
  // The install guide's own step: ovs-vsctl add-br br-provider; ovs-vsctl add-port br-provider <provider interface>.
  if (ensureBridge(ctx, ctx.host, 'br-provider', 'ovs')) {
    putInterface(ctx, ctx.host, eth, { type: 'physical', bridge: 'br-provider' });
    ctx.act('agent', `ovs-vsctl add-br br-provider; ovs-vsctl add-port br-provider ${eth}`);
  }
  if (ensureBridge(ctx, ctx.host, 'br-int', 'ovs')) {
    putInterface(ctx, ctx.host, 'int-br-provider', { type: 'patch', bridge: 'br-int', peer: 'phy-br-provider' });
    putInterface(ctx, ctx.host, 'phy-br-provider', { type: 'patch', bridge: 'br-provider', peer: 'int-br-provider' });
    ctx.act('agent', 'ovs-vsctl add-br br-int; patch ports int-br-provider <-> phy-br-provider (bridge_mappings provider:br-provider)');
  }
};

/** neutron-linuxbridge-agent starts: reports itself; bridges come later, one per network that gets a port here. */
export const startLinuxBridgeAgent: TaskHandler = (ctx) => {
  registerAgent(ctx, {
    agent_type: 'Linux bridge agent',
    binary: 'neutron-linuxbridge-agent',
    topic: 'N/A',
    availability_zone: null,
    configurations: {
      bridge_mappings: {}, extensions: [], interface_mappings: { provider: uplinkOf(ctx) }, l2_population: false,
      tunnel_types: [], tunneling_ip: null,
    },
  });
  putInterface(ctx, ctx.host, uplinkOf(ctx), { type: 'physical' });
};

/** port_update: a port was bound here; the next rpc_loop iteration finds its device and wires it. */
const portUpdate: RpcHandler = (ctx, args: { port_id: string }) => {
  ctx.after(POLLING_MS, 'treat_devices_added_or_updated', { port_id: args.port_id });
};

/** port_delete: the port is gone; its tap leaves the bridge (and the network's wiring, when it was the last port here). */
const portDelete: RpcHandler = (ctx, args: { port_id: string; network_id: string }) => {
  const rows = interfacesOn(ctx, ctx.host, (i) => i.port_id === args.port_id);
  for (const r of rows) {
    // The instance's tap vanishes with the domain; the DHCP agent removes its own device.
    if (r.type === 'tap') ctx.db.remove('neutron.host_interfaces', r.id);
    else putInterface(ctx, ctx.host, r.name, ctx.config.mechanism === 'linuxbridge' ? { bridge: null } : { tag: null });
    ctx.act('agent', `${r.name} unplugged from ${r.bridge ?? 'its bridge'}`);
  }
  reclaimNetwork(ctx, args.network_id);
};

/** network_delete: drop what this node had for the network. */
const networkDelete: RpcHandler = (ctx, args: { network_id: string }) => {
  reclaimNetwork(ctx, args.network_id, true);
};

/** security_groups_rule_updated: the firewall driver refreshes the rules of the affected ports on this node. */
const rulesUpdated: RpcHandler = (ctx, args: { security_groups: string[] }) => {
  const ports = interfacesOn(ctx, ctx.host, (i) => !!i.port_id).filter((i) =>
    ctx.db.where('neutron.securitygroupportbindings', (b) => b.port_id === i.port_id && args.security_groups.includes(b.security_group_id)).length);
  if (!ports.length) return;
  const driver = ctx.config.mechanism === 'linuxbridge' ? 'iptables' : 'openvswitch';
  ctx.act('agent', `${driver} firewall: refresh rules for ${ports.map((p) => p.name).join(', ')}`);
};

/** rpc_loop: the device appeared; get its details (port → BUILD), wire it, then update_device_up (port → ACTIVE). */
const treatDevice: TaskHandler = (ctx, args: { port_id: string }) => {
  const agentId = `${ctx.config.mechanism === 'linuxbridge' ? 'lb' : 'ovs'}-agent-${ctx.host}`;
  const [d] = ctx.call('q-plugin', 'get_devices_details_list', { devices: [args.port_id], agent_id: agentId, host: ctx.host }) as DeviceDetails[];
  if (!d?.port_id) {
    ctx.act('agent', `${devName('tap', args.port_id)}: no port bound to ${ctx.host}; skipped`);
    return;
  }
  wireDevice(ctx, d);
  // An administratively down port stays plugged but dead (the OVS agent's port_dead, Linux bridge's down link).
  ctx.call('q-plugin', d.admin_state_up ? 'update_device_up' : 'update_device_down', { device: d.port_id, agent_id: agentId, host: ctx.host });
};

/** RPC methods the L2 agents consume (topic kind `q-agent-notifier`). */
export const l2AgentRpc: Record<string, RpcHandler> = {
  'q-agent-notifier.port_update': portUpdate,
  'q-agent-notifier.port_delete': portDelete,
  'q-agent-notifier.network_delete': networkDelete,
  'q-agent-notifier.security_groups_rule_updated': rulesUpdated,
};

/** Timers of the L2 agents. */
export const l2AgentTasks: Record<string, TaskHandler> = {
  treat_devices_added_or_updated: treatDevice,
};
