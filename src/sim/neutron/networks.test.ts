import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';
import { hops, providerNetwork, rejects } from './test-fixtures.ts';

const FLAT = { name: 'provider', shared: true, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'provider' };

describe('provider network (install guide, option 1)', () => {
  it('creates the flat shared external network with its physical details, visible to admins only', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const res = api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: { ...FLAT, admin_state_up: true } });
    expect(res.status).toBe(201);
    expect((res.body as any).network).toMatchObject({
      name: 'provider', status: 'ACTIVE', shared: true, 'router:external': true, mtu: 1500, subnets: [],
      'provider:network_type': 'flat', 'provider:physical_network': 'provider', 'provider:segmentation_id': null,
      port_security_enabled: true, project_id: admin.projectId, tenant_id: admin.projectId, revision_number: 1,
    });
    const demo = login(cloud, 'demo');
    const seen = api(cloud, demo.token, 'GET', 'neutron:/v2.0/networks?name=provider');
    expect((seen.body as any).networks).toHaveLength(1);
    expect((seen.body as any).networks[0]).not.toHaveProperty('provider:network_type');
    expect((seen.body as any).networks[0].shared).toBe(true);
  });

  it('schedules the network to the DHCP agent when its subnet is created: namespace, DHCP port on the first pool address, dnsmasq', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const networkId = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: FLAT }).body as any).network.id;
    const mark = cloud.mark();
    const sub = api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', {
      subnet: { name: 'provider', network_id: networkId, ip_version: 4, cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1', allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }], dns_nameservers: ['8.8.4.4'] },
    });
    expect(sub.status).toBe(201);
    expect((sub.body as any).subnet).toMatchObject({
      cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1', enable_dhcp: true, ip_version: 4,
      allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }], dns_nameservers: ['8.8.4.4'], host_routes: [],
    });
    cloud.runUntilIdle();
    const lines = hops(cloud, mark);
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at('dhcp_agent.controller: network_create_end')).toBeGreaterThan(-1);
    expect(at(`ip netns add qdhcp-${networkId}`)).toBeGreaterThan(at('network_create_end'));
    expect(at('q-plugin: create_dhcp_port')).toBeGreaterThan(at('ip netns add'));
    expect(at('dnsmasq --interface')).toBeGreaterThan(at('create_dhcp_port'));
    expect(at('q-plugin: update_device_up')).toBeGreaterThan(at('q-plugin: get_devices_details_list'));

    const ports = (api(cloud, admin.token, 'GET', `neutron:/v2.0/ports?network_id=${networkId}&device_owner=network:dhcp`).body as any).ports;
    expect(ports).toHaveLength(1);
    expect(ports[0]).toMatchObject({
      status: 'ACTIVE', device_owner: 'network:dhcp', 'binding:host_id': 'controller', 'binding:vif_type': 'ovs',
      fixed_ips: [{ subnet_id: (sub.body as any).subnet.id, ip_address: '203.0.113.101' }], security_groups: [],
    });
    expect(ports[0].device_id).toMatch(new RegExp(`^dhcp[0-9a-f-]{36}-${networkId}$`));
    const t = cloud.tables() as any;
    expect(t['neutron.dhcp_servers'][networkId]).toMatchObject({ host: 'controller', namespace: `qdhcp-${networkId}`, dnsmasq: 'running' });
    const tap = `tap${ports[0].id.slice(0, 11)}`;
    expect(t['neutron.host_interfaces'][`controller/${tap}`]).toMatchObject({ type: 'internal', bridge: 'br-int', namespace: `qdhcp-${networkId}`, tag: 1 });

    const agents = (api(cloud, admin.token, 'GET', `neutron:/v2.0/networks/${networkId}/dhcp-agents`).body as any).agents;
    expect(agents.map((a: any) => [a.agent_type, a.host])).toEqual([['DHCP agent', 'controller']]);
    const net = (api(cloud, admin.token, 'GET', `neutron:/v2.0/networks/${networkId}`).body as any).network;
    expect(net.availability_zones).toEqual(['nova']);
    expect(net.subnets).toEqual([(sub.body as any).subnet.id]);
  });

  it('refuses provider attributes to a member, and a plain network for lack of tenant network types', () => {
    const cloud = createCloud();
    const demo = login(cloud, 'demo');
    const msg = rejects(cloud, 403, 'PolicyNotAuthorized', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/networks', { network: FLAT }));
    expect(msg).toBe('((((rule:create_network and rule:create_network:shared) and rule:create_network:router:external) and rule:create_network:provider:network_type) and rule:create_network:provider:physical_network) is disallowed by policy');
    const one = rejects(cloud, 403, 'PolicyNotAuthorized', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/networks', {
      network: { name: 'x', 'provider:network_type': 'flat' },
    }));
    expect(one).toBe('(rule:create_network and rule:create_network:provider:network_type) is disallowed by policy');
    const plain = rejects(cloud, 503, 'NoNetworkAvailable', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/networks', { network: { name: 'mine' } }));
    expect(plain).toBe('Unable to create the network. No tenant network is available for allocation.');
  });

  it('allows one flat network per physical network and one network per VLAN ID', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    expect(api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: FLAT }).status).toBe(201);
    const flat = rejects(cloud, 409, 'FlatNetworkInUse', () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: { ...FLAT, name: 'again' } }));
    expect(flat).toBe('Unable to create the flat network. Physical network provider is in use.');
    const vlan = { name: 'v101', 'provider:network_type': 'vlan', 'provider:physical_network': 'provider', 'provider:segmentation_id': 101 };
    const v = api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: vlan });
    expect(v.status).toBe(201);
    expect((v.body as any).network['provider:segmentation_id']).toBe(101);
    expect(rejects(cloud, 409, 'VlanIdInUse', () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: vlan })))
      .toBe('Unable to create the network. The VLAN 101 on physical network provider is in use.');
    expect(rejects(cloud, 400, 'InvalidInput', () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: { ...vlan, 'provider:segmentation_id': 5000 } })))
      .toBe('Invalid input for operation: segmentation_id out of range (1 through 4094).');
    expect(rejects(cloud, 400, 'InvalidInput', () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: { ...FLAT, 'provider:physical_network': 'physnet9' } })))
      .toBe("Invalid input for operation: physical_network 'physnet9' unknown for flat provider network.");
    expect(rejects(cloud, 400, 'InvalidInput', () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: { ...FLAT, 'provider:network_type': 'vxlan' } })))
      .toBe("Invalid input for operation: network_type value 'vxlan' not supported.");
  });

  it('keeps a network with ports, and deletes it with its DHCP port once they are gone', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const port = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId } }).body as any).port;
    const msg = rejects(cloud, 409, 'NetworkInUse', () => api(cloud, admin.token, 'DELETE', `neutron:/v2.0/networks/${networkId}`));
    expect(msg).toBe(`Unable to complete operation on network ${networkId}. There are one or more ports still in use on the network, id for these ports is: ${port.id}.`);
    expect(api(cloud, admin.token, 'DELETE', `neutron:/v2.0/ports/${port.id}`).status).toBe(204);
    expect(api(cloud, admin.token, 'DELETE', `neutron:/v2.0/networks/${networkId}`).status).toBe(204);
    cloud.runUntilIdle();
    expect(api(cloud, admin.token, 'GET', `neutron:/v2.0/networks/${networkId}`).status).toBe(404);
    expect((api(cloud, admin.token, 'GET', 'neutron:/v2.0/ports').body as any).ports).toEqual([]);
    const t = cloud.tables() as any;
    expect(t['neutron.dhcp_servers'] ?? {}).toEqual({});
    expect(Object.values(t['neutron.host_interfaces']).filter((i: any) => i.network_id === networkId)).toEqual([]);
    // The physical network is free again.
    expect(api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: FLAT }).status).toBe(201);
  });

  it('hides another project\'s private network and answers lookups by name with 404', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const vlan = { name: 'private', 'provider:network_type': 'vlan', 'provider:physical_network': 'provider', 'provider:segmentation_id': 7 };
    const id = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', { network: vlan }).body as any).network.id;
    const demo = login(cloud, 'demo');
    const res = api(cloud, demo.token, 'GET', `neutron:/v2.0/networks/${id}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ NeutronError: { type: 'NetworkNotFound', message: `Network ${id} could not be found.`, detail: '' } });
    expect((api(cloud, demo.token, 'GET', 'neutron:/v2.0/networks').body as any).networks).toEqual([]);
    expect(api(cloud, admin.token, 'GET', 'neutron:/v2.0/networks/private').status).toBe(404);
    rejects(cloud, 404, 'NetworkNotFound', () => api(cloud, demo.token, 'PUT', `neutron:/v2.0/networks/${id}`, { network: { name: 'mine' } }));
    rejects(cloud, 404, 'NetworkNotFound', () => api(cloud, demo.token, 'DELETE', `neutron:/v2.0/networks/${id}`));
  });
});

describe('network updates', () => {
  it('lets a member see but not change the shared network', () => {
    const cloud = createCloud();
    const { networkId } = providerNetwork(cloud);
    const demo = login(cloud, 'demo');
    expect(rejects(cloud, 403, 'PolicyNotAuthorized', () => api(cloud, demo.token, 'PUT', `neutron:/v2.0/networks/${networkId}`, { network: { name: 'mine' } })))
      .toBe('rule:update_network is disallowed by policy');
    expect(rejects(cloud, 403, 'PolicyNotAuthorized', () => api(cloud, demo.token, 'DELETE', `neutron:/v2.0/networks/${networkId}`)))
      .toBe('rule:delete_network is disallowed by policy');
  });

  it('renames as admin and bumps the revision', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const before = (api(cloud, admin.token, 'GET', `neutron:/v2.0/networks/${networkId}`).body as any).network.revision_number;
    const res = api(cloud, admin.token, 'PUT', `neutron:/v2.0/networks/${networkId}`, { network: { name: 'public', description: 'the guide\'s' } });
    expect(res.status).toBe(200);
    expect((res.body as any).network).toMatchObject({ name: 'public', description: 'the guide\'s', revision_number: before + 1 });
    expect(rejects(cloud, 400, 'HTTPBadRequest', () => api(cloud, admin.token, 'PUT', `neutron:/v2.0/networks/${networkId}`, { network: { colour: 'red' } })))
      .toBe("Unrecognized attribute(s) 'colour'");
  });

  it('takes the MTU as the client sends it (a string) and refuses one that is not a number', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const res = api(cloud, admin.token, 'PUT', `neutron:/v2.0/networks/${networkId}`, { network: { mtu: '1400' } });
    expect(res.status).toBe(200);
    expect((res.body as any).network.mtu).toBe(1400);
    expect(rejects(cloud, 400, 'HTTPBadRequest', () => api(cloud, admin.token, 'PUT', `neutron:/v2.0/networks/${networkId}`, { network: { mtu: 'big' } })))
      .toContain("'big' is not an integer");
  });
});
