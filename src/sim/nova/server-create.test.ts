/** POST /servers refuses bad requests with Nova's status and message, and leaves no trace in Nova's tables. */
import { describe, expect, it } from 'vitest';
import { createCloud, type Cloud } from '../cloud.ts';
import { api } from '../testing.ts';
import { bootServer, must, prepareLaunch, type LaunchSetup } from './test-helpers.ts';

function novaTables(cloud: Cloud) {
  return Object.fromEntries(Object.entries(cloud.tables()).filter(([k]) => k.startsWith('nova')));
}

function refused(cloud: Cloud, s: LaunchSetup, extra: Record<string, unknown>, status: number, fault: string, headers: Record<string, string> = {}) {
  const before = novaTables(cloud);
  const res = bootServer(cloud, s, extra, s.demo.token, headers);
  expect(res.status).toBe(status);
  const body = res.body as any;
  expect(Object.keys(body)).toEqual([fault]);
  expect(body[fault].code).toBe(status);
  expect(novaTables(cloud)).toEqual(before);
  expect(cloud.pending()).toBe(0);
  return body[fault].message as string;
}

describe('POST /servers validation', () => {
  const cloud = createCloud();
  const s = prepareLaunch(cloud);

  it('needs a name', () => {
    expect(refused(cloud, s, { name: undefined }, 400, 'badRequest')).toMatch(/^Invalid input for field\/attribute server\. Value: \{.*\}\. 'name' is a required property$/);
  });

  it('needs an existing flavor', () => {
    expect(refused(cloud, s, { flavorRef: '42' }, 400, 'badRequest')).toBe('Flavor 42 could not be found.');
  });

  it('needs an existing, active image', () => {
    const missing = '6b4b9c5c-0d3c-4c9c-9e52-0a1b2c3d4e5f';
    expect(refused(cloud, s, { imageRef: missing }, 400, 'badRequest')).toBe(`Image ${missing} could not be found.`);
    const queued = must(api(cloud, s.admin.token, 'POST', 'glance:/v2/images', { name: 'empty', disk_format: 'qcow2', container_format: 'bare', visibility: 'public' }), 201);
    expect(refused(cloud, s, { imageRef: queued.id }, 400, 'badRequest')).toBe(`Image ${queued.id} is not active.`);
  });

  it('needs an existing network with a subnet', () => {
    const missing = '0b7e3b3c-3f1e-4d8e-9a44-1234567890ab';
    expect(refused(cloud, s, { networks: [{ uuid: missing }] }, 400, 'badRequest')).toBe(`Network ${missing} could not be found.`);
    const bare = must(api(cloud, s.admin.token, 'POST', 'neutron:/v2.0/networks', {
      network: { name: 'no-subnet', shared: true, 'provider:network_type': 'vlan', 'provider:physical_network': 'provider', 'provider:segmentation_id': 101 },
    }), 201).network;
    expect(refused(cloud, s, { networks: [{ uuid: bare.id }] }, 400, 'badRequest')).toBe(`Network ${bare.id} requires a subnet in order to boot instances on.`);
  });

  it('needs a known key pair of the caller', () => {
    expect(refused(cloud, s, { key_name: 'nosuchkey' }, 400, 'badRequest')).toBe('Invalid key_name provided.');
  });

  it('needs a security group of the project', () => {
    expect(refused(cloud, s, { security_groups: [{ name: 'nosuch' }] }, 400, 'badRequest')).toBe(`Security group nosuch not found for project ${s.demo.projectId}.`);
  });

  it('needs min_count <= max_count', () => {
    expect(refused(cloud, s, { min_count: 3, max_count: 2 }, 400, 'badRequest')).toBe('min_count must be <= max_count');
  });

  it('needs `networks` from microversion 2.37', () => {
    const msg = refused(cloud, s, { networks: undefined }, 400, 'badRequest', { 'OpenStack-API-Version': 'compute 2.37' });
    expect(msg).toMatch(/'networks' is a required property$/);
  });

  it('refuses a microversion it does not have (406) and a malformed one (400)', () => {
    expect(refused(cloud, s, {}, 406, 'notAcceptable', { 'X-OpenStack-Nova-API-Version': '2.999' })).toBe('Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is 2.100.');
    expect(refused(cloud, s, {}, 400, 'badRequest', { 'X-OpenStack-Nova-API-Version': 'two' })).toBe('API Version String two is of invalid format. Must be of format MajorNum.MinorNum.');
  });

  it('refuses a flavor whose memory is below the image min_ram', () => {
    must(api(cloud, s.admin.token, 'PATCH', `glance:/v2/images/${s.imageId}`, [{ op: 'add', path: '/min_ram', value: 128 }], { 'Content-Type': 'application/openstack-images-v2.1-json-patch' }), 200);
    expect(refused(cloud, s, {}, 400, 'badRequest')).toBe("Flavor's memory is too small for requested image.");
    must(api(cloud, s.admin.token, 'PATCH', `glance:/v2/images/${s.imageId}`, [{ op: 'replace', path: '/min_ram', value: 0 }], { 'Content-Type': 'application/openstack-images-v2.1-json-patch' }), 200);
  });
});

describe('instance quota', () => {
  it('answers 403 with the used and allowed counts, and counts servers still in BUILD', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    must(api(cloud, s.admin.token, 'PUT', `nova:/v2.1/os-quota-sets/${s.demo.projectId}`, { quota_set: { instances: 2 } }), 200);
    expect(bootServer(cloud, s, { name: 'one' }).status).toBe(202);
    expect(bootServer(cloud, s, { name: 'two' }).status).toBe(202);
    const before = novaTables(cloud);
    const res = bootServer(cloud, s, { name: 'three' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ forbidden: { code: 403, message: 'Quota exceeded for instances: Requested 1, but already used 2 of 2 instances' } });
    expect(novaTables(cloud)).toEqual(before);
    const limits = must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/limits'), 200).limits.absolute;
    expect(limits).toMatchObject({ maxTotalInstances: 2, totalInstancesUsed: 2, totalCoresUsed: 2, totalRAMUsed: 128 });
  });

  it('creates only as many as fit between min_count and max_count, named name-1, name-2', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    must(api(cloud, s.admin.token, 'PUT', `nova:/v2.1/os-quota-sets/${s.demo.projectId}`, { quota_set: { instances: 2 } }), 200);
    expect(bootServer(cloud, s, { name: 'web', min_count: 1, max_count: 5 }).status).toBe(202);
    cloud.runUntilIdle();
    const names = must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/servers/detail'), 200).servers.map((x: any) => [x.name, x.status]);
    expect(names.sort()).toEqual([['web-1', 'ACTIVE'], ['web-2', 'ACTIVE']]);
  });
});
