import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';
import { hops, providerNetwork, rejects } from './test-fixtures.ts';

const SERVER = '8d3f3b8e-1111-4a4a-9b9b-123456789abc';

describe('port lifecycle on the provider network', () => {
  it('creates a DOWN port with the next free address, a fresh MAC and the project\'s default group', () => {
    const cloud = createCloud();
    const { admin, networkId, subnetId } = providerNetwork(cloud);
    const demo = login(cloud, 'demo');
    const res = api(cloud, demo.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId, name: 'p1' } });
    expect(res.status).toBe(201);
    const port = (res.body as any).port;
    expect(port).toMatchObject({
      name: 'p1', status: 'DOWN', project_id: demo.projectId, admin_state_up: true, device_owner: '', device_id: '',
      fixed_ips: [{ subnet_id: subnetId, ip_address: '203.0.113.102' }], 'binding:vnic_type': 'normal',
    });
    expect(port.mac_address).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    // binding:* beyond vnic_type is for admins only.
    expect(port).not.toHaveProperty('binding:host_id');
    const groups = (api(cloud, demo.token, 'GET', 'neutron:/v2.0/security-groups?name=default').body as any).security_groups;
    expect(port.security_groups).toEqual([groups[0].id]);
    const asAdmin = (api(cloud, admin.token, 'GET', `neutron:/v2.0/ports/${port.id}`).body as any).port;
    expect(asAdmin).toMatchObject({ 'binding:host_id': '', 'binding:vif_type': 'unbound', 'binding:vif_details': {}, 'binding:profile': {} });
  });

  it('binds to compute1, then the OVS agent wires the tap, the port goes ACTIVE and Nova hears network-vif-plugged', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const port = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId } }).body as any).port;
    const mark = cloud.mark();
    const res = api(cloud, admin.token, 'PUT', `neutron:/v2.0/ports/${port.id}`, {
      port: { device_id: SERVER, device_owner: 'compute:nova', 'binding:host_id': 'compute1' },
    });
    expect(res.status).toBe(200);
    expect((res.body as any).port).toMatchObject({
      status: 'DOWN', 'binding:host_id': 'compute1', 'binding:vif_type': 'ovs',
      'binding:vif_details': { port_filter: true, bridge_name: 'br-int', ovs_hybrid_plug: false, connectivity: 'l2' },
    });
    cloud.advance(1000);
    expect((api(cloud, admin.token, 'GET', `neutron:/v2.0/ports/${port.id}`).body as any).port.status).toBe('DOWN');
    cloud.runUntilIdle();
    expect((api(cloud, admin.token, 'GET', `neutron:/v2.0/ports/${port.id}`).body as any).port.status).toBe('ACTIVE');

    const lines = hops(cloud, mark);
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at('neutron-server -> neutron-openvswitch-agent@compute1: q-agent-notifier.compute1: port_update')).toBeGreaterThan(-1);
    expect(at('neutron-openvswitch-agent@compute1 -> neutron-server: q-plugin: get_devices_details_list')).toBeGreaterThan(at('port_update'));
    expect(at(`ovs-vsctl set Port tap${port.id.slice(0, 11)} tag=1`)).toBeGreaterThan(at('get_devices_details_list'));
    expect(at('q-plugin: update_device_up')).toBeGreaterThan(at('ovs-vsctl set Port'));
    const event = cloud.trace(mark).find((t) => t.kind === 'http' && t.summary === 'POST /v2.1/os-server-external-events');
    expect(event).toBeDefined();
    expect(event!.from).toBe('neutron-server');
    expect((event!.payload as any).request).toEqual({ events: [{ name: 'network-vif-plugged', server_uuid: SERVER, tag: port.id, status: 'completed' }] });
    expect(lines.indexOf(`${event!.from} -> ${event!.to}: ${event!.summary}`)).toBeGreaterThan(at('update_device_up'));

    const t = cloud.tables() as any;
    const tap = `tap${port.id.slice(0, 11)}`;
    expect(t['neutron.host_interfaces'][`compute1/${tap}`]).toMatchObject({ type: 'tap', bridge: 'br-int', tag: 1, port_id: port.id, mac_address: port.mac_address });
    expect(t['neutron.host_networks'][`compute1/${networkId}`]).toMatchObject({ local_vlan: 1, uplink: 'phy-br-provider', network_type: 'flat' });
    expect(t['neutron.dhcp_hosts'][port.id]).toMatchObject({ mac_address: port.mac_address, ip_addresses: ['203.0.113.102'], hostname: 'host-203-0-113-102' });
  });

  it('fails the binding on a host whose L2 agent has been dead for agent_down_time', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    cloud.stop('neutron-openvswitch-agent@compute1');
    cloud.advance(30_000);
    const alive = (api(cloud, admin.token, 'GET', 'neutron:/v2.0/agents?host=compute1').body as any).agents;
    expect(alive[0].alive).toBe(true);
    cloud.advance(60_000);
    const dead = (api(cloud, admin.token, 'GET', 'neutron:/v2.0/agents?host=compute1').body as any).agents;
    expect(dead[0].alive).toBe(false);
    const port = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId, 'binding:host_id': 'compute1', device_owner: 'compute:nova' } }).body as any).port;
    expect(port).toMatchObject({ 'binding:vif_type': 'binding_failed', status: 'DOWN' });
    cloud.runUntilIdle();
    expect((api(cloud, admin.token, 'GET', `neutron:/v2.0/ports/${port.id}`).body as any).port.status).toBe('DOWN');
  });

  it('unplugs a deleted port: tap gone, DHCP entry gone, address free again', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const port = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: networkId, device_id: SERVER, device_owner: 'compute:nova', 'binding:host_id': 'compute1' },
    }).body as any).port;
    cloud.runUntilIdle();
    const mark = cloud.mark();
    expect(api(cloud, admin.token, 'DELETE', `neutron:/v2.0/ports/${port.id}`).status).toBe(204);
    cloud.runUntilIdle();
    const t = cloud.tables() as any;
    expect(t['neutron.host_interfaces'][`compute1/tap${port.id.slice(0, 11)}`]).toBeUndefined();
    expect(t['neutron.host_networks'][`compute1/${networkId}`]).toBeUndefined();
    expect(t['neutron.dhcp_hosts'][port.id]).toBeUndefined();
    const deleted = cloud.trace(mark).find((r) => r.summary === 'POST /v2.1/os-server-external-events');
    expect((deleted!.payload as any).request.events[0]).toMatchObject({ name: 'network-vif-deleted', tag: port.id });
    const again = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId } }).body as any).port;
    expect(again.fixed_ips[0].ip_address).toBe(port.fixed_ips[0].ip_address);
  });
});

