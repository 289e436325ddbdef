/** Neutron, the Networking service: neutron-server with ML2 (flat/vlan, openvswitch or linuxbridge) and its agents. */
import type { ServiceDef } from '../core/types.ts';
import { dhcpAgentRpc, startDhcpAgent, startMetadataAgent } from './dhcp-agent.ts';
import { l2AgentRpc, l2AgentTasks, startLinuxBridgeAgent, startOvsAgent } from './l2-agent.ts';
import { pluginRpc } from './plugin-rpc.ts';
import { publicRoutes, routes } from './routes.ts';

export const neutron: ServiceDef = {
  name: 'neutron',
  catalogType: 'network',
  catalogUrl: 'http://controller:9696',
  apiComponent: 'neutron-server',
  errorStyle: 'neutron',
  routes,
  publicRoutes,
  rpc: { ...pluginRpc, ...l2AgentRpc, ...dhcpAgentRpc },
  // Agents call the server on q-plugin; the server casts to q-agent-notifier.<host> and dhcp_agent.<host>.
  topics: {
    'neutron-server': 'q-plugin',
    'neutron-openvswitch-agent': 'q-agent-notifier',
    'neutron-linuxbridge-agent': 'q-agent-notifier',
    'neutron-dhcp-agent': 'dhcp_agent',
  },
  tasks: { ...l2AgentTasks },
  onStart: {
    'neutron-openvswitch-agent': startOvsAgent,
    'neutron-linuxbridge-agent': startLinuxBridgeAgent,
    'neutron-dhcp-agent': startDhcpAgent,
    'neutron-metadata-agent': startMetadataAgent,
  },
};
