/** The install guide's launch: `openstack server create` on the provider network, from POST to ACTIVE, with its trace. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCloud, restoreCloud } from '../cloud.ts';
import { api } from '../testing.ts';
import { bootServer, getServer, hops, inOrder, must, prepareLaunch } from './test-helpers.ts';

describe('launching an instance on the provider network', () => {
  it('answers 202 at once, shows BUILD from the BuildRequest, and ends ACTIVE with an address of the provider subnet', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    // python-openstackclient resolves --security-group default and sends the group's id in `name`.
    const sg = must(api(cloud, s.demo.token, 'GET', 'neutron:/v2.0/security-groups?name=default'), 200).security_groups[0];
    const res = bootServer(cloud, s, { security_groups: [{ name: sg.id }] });
    expect(res.status).toBe(202);
    const created = (res.body as any).server;
    expect(Object.keys(created).sort()).toEqual(['OS-DCF:diskConfig', 'adminPass', 'id', 'links', 'security_groups']);
    expect(created.adminPass).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(res.headers.location).toBe(`http://controller:8774/v2.1/servers/${created.id}`);

    // Before the conductor runs there is only a BuildRequest in the API database.
    const tables = cloud.tables();
    expect(tables['nova_api.build_requests'][created.id]).toBeDefined();
    expect(tables['nova.instances']?.[created.id]).toBeUndefined();
    const building = getServer(cloud, s.demo.token, created.id);
    expect(building).toMatchObject({ status: 'BUILD', 'OS-EXT-STS:vm_state': 'building', 'OS-EXT-STS:task_state': 'scheduling', 'OS-EXT-STS:power_state': 0, addresses: {}, hostId: '', 'OS-EXT-AZ:availability_zone': '' });

    cloud.runUntilIdle();
    const server = getServer(cloud, s.demo.token, created.id);
    expect(server).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:vm_state': 'active', 'OS-EXT-STS:task_state': null, 'OS-EXT-STS:power_state': 1, key_name: 'mykey', 'OS-EXT-AZ:availability_zone': 'nova' });
    expect(server.security_groups).toEqual([{ name: 'default' }]);
    const [addr] = server.addresses.provider;
    expect(addr['OS-EXT-IPS:type']).toBe('fixed');
    expect(addr.addr).toMatch(/^203\.0\.113\.(1[0-9][0-9]|2[0-4][0-9]|250)$/);
    expect(addr['OS-EXT-IPS-MAC:mac_addr']).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    expect(server['OS-SRV-USG:launched_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(server.hostId).toBe(createHash('sha224').update(s.demo.projectId + 'compute1').digest('hex'));
    expect(server['OS-EXT-SRV-ATTR:host']).toBeUndefined();

    const port = must(api(cloud, s.admin.token, 'GET', `neutron:/v2.0/ports?device_id=${created.id}`), 200).ports[0];
    expect(port).toMatchObject({ device_owner: 'compute:nova', 'binding:host_id': 'compute1', status: 'ACTIVE', mac_address: addr['OS-EXT-IPS-MAC:mac_addr'] });
  });

  it('goes through networking, block_device_mapping and spawning on the compute host', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    const seen: (string | null)[] = ['scheduling'];
    while (cloud.step()) {
      const inst = cloud.engine.state.tables['nova.instances']?.[id];
      if (inst && inst.task_state !== seen[seen.length - 1]) seen.push(inst.task_state);
    }
    expect(seen).toEqual(['scheduling', null, 'networking', 'block_device_mapping', 'spawning', null]);
    expect(getServer(cloud, s.demo.token, id).status).toBe('ACTIVE');
  });

  it('traces the modern flow: conductor, scheduler and Placement claim, compute, Neutron port, Glance image, vif-plugged event', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const mark = cloud.mark();
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.runUntilIdle();
    const list = hops(cloud, mark);
    expect(inOrder(list, [
      'http POST /v2.1/servers',
      'rpc.cast conductor: schedule_and_build_instances',
      'rpc.call scheduler: select_destinations',
      'http GET /allocation_candidates?resources=DISK_GB:1,MEMORY_MB:64,VCPU:1',
      `http PUT /allocations/${id}`,
      'rpc.cast compute.compute1: build_and_run_instance',
      `http GET /allocations/${id}`,
      'http POST /v2.0/ports',
      'http PUT /v2.0/ports/',
      'http GET /v2/images/',
      /^http GET \/v2\/images\/[^/]+\/file$/,
      'hypervisor virsh define',
      'hypervisor virsh start --paused instance-00000001',
      'http POST /v2.1/os-server-external-events',
      'rpc.cast compute.compute1: external_instance_event',
      'hypervisor virsh resume instance-00000001',
    ])).toBe(true);
    // nova-compute writes nothing itself: its saves go through the conductor.
    const computeWrites = cloud.trace(mark).filter((t) => t.kind === 'db' && t.from.startsWith('nova-compute') && ['db:nova', 'db:nova_api', 'db:nova_cell0'].includes(t.to));
    expect(computeWrites).toEqual([]);
    expect(list.filter((h) => h === 'rpc.call conductor: object_action').length).toBeGreaterThan(4);
  });

  it('downloads the image once per host: the second server on compute1 uses the _base cache', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    bootServer(cloud, s);
    cloud.runUntilIdle();
    const mark = cloud.mark();
    const id = (bootServer(cloud, s, { name: 'second' }).body as any).server.id;
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id).status).toBe('ACTIVE');
    expect(hops(cloud, mark).filter((h) => /^http GET \/v2\/images\/[^/]+\/file$/.test(h))).toEqual([]);
  });

  it('gives the same trace for the same seed', () => {
    const run = () => {
      const cloud = createCloud({ seed: 7 });
      const s = prepareLaunch(cloud);
      const mark = cloud.mark();
      bootServer(cloud, s);
      cloud.runUntilIdle();
      return JSON.stringify(cloud.trace(mark));
    };
    expect(run()).toBe(run());
  });

  it('finishes a build the same way after a snapshot taken half-way is restored', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.advance(1_000);
    expect(getServer(cloud, s.demo.token, id)['OS-EXT-STS:task_state']).toBe('spawning');
    const snap = cloud.snapshot();
    cloud.runUntilIdle();
    const restored = restoreCloud(snap);
    restored.runUntilIdle();
    expect(getServer(restored, s.demo.token, id).status).toBe('ACTIVE');
    expect(restored.tables()).toEqual(cloud.tables());
  });

  it('boots without naming a network at 2.1 when exactly one is available (the guide: --nic may be omitted)', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const res = api(cloud, s.demo.token, 'POST', 'nova:/v2.1/servers', { server: { name: 'no-nic', imageRef: s.imageId, flavorRef: '0' } });
    expect(res.status).toBe(202);
    cloud.runUntilIdle();
    const server = getServer(cloud, s.demo.token, (res.body as any).server.id);
    expect(server.status).toBe('ACTIVE');
    expect(Object.keys(server.addresses)).toEqual(['provider']);
  });

  it('boots on a port made beforehand and only unbinds that port when the server is deleted', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const port = must(api(cloud, s.demo.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: s.networkId, name: 'mine' } }), 201).port;
    const id = (bootServer(cloud, s, { networks: [{ port: port.id }] }).body as any).server.id;
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id).addresses.provider[0].addr).toBe(port.fixed_ips[0].ip_address);
    expect(api(cloud, s.demo.token, 'DELETE', `nova:/v2.1/servers/${id}`).status).toBe(204);
    cloud.runUntilIdle();
    const after = must(api(cloud, s.admin.token, 'GET', `neutron:/v2.0/ports/${port.id}`), 200).port;
    expect(after).toMatchObject({ device_id: '', device_owner: '', 'binding:host_id': '' });
  });
});
