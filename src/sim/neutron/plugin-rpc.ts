/** neutron-server's RPC endpoints on topic `q-plugin`: what the L2 and DHCP agents call (ml2/rpc.py, dhcp_rpc.py). */
import type { Ctx, RpcHandler } from '../core/types.ts';
import { dhcpAgentsOf, hasDhcpSubnet, notifyPortChange, scheduleNetwork } from './dhcp-notifier.ts';
import { allocateIps, chooseFixedIps, fixedIpsOf, releaseIps } from './ipam.ts';
import { bindingOf } from './ml2.ts';
import { notifyNova } from './nova-notifier.ts';
import { createPortRow, deletePortRow, groupsOf, portView, setPortStatus } from './port-ops.ts';
import { segmentOf } from './segments.ts';
import type { DeviceDetails } from './l2-wiring.ts';

function boundHere(ctx: Ctx, portId: string, host: string): Record<string, any> | undefined {
  const p = ctx.db.get('neutron.ports', portId);
  return p && ctx.db.get('neutron.ml2_port_bindings', portId)?.host === host ? p : undefined;
}

/** get_devices_details_list: details of ports bound to the caller's host; such a port becomes BUILD until it is up. */
const getDevicesDetailsList: RpcHandler = (ctx, args: { devices: string[]; host: string }) =>
  args.devices.map((device): DeviceDetails | { device: string } => {
    const p = boundHere(ctx, device, args.host);
    if (!p) return { device };
    if (p.status !== 'ACTIVE') setPortStatus(ctx, p.id, p.admin_state_up ? 'BUILD' : 'DOWN');
    const seg = segmentOf(ctx, p.network_id);
    return {
      device, port_id: p.id, network_id: p.network_id, mac_address: p.mac_address, admin_state_up: p.admin_state_up,
      network_type: seg.network_type, physical_network: seg.physical_network, segmentation_id: seg.segmentation_id,
      device_owner: p.device_owner, fixed_ips: fixedIpsOf(ctx, p.id), security_groups: groupsOf(ctx, p.id),
      port_security_enabled: p.port_security_enabled,
    };
  });

/** update_device_up: the agent wired the port, so it is ACTIVE; Nova hears network-vif-plugged. */
const updateDeviceUp: RpcHandler = (ctx, args: { device: string; host: string }) => {
  const p = boundHere(ctx, args.device, args.host);
  if (!p || !p.admin_state_up) return null;
  if (setPortStatus(ctx, p.id, 'ACTIVE') !== 'ACTIVE') notifyNova(ctx, p, 'network-vif-plugged');
  return null;
};

/** update_device_down: the device left the bridge, so the port is DOWN; Nova hears network-vif-unplugged. */
const updateDeviceDown: RpcHandler = (ctx, args: { device: string; host: string }) => {
  const p = boundHere(ctx, args.device, args.host);
  if (!p) return { device: args.device, exists: false };
  if (setPortStatus(ctx, p.id, 'DOWN') === 'ACTIVE') notifyNova(ctx, p, 'network-vif-unplugged');
  return { device: args.device, exists: true };
};

/** create_dhcp_port: the DHCP agent's port, owned by the network's project and bound to the agent's host. */
const createDhcpPort: RpcHandler = (ctx, args: { host: string; port: { network_id: string; device_id: string; fixed_ips: { subnet_id: string }[] } }) => {
  const network = ctx.db.get('neutron.networks', args.port.network_id);
  if (!network) return null;
  const port = createPortRow(ctx, {
    network, projectId: network.project_id, name: '', description: '', adminStateUp: true, fixedIps: args.port.fixed_ips,
    deviceId: args.port.device_id, deviceOwner: 'network:dhcp', host: args.host, vnicType: 'normal', profile: {},
    allowedAddressPairs: [],
  }, null);
  return portView(ctx, true, port);
};

/** update_dhcp_port: gives the DHCP port an address on each DHCP subnet it lacks (after a subnet was added). */
const updateDhcpPort: RpcHandler = (ctx, args: { port_id: string; port: { fixed_ips: { subnet_id: string; ip_address?: string }[] } }) => {
  const p = ctx.db.get('neutron.ports', args.port_id);
  if (!p) return null;
  releaseIps(ctx, p.id);
  allocateIps(ctx, p as { id: string; network_id: string }, chooseFixedIps(ctx, p.network_id, args.port.fixed_ips));
  notifyPortChange(ctx, p, 'port_update_end');
  return portView(ctx, true, ctx.db.get('neutron.ports', p.id)!);
};

/** release_dhcp_port: the agent stopped serving the network; its port goes. */
const releaseDhcpPort: RpcHandler = (ctx, args: { network_id: string; device_id: string }) => {
  for (const p of ctx.db.where('neutron.ports', (x) => x.network_id === args.network_id && x.device_id === args.device_id)) {
    deletePortRow(ctx, p);
  }
  return null;
};

/** The DHCP agent's view of a network it serves: subnets with DHCP and every port with its addresses. */
const getNetworkInfo: RpcHandler = (ctx, args: { network_id: string }) => {
  const net = ctx.db.get('neutron.networks', args.network_id);
  if (!net) return null;
  return {
    id: net.id,
    subnets: ctx.db.where('neutron.subnets', (s) => s.network_id === net.id),
    ports: ctx.db.where('neutron.ports', (p) => p.network_id === net.id).map((p) => ({
      id: p.id, mac_address: p.mac_address, device_owner: p.device_owner, device_id: p.device_id,
      fixed_ips: fixedIpsOf(ctx, p.id), binding_host: bindingOf(ctx, p.id).host,
    })),
  };
};

/** get_active_networks_info: the networks this DHCP agent serves, after scheduling unserved DHCP networks to it. */
const getActiveNetworksInfo: RpcHandler = (ctx, args: { host: string }) => {
  const agent = ctx.db.where('neutron.agents', (a) => a.agent_type === 'DHCP agent' && a.host === args.host)[0];
  if (!agent) return [];
  for (const net of ctx.db.all('neutron.networks')) {
    if (hasDhcpSubnet(ctx, net.id) && !dhcpAgentsOf(ctx, net.id).length) scheduleNetwork(ctx, net.id);
  }
  return ctx.db.where('neutron.networkdhcpagentbindings', (b) => b.dhcp_agent_id === agent.id).map((b) => b.network_id);
};

/** RPC methods neutron-server consumes (topic kind `q-plugin`). */
export const pluginRpc: Record<string, RpcHandler> = {
  'q-plugin.get_devices_details_list': getDevicesDetailsList,
  'q-plugin.update_device_up': updateDeviceUp,
  'q-plugin.update_device_down': updateDeviceDown,
  'q-plugin.create_dhcp_port': createDhcpPort,
  'q-plugin.update_dhcp_port': updateDhcpPort,
  'q-plugin.release_dhcp_port': releaseDhcpPort,
  'q-plugin.get_network_info': getNetworkInfo,
  'q-plugin.get_active_networks_info': getActiveNetworksInfo,
};
