/** Nova's API surface around the servers: versions, microversion headers, services, hypervisors, zones, quotas, events. */
import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';
import { bootServer, getServer, must, prepareLaunch } from './test-helpers.ts';

describe('versions and microversions', () => {
  it('answers GET / and GET /v2.1 without a token, advertising 2.1 to 2.100', () => {
    const cloud = createCloud();
    const root = cloud.request({ method: 'GET', url: 'http://controller:8774/' });
    expect(root.status).toBe(200);
    expect((root.body as any).versions.map((v: any) => [v.id, v.status])).toEqual([['v2.0', 'DEPRECATED'], ['v2.1', 'CURRENT']]);
    const v21 = cloud.request({ method: 'GET', url: 'http://controller:8774/v2.1' });
    expect((v21.body as any).version).toMatchObject({ id: 'v2.1', status: 'CURRENT', version: '2.100', min_version: '2.1' });
  });

  it('echoes the microversion, sends x-compute-request-id equal to x-openstack-request-id, and accepts latest', () => {
    const cloud = createCloud();
    const { token } = login(cloud, 'admin');
    const res = api(cloud, token, 'GET', 'nova:/v2.1/flavors', undefined, { 'OpenStack-API-Version': 'compute 2.61' });
    expect(res.headers).toMatchObject({
      'openstack-api-version': 'compute 2.61',
      'x-openstack-nova-api-version': '2.61',
      vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
    });
    expect(res.headers['x-compute-request-id']).toBe(res.headers['x-openstack-request-id']);
    const latest = api(cloud, token, 'GET', 'nova:/v2.1/flavors', undefined, { 'X-OpenStack-Nova-API-Version': 'latest' });
    expect(latest.headers['openstack-api-version']).toBe('compute 2.100');
    const plain = api(cloud, token, 'GET', 'nova:/v2.1/flavors');
    expect(plain.headers['x-openstack-nova-api-version']).toBe('2.1');
  });
});

describe('os-services', () => {
  it("lists the install guide's services for admins only", () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const demo = login(cloud, 'demo');
    const list = must(api(cloud, admin.token, 'GET', 'nova:/v2.1/os-services', undefined, { 'OpenStack-API-Version': 'compute 2.69' }), 200).services;
    expect(list.map((x: any) => [x.binary, x.host, x.zone, x.status, x.state])).toEqual([
      ['nova-scheduler', 'controller', 'internal', 'enabled', 'up'],
      ['nova-conductor', 'controller', 'internal', 'enabled', 'up'],
      ['nova-compute', 'compute1', 'nova', 'enabled', 'up'],
    ]);
    expect(list[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(list[0].forced_down).toBe(false);
    expect(must(api(cloud, admin.token, 'GET', 'nova:/v2.1/os-services'), 200).services[0].id).toBe(1);
    expect(api(cloud, demo.token, 'GET', 'nova:/v2.1/os-services').body).toEqual({
      forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-services:list to be performed." },
    });
  });

  it('disables and enables nova-compute (legacy actions) but refuses other binaries', () => {
    const cloud = createCloud();
    const { token } = login(cloud, 'admin');
    const off = must(api(cloud, token, 'PUT', 'nova:/v2.1/os-services/disable-log-reason', { host: 'compute1', binary: 'nova-compute', disabled_reason: 'disk swap' }), 200);
    expect(off.service).toEqual({ host: 'compute1', binary: 'nova-compute', status: 'disabled', disabled_reason: 'disk swap' });
    const row = must(api(cloud, token, 'GET', 'nova:/v2.1/os-services?binary=nova-compute'), 200).services[0];
    expect(row).toMatchObject({ status: 'disabled', disabled_reason: 'disk swap' });
    must(api(cloud, token, 'PUT', 'nova:/v2.1/os-services/enable', { host: 'compute1', binary: 'nova-compute' }), 200);
    const bad = api(cloud, token, 'PUT', 'nova:/v2.1/os-services/disable', { host: 'controller', binary: 'nova-scheduler' });
    expect(bad.body).toEqual({ badRequest: { code: 400, message: 'Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.' } });
  });
});

describe('os-hypervisors and availability zones', () => {
  it('shows compute1 as the guide does (QEMU, 10.0.0.31, up) with usage that follows the servers', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const before = must(api(cloud, s.admin.token, 'GET', 'nova:/v2.1/os-hypervisors/detail'), 200).hypervisors[0];
    expect(before).toMatchObject({ id: 1, hypervisor_hostname: 'compute1', hypervisor_type: 'QEMU', host_ip: '10.0.0.31', state: 'up', status: 'enabled', vcpus: 4, memory_mb: 8192, vcpus_used: 0, memory_mb_used: 512, running_vms: 0 });
    bootServer(cloud, s);
    cloud.runUntilIdle();
    const after = must(api(cloud, s.admin.token, 'GET', 'nova:/v2.1/os-hypervisors/detail'), 200).hypervisors[0];
    expect(after).toMatchObject({ vcpus_used: 1, memory_mb_used: 576, local_gb_used: 1, running_vms: 1, free_ram_mb: 8192 - 576 });
    expect(cloud.tables()['nova.compute_nodes'][Object.keys(cloud.tables()['nova.compute_nodes'])[0]]).toMatchObject({ vcpus_used: 1, memory_mb_used: 576 });
    const v288 = must(api(cloud, s.admin.token, 'GET', 'nova:/v2.1/os-hypervisors/detail', undefined, { 'OpenStack-API-Version': 'compute 2.88' }), 200).hypervisors[0];
    expect(v288.vcpus).toBeUndefined();
    expect(v288.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/os-hypervisors').status).toBe(403);
    const az = must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/os-availability-zone'), 200);
    expect(az.availabilityZoneInfo).toEqual([{ zoneName: 'nova', zoneState: { available: true }, hosts: null }]);
  });
});

describe('quotas', () => {
  it('shows the defaults, lets an admin change a project, and hides nova-network quotas from 2.36', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const demo = login(cloud, 'demo');
    const own = must(api(cloud, demo.token, 'GET', `nova:/v2.1/os-quota-sets/${demo.projectId}`), 200).quota_set;
    expect(own).toMatchObject({ id: demo.projectId, instances: 10, cores: 20, ram: 51200, key_pairs: 100, floating_ips: -1 });
    const v236 = must(api(cloud, demo.token, 'GET', `nova:/v2.1/os-quota-sets/${demo.projectId}`, undefined, { 'OpenStack-API-Version': 'compute 2.36' }), 200).quota_set;
    expect(v236.floating_ips).toBeUndefined();
    expect(api(cloud, demo.token, 'PUT', `nova:/v2.1/os-quota-sets/${demo.projectId}`, { quota_set: { instances: 50 } }).status).toBe(403);
    expect(api(cloud, demo.token, 'GET', `nova:/v2.1/os-quota-sets/${admin.projectId}`).status).toBe(403);
    expect(must(api(cloud, admin.token, 'PUT', `nova:/v2.1/os-quota-sets/${demo.projectId}`, { quota_set: { cores: 4 } }), 200).quota_set.cores).toBe(4);
    expect(must(api(cloud, demo.token, 'GET', 'nova:/v2.1/limits'), 200).limits.absolute.maxTotalCores).toBe(4);
    expect(api(cloud, admin.token, 'DELETE', `nova:/v2.1/os-quota-sets/${demo.projectId}`).status).toBe(202);
    expect(must(api(cloud, demo.token, 'GET', 'nova:/v2.1/limits'), 200).limits.absolute.maxTotalCores).toBe(20);
    const bad = api(cloud, admin.token, 'GET', 'nova:/v2.1/os-quota-sets/nosuchproject');
    expect(bad.body).toEqual({ badRequest: { code: 400, message: 'Project ID nosuchproject is not a valid project.' } });
  });
});

