import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';
import { providerNetwork } from './test-fixtures.ts';

describe('agents', () => {
  it('lists the option-1 agents to admins: OVS on every node, DHCP and metadata on the controller', () => {
    const cloud = createCloud({ computes: ['compute1', 'compute2'] });
    const admin = login(cloud, 'admin');
    const agents = (api(cloud, admin.token, 'GET', 'neutron:/v2.0/agents').body as any).agents;
    expect(agents.map((a: any) => [a.agent_type, a.host, a.binary, a.availability_zone, a.alive]).sort()).toEqual([
      ['DHCP agent', 'controller', 'neutron-dhcp-agent', 'nova', true],
      ['Metadata agent', 'controller', 'neutron-metadata-agent', null, true],
      ['Open vSwitch agent', 'compute1', 'neutron-openvswitch-agent', null, true],
      ['Open vSwitch agent', 'compute2', 'neutron-openvswitch-agent', null, true],
      ['Open vSwitch agent', 'controller', 'neutron-openvswitch-agent', null, true],
    ]);
    const ovs = agents.find((a: any) => a.host === 'compute1');
    expect(ovs.configurations.bridge_mappings).toEqual({ provider: 'br-provider' });
    expect(api(cloud, admin.token, 'GET', `neutron:/v2.0/agents/${ovs.id}`).status).toBe(200);
    const demo = login(cloud, 'demo');
    expect((api(cloud, demo.token, 'GET', 'neutron:/v2.0/agents').body as any).agents).toEqual([]);
    expect(api(cloud, demo.token, 'GET', `neutron:/v2.0/agents/${ovs.id}`).status).toBe(404);
  });

  it('marks a stopped agent dead after agent_down_time, and alive again once it reports', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const dhcp = () => (api(cloud, admin.token, 'GET', 'neutron:/v2.0/agents?agent_type=DHCP agent').body as any).agents[0];
    cloud.advance(40_000);
    expect(dhcp().heartbeat_timestamp).toBe('2026-01-05 09:00:30');
    cloud.stop('neutron-dhcp-agent');
    // The last report was at 30 s; 75 s later the agent counts as dead.
    cloud.advance(60_000);
    expect(dhcp().alive).toBe(true);
    cloud.advance(10_000);
    expect(dhcp()).toMatchObject({ alive: false, heartbeat_timestamp: '2026-01-05 09:00:30' });
    cloud.start('neutron-dhcp-agent');
    expect(dhcp()).toMatchObject({ alive: true, started_at: '2026-01-05 09:01:50', heartbeat_timestamp: '2026-01-05 09:01:50' });
  });

  it('serves a DHCP network created while the DHCP agent was down once the agent is back', () => {
    const cloud = createCloud();
    cloud.stop('neutron-dhcp-agent');
    cloud.advance(80_000);
    const { admin, networkId } = providerNetwork(cloud);
    expect((api(cloud, admin.token, 'GET', `neutron:/v2.0/networks/${networkId}/dhcp-agents`).body as any).agents).toEqual([]);
    cloud.start('neutron-dhcp-agent');
    cloud.runUntilIdle();
    const ports = (api(cloud, admin.token, 'GET', 'neutron:/v2.0/ports?device_owner=network:dhcp').body as any).ports;
    expect(ports.map((p: any) => [p.status, p.fixed_ips[0].ip_address])).toEqual([['ACTIVE', '203.0.113.101']]);
    expect((cloud.tables() as any)['neutron.dhcp_servers'][networkId].namespace).toBe(`qdhcp-${networkId}`);
  });
});

describe('Linux bridge mechanism', () => {
  it('builds a brq bridge per network with eth1 in it, and plugs taps into it', () => {
    const cloud = createCloud({ mechanism: 'linuxbridge' });
    const admin = login(cloud, 'admin');
    const types = (api(cloud, admin.token, 'GET', 'neutron:/v2.0/agents').body as any).agents.map((a: any) => a.agent_type);
    expect(types.filter((t: string) => t === 'Linux bridge agent')).toHaveLength(2);
    expect(Object.keys((cloud.tables() as any)['neutron.host_bridges'] ?? {})).toEqual([]);
    const { networkId } = providerNetwork(cloud);
    const brq = `brq${networkId.slice(0, 11)}`;
    const port = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: networkId, 'binding:host_id': 'compute1', device_owner: 'compute:nova', device_id: 'srv' },
    }).body as any).port;
    expect(port['binding:vif_type']).toBe('bridge');
    cloud.runUntilIdle();
    const t = cloud.tables() as any;
    expect(Object.keys(t['neutron.host_bridges']).sort()).toEqual([`compute1/${brq}`, `controller/${brq}`]);
    expect(t['neutron.host_interfaces']['compute1/eth1']).toMatchObject({ type: 'physical', bridge: brq });
    expect(t['neutron.host_interfaces'][`compute1/tap${port.id.slice(0, 11)}`]).toMatchObject({ type: 'tap', bridge: brq });
    const dhcp = Object.values(t['neutron.host_interfaces']).filter((i: any) => i.host === 'controller' && i.port_id);
    expect(dhcp.map((i: any) => [i.name.slice(0, 3), i.type, i.bridge, i.namespace])).toEqual([
      ['ns-', 'veth', null, `qdhcp-${networkId}`],
      ['tap', 'veth', brq, null],
    ]);
    expect((api(cloud, admin.token, 'GET', `neutron:/v2.0/ports/${port.id}`).body as any).port.status).toBe('ACTIVE');
  });

  it('puts a VLAN network on eth1.<vlan> in its own bridge and removes both with the last port', () => {
    const cloud = createCloud({ mechanism: 'linuxbridge' });
    const admin = login(cloud, 'admin');
    const net = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', {
      network: { name: 'v101', shared: true, 'provider:network_type': 'vlan', 'provider:physical_network': 'provider', 'provider:segmentation_id': 101 },
    }).body as any).network;
    api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', { subnet: { network_id: net.id, ip_version: 4, cidr: '192.0.2.0/24', enable_dhcp: false } });
    const port = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: net.id, 'binding:host_id': 'compute1', device_owner: 'compute:nova', device_id: 'srv' },
    }).body as any).port;
    expect(port.fixed_ips[0].ip_address).toBe('192.0.2.2');
    cloud.runUntilIdle();
    const brq = `brq${net.id.slice(0, 11)}`;
    let t = cloud.tables() as any;
    expect(t['neutron.host_interfaces']['compute1/eth1.101']).toMatchObject({ type: 'vlan', vlan: 101, bridge: brq, peer: 'eth1' });
    expect(t['neutron.host_interfaces']['compute1/eth1'].bridge).toBeNull();
    expect(t['neutron.host_networks'][`compute1/${net.id}`]).toMatchObject({ bridge: brq, uplink: 'eth1.101', segmentation_id: 101 });
    api(cloud, admin.token, 'DELETE', `neutron:/v2.0/ports/${port.id}`);
    cloud.runUntilIdle();
    t = cloud.tables() as any;
    expect(t['neutron.host_interfaces']['compute1/eth1.101']).toBeUndefined();
    expect(t['neutron.host_bridges'][`compute1/${brq}`]).toBeUndefined();
  });
});
