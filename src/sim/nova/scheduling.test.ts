/** Scheduling failures and recoveries: NoValidHost in cell0, stopped or disabled services, reschedules to alternates. */
import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api } from '../testing.ts';
import { bootServer, getServer, hops, must, prepareLaunch } from './test-helpers.ts';

describe('NoValidHost', () => {
  it('buries a server that no host can take in cell0, ERROR with a fault whose details only admins see', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    must(api(cloud, s.admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'm1.huge', id: 'huge', ram: 16384, vcpus: 1, disk: 1 } }), 200);
    const id = (bootServer(cloud, s, { flavorRef: 'huge' }).body as any).server.id;
    cloud.runUntilIdle();
    const server = getServer(cloud, s.demo.token, id);
    expect(server).toMatchObject({ status: 'ERROR', 'OS-EXT-STS:vm_state': 'error', 'OS-EXT-STS:task_state': null, 'OS-EXT-STS:power_state': 0, hostId: '' });
    expect(server.fault).toEqual({ code: 500, created: expect.stringMatching(/Z$/), message: 'No valid host was found. ' });
    expect(getServer(cloud, s.admin.token, id).fault.details).toMatch(/NoValidHost/);
    const tables = cloud.tables();
    expect(tables['nova_cell0.instances'][id]).toMatchObject({ vm_state: 'error', host: null });
    expect(tables['nova.instances']?.[id]).toBeUndefined();
    expect(tables['nova_api.instance_mappings'][id].cell_id).toBe('00000000-0000-0000-0000-000000000000');
    expect(tables['nova_api.build_requests'][id]).toBeUndefined();
  });

  it('says "There are not enough hosts available." when the filters remove every candidate (compute disabled)', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const svc = must(api(cloud, s.admin.token, 'GET', 'nova:/v2.1/os-services?binary=nova-compute', undefined, { 'OpenStack-API-Version': 'compute 2.53' }), 200).services[0];
    must(api(cloud, s.admin.token, 'PUT', `nova:/v2.1/os-services/${svc.id}`, { status: 'disabled', disabled_reason: 'maintenance' }, { 'OpenStack-API-Version': 'compute 2.53' }), 200);
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id).fault.message).toBe('No valid host was found. There are not enough hosts available.');
  });

  it('filters out every x86_64 QEMU host for an image that wants another architecture (ImagePropertiesFilter)', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    must(api(cloud, s.admin.token, 'PATCH', `glance:/v2/images/${s.imageId}`, [{ op: 'add', path: '/hw_architecture', value: 'aarch64' }], { 'Content-Type': 'application/openstack-images-v2.1-json-patch' }), 200);
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id).fault.message).toBe('No valid host was found. There are not enough hosts available.');
  });

  it('deletes a buried server locally: 204, then 404, and quota usage drops', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    must(api(cloud, s.admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'm1.huge', id: 'huge', ram: 16384, vcpus: 1, disk: 1 } }), 200);
    const id = (bootServer(cloud, s, { flavorRef: 'huge' }).body as any).server.id;
    cloud.runUntilIdle();
    expect(must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/limits'), 200).limits.absolute.totalInstancesUsed).toBe(1);
    expect(api(cloud, s.demo.token, 'DELETE', `nova:/v2.1/servers/${id}`).status).toBe(204);
    expect(getServer(cloud, s.demo.token, id).status).toBe(404);
    expect(must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/limits'), 200).limits.absolute.totalInstancesUsed).toBe(0);
  });
});

