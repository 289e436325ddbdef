import { describe, expect, it } from 'vitest';
import { createCloud, type Cloud } from '../cloud.ts';
import { api, login } from '../testing.ts';
import { healthSummary, serviceHealth, topologyView } from './index.ts';

/** Replaces a table's rows with hand-made ones, as the services would have written them. */
function seed(cloud: Cloud, table: string, rows: Record<string, unknown>[], key = 'id') {
  const t: Record<string, Record<string, unknown>> = {};
  for (const r of rows) t[String(r[key])] = structuredClone(r);
  cloud.engine.state.tables[table] = t;
}

describe('topologyView', () => {
  it('shows the install guide\'s two nodes with their addresses and processes', () => {
    const view = topologyView(createCloud());
    expect(view.mechanism).toBe('openvswitch');
    expect(view.nodes.map((n) => [n.name, n.role, n.management_ip, n.provider_interface])).toEqual([
      ['controller', 'controller', '10.0.0.11', 'eth1'],
      ['compute1', 'compute', '10.0.0.31', 'eth1'],
    ]);
    const [controller, compute1] = view.nodes;
    expect(controller.processes.map((p) => p.name)).toEqual(expect.arrayContaining(['keystone', 'nova-api', 'neutron-server', 'cinder-volume', 'neutron-openvswitch-agent@controller']));
    expect(compute1.processes.map((p) => p.name).sort()).toEqual(['neutron-openvswitch-agent@compute1', 'nova-compute@compute1']);
    expect([...controller.processes, ...compute1.processes].every((p) => p.up)).toBe(true);
    expect(compute1.instances).toEqual([]);
  });

  it('adds a compute node with its own processes and the next address', () => {
    const cloud = createCloud({ mechanism: 'linuxbridge' });
    cloud.addComputeNode('compute2');
    cloud.runUntilIdle();
    const compute2 = topologyView(cloud).nodes.find((n) => n.name === 'compute2')!;
    expect(compute2).toMatchObject({ role: 'compute', management_ip: '10.0.0.32', up: true });
    expect(compute2.processes.map((p) => p.name).sort()).toEqual(['neutron-linuxbridge-agent@compute2', 'nova-compute@compute2']);
    cloud.stop('nova-compute@compute2');
    expect(topologyView(cloud).nodes.find((n) => n.name === 'compute2')!.processes.find((p) => p.binary === 'nova-compute')!.up).toBe(false);
  });

  it('ties taps, namespaces, instances, ports and volumes together from the services\' tables', () => {
    const cloud = createCloud();
    const net = 'net-1';
    const port = { id: 'port-vm-0000000', network_id: net, mac_address: 'fa:16:3e:00:00:01', status: 'ACTIVE', device_owner: 'compute:nova', device_id: 'vm-1', name: '' };
    const dhcp = { id: 'port-dhcp-00000', network_id: net, mac_address: 'fa:16:3e:00:00:02', status: 'ACTIVE', device_owner: 'network:dhcp', device_id: 'dhcp', name: '' };
    seed(cloud, 'neutron.networks', [{ id: net, name: 'provider', status: 'ACTIVE', shared: true, external: true }]);
    seed(cloud, 'neutron.networksegments', [{ id: 'seg', network_id: net, network_type: 'flat', physical_network: 'provider', segmentation_id: null }]);
    seed(cloud, 'neutron.subnets', [{ id: 'sub-1', network_id: net, name: 'provider', cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1', enable_dhcp: true, allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }] }]);
    seed(cloud, 'neutron.ports', [port, dhcp]);
    seed(cloud, 'neutron.ipallocations', [{ id: 'a1', port_id: port.id, subnet_id: 'sub-1', ip_address: '203.0.113.103' }, { id: 'a2', port_id: dhcp.id, subnet_id: 'sub-1', ip_address: '203.0.113.101' }]);
    seed(cloud, 'neutron.ml2_port_bindings', [{ port_id: port.id, host: 'compute1', vif_type: 'ovs' }, { port_id: dhcp.id, host: 'controller', vif_type: 'ovs' }], 'port_id');
    seed(cloud, 'neutron.host_bridges', [{ id: 'compute1/br-int', host: 'compute1', name: 'br-int', kind: 'ovs', network_id: null }]);
    seed(cloud, 'neutron.host_interfaces', [
      { id: 'compute1/tapport-vm-00', host: 'compute1', name: 'tapport-vm-00', type: 'tap', bridge: 'br-int', port_id: port.id, network_id: net, namespace: null },
      { id: 'controller/tapport-dhcp-', host: 'controller', name: 'tapport-dhcp-', type: 'internal', bridge: 'br-int', port_id: dhcp.id, network_id: net, namespace: `qdhcp-${net}` },
    ]);
    seed(cloud, 'neutron.dhcp_servers', [{ network_id: net, host: 'controller', namespace: `qdhcp-${net}`, dnsmasq: 'running' }], 'network_id');
    seed(cloud, 'nova.instances', [
      { uuid: 'vm-1', display_name: 'provider-instance', host: 'compute1', vm_state: 'active', task_state: null, power_state: 1, deleted: 0 },
      { uuid: 'vm-old', display_name: 'gone', host: 'compute1', vm_state: 'deleted', deleted: 7 },
    ], 'uuid');
    seed(cloud, 'hypervisor.domains', [{ uuid: 'vm-1', state: 'running' }], 'uuid');
    seed(cloud, 'cinder.volumes', [{ id: 'vol-1', display_name: 'vol1', status: 'in-use', size: 1, host: 'controller@lvm#lvm' }]);
    seed(cloud, 'cinder.volume_attachment', [{ id: 'att-1', volume_id: 'vol-1', instance_uuid: 'vm-1', attach_status: 'attached' }]);

    const view = topologyView(cloud);
    const [controller, compute1] = view.nodes;
    expect(compute1.taps.map((t) => [t.name, t.bridge, t.instance_id])).toEqual([['tapport-vm-00', 'br-int', 'vm-1']]);
    expect(compute1.bridges).toEqual([{ name: 'br-int', kind: 'ovs', network_id: null, ports: ['tapport-vm-00'] }]);
    expect(compute1.instances).toEqual([{
      id: 'vm-1', name: 'provider-instance', vm_state: 'active', task_state: null, power_state: 1, domain: 'running', port_ids: [port.id], volume_ids: ['vol-1'],
    }]);
    expect(controller.namespaces).toEqual([{ name: `qdhcp-${net}`, network_id: net, interfaces: ['tapport-dhcp-'], dnsmasq: 'running' }]);
    expect(controller.taps).toEqual([]);
    expect(controller.volumes).toEqual([{ id: 'vol-1', name: 'vol1', status: 'in-use', size: 1, attached_to: ['vm-1'] }]);
    expect(view.networks).toHaveLength(1);
    expect(view.networks[0]).toMatchObject({ name: 'provider', network_type: 'flat', physical_network: 'provider', shared: true, external: true });
    expect(view.networks[0].subnets.map((s) => s.cidr)).toEqual(['203.0.113.0/24']);
    expect(view.networks[0].ports.map((p) => [p.device_owner, p.host, p.fixed_ips[0].ip_address])).toEqual([
      ['compute:nova', 'compute1', '203.0.113.103'],
      ['network:dhcp', 'controller', '203.0.113.101'],
    ]);
  });

  it('places a volume on the controller\'s back end once Cinder has scheduled it', () => {
    const cloud = createCloud();
    const demo = login(cloud, 'demo');
    api(cloud, demo.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 2, name: 'data' } });
    expect(topologyView(cloud).nodes[0].volumes).toEqual([]);
    cloud.runUntilIdle();
    expect(topologyView(cloud).nodes[0].volumes.map((v) => [v.name, v.status, v.size])).toEqual([['data', 'available', 2]]);
  });

  it('draws what Neutron and Nova built for a server on the provider network', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const net = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', {
      network: { name: 'provider', shared: true, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'provider' },
    }).body as any).network.id;
    api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', {
      subnet: { network_id: net, name: 'provider', ip_version: 4, cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1', allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }], enable_dhcp: true },
    });
    api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'm1.nano', ram: 64, vcpus: 1, disk: 1, id: '0' } });
    cloud.runUntilIdle();
    const image = (api(cloud, admin.token, 'GET', 'glance:/v2/images?name=cirros').body as any).images[0].id;
    const server = (api(cloud, admin.token, 'POST', 'nova:/v2.1/servers', { server: { name: 'vm', imageRef: image, flavorRef: '0', networks: [{ uuid: net }] } }).body as any).server.id;
    cloud.runUntilIdle();

    const view = topologyView(cloud);
    const [controller, compute1] = view.nodes;
    expect(controller.namespaces.map((n) => [n.name, n.dnsmasq])).toEqual([[`qdhcp-${net}`, 'running']]);
    expect(compute1.instances.map((i) => [i.id, i.name, i.vm_state, i.domain])).toEqual([[server, 'vm', 'active', 'running']]);
    const [port] = compute1.instances[0].port_ids;
    expect(compute1.taps.map((t) => [t.name, t.bridge, t.instance_id])).toEqual([[`tap${port.slice(0, 11)}`, 'br-int', server]]);
    expect(compute1.bridges.find((b) => b.name === 'br-int')!.ports).toContain(`tap${port.slice(0, 11)}`);
    expect(compute1.hypervisor).toMatchObject({ vcpus: 4, vcpus_used: 1 });
    const network = view.networks.find((n) => n.id === net)!;
    expect(network.ports.map((p) => [p.device_owner, p.host]).sort()).toEqual([['compute:nova', 'compute1'], ['network:dhcp', 'controller']]);
  });

  it('returns plain data that survives a JSON round trip', () => {
    const view = topologyView(createCloud());
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});