describe('administrative state', () => {
  it('takes a wired port DOWN when disabled and ACTIVE again when enabled, telling Nova each time', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const port = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: networkId, device_id: SERVER, device_owner: 'compute:nova', 'binding:host_id': 'compute1' },
    }).body as any).port;
    cloud.runUntilIdle();
    const events = (mark: number) => cloud.trace(mark)
      .filter((t) => t.kind === 'http' && t.summary === 'POST /v2.1/os-server-external-events')
      .map((t) => (t.payload as any).request.events[0].name);
    let mark = cloud.mark();
    api(cloud, admin.token, 'PUT', `neutron:/v2.0/ports/${port.id}`, { port: { admin_state_up: false } });
    cloud.runUntilIdle();
    expect((api(cloud, admin.token, 'GET', `neutron:/v2.0/ports/${port.id}`).body as any).port).toMatchObject({ admin_state_up: false, status: 'DOWN' });
    expect(events(mark)).toEqual(['network-vif-unplugged']);
    mark = cloud.mark();
    api(cloud, admin.token, 'PUT', `neutron:/v2.0/ports/${port.id}`, { port: { admin_state_up: true } });
    cloud.runUntilIdle();
    expect((api(cloud, admin.token, 'GET', `neutron:/v2.0/ports/${port.id}`).body as any).port.status).toBe('ACTIVE');
    expect(events(mark)).toEqual(['network-vif-plugged']);
  });
});