describe('stopped services', () => {
  it('keeps a server in BUILD/scheduling while nova-conductor is stopped, and builds it when it starts', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    cloud.stop('nova-conductor');
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id)).toMatchObject({ status: 'BUILD', 'OS-EXT-STS:task_state': 'scheduling' });
    cloud.start('nova-conductor');
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id).status).toBe('ACTIVE');
  });

  it('parks the build for a compute that just stopped (still up for 60 s) and delivers it when it starts again', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    cloud.stop('nova-compute@compute1');
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.runUntilIdle();
    expect(getServer(cloud, s.admin.token, id)).toMatchObject({ status: 'BUILD', 'OS-EXT-SRV-ATTR:host': 'compute1' });
    cloud.start('nova-compute@compute1');
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id).status).toBe('ACTIVE');
  });

  it('reports a compute down 60 s after it stopped, and the scheduler then finds no host', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    cloud.stop('nova-compute@compute1');
    const state = () => must(api(cloud, s.admin.token, 'GET', 'nova:/v2.1/os-services?binary=nova-compute'), 200).services[0].state;
    cloud.advance(59_000);
    expect(state()).toBe('up');
    cloud.advance(2_000);
    expect(state()).toBe('down');
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id).fault.message).toBe('No valid host was found. There are not enough hosts available.');
  });

  it('puts a build that was under way when nova-compute stopped into ERROR when it starts again (_init_instance)', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.advance(1_000);
    expect(getServer(cloud, s.demo.token, id)['OS-EXT-STS:task_state']).toBe('spawning');
    cloud.stop('nova-compute@compute1');
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id).status).toBe('BUILD');
    cloud.start('nova-compute@compute1');
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id)).toMatchObject({ status: 'ERROR', 'OS-EXT-STS:task_state': null });
  });

  it('answers an RPC to a stopped scheduler with a MessagingTimeout that buries the server', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    cloud.stop('nova-scheduler');
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.runUntilIdle();
    const server = getServer(cloud, s.demo.token, id);
    expect(server.status).toBe('ERROR');
    expect(server.fault.message).toMatch(/^Timed out waiting for a reply/);
  });
});

describe('reschedules', () => {
  it('moves a build whose port cannot be bound on the first host to the alternate, giving the first claim back', () => {
    const cloud = createCloud({ computes: ['compute1', 'compute2'] });
    const s = prepareLaunch(cloud);
    cloud.stop('neutron-openvswitch-agent@compute1');
    cloud.advance(80_000); // Neutron's agent_down_time: the agent is dead, ML2 cannot bind there.
    const mark = cloud.mark();
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.runUntilIdle();
    const server = getServer(cloud, s.admin.token, id);
    expect(server).toMatchObject({ status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': 'compute2' });
    const list = hops(cloud, mark);
    expect(list).toContain('rpc.cast compute.compute1: build_and_run_instance');
    expect(list).toContain('rpc.cast conductor: build_instances');
    expect(list).toContain('rpc.cast compute.compute2: build_and_run_instance');
    expect(list.filter((h) => h === 'rpc.call scheduler: select_destinations')).toHaveLength(1);
    const allocs = must(api(cloud, s.admin.token, 'GET', `placement:/allocations/${id}`, undefined, { 'OpenStack-API-Version': 'placement 1.38' }), 200).allocations;
    const providers = must(api(cloud, s.admin.token, 'GET', 'placement:/resource_providers'), 200).resource_providers;
    expect(Object.keys(allocs).map((u) => providers.find((p: any) => p.uuid === u).name)).toEqual(['compute2']);
  });

  it('ends in ERROR with "Exceeded maximum number of retries" when no alternate is left, and leaves no port behind', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    cloud.stop('neutron-openvswitch-agent@compute1');
    cloud.advance(80_000);
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.runUntilIdle();
    const server = getServer(cloud, s.demo.token, id);
    expect(server.status).toBe('ERROR');
    expect(server.fault.message).toBe(`Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${id}.`);
    expect(must(api(cloud, s.admin.token, 'GET', `neutron:/v2.0/ports?device_id=${id}`), 200).ports).toEqual([]);
  });

  it('aborts the build after vif_plugging_timeout (300 s) when Neutron never reports the port plugged', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.stop('neutron-openvswitch-agent@compute1'); // still alive for Neutron, so the port binds; it never wires it
    cloud.advance(299_000);
    expect(getServer(cloud, s.demo.token, id)).toMatchObject({ status: 'BUILD', 'OS-EXT-STS:task_state': 'spawning' });
    cloud.runUntilIdle();
    const server = getServer(cloud, s.admin.token, id);
    expect(server).toMatchObject({ status: 'ERROR', 'OS-EXT-SRV-ATTR:host': null });
    expect(server.fault.message).toBe(`Build of instance ${id} aborted: Failed to allocate the network(s), not rescheduling.`);
    expect(cloud.tables()['hypervisor.domains']?.[id]).toBeUndefined();
  });
});