describe('os-server-external-events', () => {
  it('is for admins and services; reports 404 and 422 per event with a 207', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    const body = { events: [{ name: 'network-vif-plugged', server_uuid: id, tag: 'port-1' }] };
    expect(api(cloud, s.demo.token, 'POST', 'nova:/v2.1/os-server-external-events', body).status).toBe(403);
    // Still a BuildRequest, so not in any cell yet (404), like an unknown server.
    const res = api(cloud, s.admin.token, 'POST', 'nova:/v2.1/os-server-external-events', {
      events: [...body.events, { name: 'network-changed', server_uuid: '11111111-2222-4333-8444-555555555555' }],
    });
    expect(res.status).toBe(207);
    expect((res.body as any).events.map((e: any) => [e.code, e.status])).toEqual([[404, 'failed'], [404, 'failed']]);
    cloud.runUntilIdle();
    // A server buried in cell0 exists but has no host to send the event to (422).
    must(api(cloud, s.admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'm1.huge', id: 'huge', ram: 16384, vcpus: 1, disk: 1 } }), 200);
    const buried = (bootServer(cloud, s, { flavorRef: 'huge', name: 'too-big' }).body as any).server.id;
    cloud.runUntilIdle();
    const noHost = api(cloud, s.admin.token, 'POST', 'nova:/v2.1/os-server-external-events', { events: [{ name: 'network-changed', server_uuid: buried }] });
    expect((noHost.body as any).events[0]).toMatchObject({ code: 422, status: 'failed' });
    expect(getServer(cloud, s.demo.token, id).status).toBe('ACTIVE');
    const ok = api(cloud, s.admin.token, 'POST', 'nova:/v2.1/os-server-external-events', { events: [{ name: 'network-changed', server_uuid: id }] });
    expect(ok.status).toBe(200);
    expect((ok.body as any).events[0]).toMatchObject({ code: 200, status: 'completed' });
    const invalid = api(cloud, s.admin.token, 'POST', 'nova:/v2.1/os-server-external-events', { events: [{ name: 'reboot-please', server_uuid: id }] });
    expect(invalid.status).toBe(400);
  });
});