describe('addresses', () => {
  it('runs out of addresses with IpAddressGenerationFailure and changes nothing', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud, { start: '203.0.113.101', end: '203.0.113.103' });
    // The DHCP port holds .101.
    for (const ip of ['203.0.113.102', '203.0.113.103']) {
      const p = api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId } });
      expect((p.body as any).port.fixed_ips[0].ip_address).toBe(ip);
    }
    const msg = rejects(cloud, 409, 'IpAddressGenerationFailure', () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId } }));
    expect(msg).toBe(`No more IP addresses available on network ${networkId}.`);
  });

  it('gives a requested address once, and a requested MAC once per network', () => {
    const cloud = createCloud();
    const { admin, networkId, subnetId } = providerNetwork(cloud);
    const first = api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: networkId, fixed_ips: [{ ip_address: '203.0.113.50' }], mac_address: 'fa:16:3e:00:00:01' },
    });
    expect(first.status).toBe(201);
    expect((first.body as any).port.fixed_ips).toEqual([{ subnet_id: subnetId, ip_address: '203.0.113.50' }]);
    expect(rejects(cloud, 409, 'IpAddressAlreadyAllocated', () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: networkId, fixed_ips: [{ subnet_id: subnetId, ip_address: '203.0.113.50' }] },
    }))).toBe(`IP address 203.0.113.50 already allocated in subnet ${subnetId}`);
    expect(rejects(cloud, 409, 'MacAddressInUse', () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: networkId, mac_address: 'fa:16:3e:00:00:01' },
    }))).toBe(`Unable to complete operation for network ${networkId}. The mac address fa:16:3e:00:00:01 is in use.`);
    expect(rejects(cloud, 400, 'InvalidIpForNetwork', () => api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: networkId, fixed_ips: [{ ip_address: '10.0.0.5' }] },
    }))).toBe('IP address 10.0.0.5 is not a valid IP for any of the subnets on the specified network.');
  });

  it('keeps addresses and bindings from members', () => {
    const cloud = createCloud();
    const { networkId, subnetId } = providerNetwork(cloud);
    const demo = login(cloud, 'demo');
    expect(rejects(cloud, 403, 'PolicyNotAuthorized', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: networkId, fixed_ips: [{ subnet_id: subnetId, ip_address: '203.0.113.60' }] },
    }))).toBe('(rule:create_port and (rule:create_port:fixed_ips and (rule:create_port:fixed_ips:subnet_id and rule:create_port:fixed_ips:ip_address))) is disallowed by policy');
    expect(rejects(cloud, 403, 'PolicyNotAuthorized', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/ports', {
      port: { network_id: networkId, 'binding:host_id': 'compute1' },
    }))).toBe('(rule:create_port and rule:create_port:binding:host_id) is disallowed by policy');
    // A subnet alone is fine on a shared network.
    expect(api(cloud, demo.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId, fixed_ips: [{ subnet_id: subnetId }] } }).status).toBe(201);
  });

  it('enforces the port quota', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const demo = login(cloud, 'demo');
    const q = api(cloud, admin.token, 'PUT', `neutron:/v2.0/quotas/${demo.projectId}`, { quota: { port: 1 } });
    expect((q.body as any).quota).toMatchObject({ port: 1, network: 100, subnet: 100, security_group: 10, security_group_rule: 100 });
    expect(api(cloud, demo.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId } }).status).toBe(201);
    expect(rejects(cloud, 409, 'OverQuota', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId } })))
      .toBe("Quota exceeded for resources: ['port'].");
    const details = (api(cloud, demo.token, 'GET', `neutron:/v2.0/quotas/${demo.projectId}/details`).body as any).quota;
    expect(details.port).toEqual({ limit: 1, used: 1, reserved: 0 });
    expect(rejects(cloud, 403, 'PolicyNotAuthorized', () => api(cloud, demo.token, 'PUT', `neutron:/v2.0/quotas/${demo.projectId}`, { quota: { port: 50 } })))
      .toBe('rule:update_quota is disallowed by policy');
  });
});

describe('port lists', () => {
  it('filters on attributes and fixed_ips, and keeps only the asked-for fields', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const a = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId, device_id: SERVER, device_owner: 'compute:nova' } }).body as any).port;
    api(cloud, admin.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId, name: 'other' } });
    const byIp = (api(cloud, admin.token, 'GET', `neutron:/v2.0/ports?fixed_ips=ip_address%3D${a.fixed_ips[0].ip_address}`).body as any).ports;
    expect(byIp.map((p: any) => p.id)).toEqual([a.id]);
    const byDevice = (api(cloud, admin.token, 'GET', `neutron:/v2.0/ports?device_id=${SERVER}&fields=id&fields=mac_address&fields=status`).body as any).ports;
    expect(byDevice).toEqual([{ id: a.id, mac_address: a.mac_address, status: 'DOWN' }]);
    const owners = (api(cloud, admin.token, 'GET', 'neutron:/v2.0/ports?device_owner=network:dhcp&device_owner=compute:nova').body as any).ports;
    expect(owners).toHaveLength(2);
    // A member sees neither the DHCP port nor the admin's ports.
    const demo = login(cloud, 'demo');
    expect((api(cloud, demo.token, 'GET', 'neutron:/v2.0/ports').body as any).ports).toEqual([]);
    expect(api(cloud, demo.token, 'GET', `neutron:/v2.0/ports/${a.id}`).status).toBe(404);
  });
});