describe('serviceHealth', () => {
  it('lists every process by service, controller first, all up on a fresh cloud', () => {
    const cloud = createCloud();
    const health = serviceHealth(cloud);
    expect(health.map((p) => p.service)).toEqual([...health.map((p) => p.service)].sort((a, b) =>
      ['keystone', 'glance', 'placement', 'nova', 'neutron', 'cinder'].indexOf(a) - ['keystone', 'glance', 'placement', 'nova', 'neutron', 'cinder'].indexOf(b)));
    expect(health.filter((p) => p.service === 'nova').map((p) => p.name)).toEqual(['nova-api', 'nova-conductor', 'nova-novncproxy', 'nova-scheduler', 'nova-compute@compute1']);
    expect(health.every((p) => p.up)).toBe(true);
    expect(health).toHaveLength(cloud.components().length);
  });

  it('shows a stopped process as down and counts it in the summary', () => {
    const cloud = createCloud();
    cloud.stop('cinder-scheduler');
    expect(serviceHealth(cloud).find((p) => p.name === 'cinder-scheduler')).toMatchObject({ up: false, host: 'controller' });
    expect(healthSummary(cloud).find((s) => s.service === 'cinder')).toEqual({ service: 'cinder', up: 2, total: 3 });
  });

  it('includes the processes of a compute node added later, and drops those of one removed', () => {
    const cloud = createCloud();
    cloud.addComputeNode('compute2');
    expect(serviceHealth(cloud).filter((p) => p.host === 'compute2').map((p) => p.binary).sort()).toEqual(['neutron-openvswitch-agent', 'nova-compute']);
    cloud.removeComputeNode('compute2');
    expect(serviceHealth(cloud).some((p) => p.host === 'compute2')).toBe(false);
  });
});
