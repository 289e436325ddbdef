import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

const V = (v: string) => ({ 'OpenStack-API-Version': `placement ${v}` });

function setup() {
  const cloud = createCloud({ computes: [] });
  const admin = login(cloud, 'admin');
  const demo = login(cloud, 'demo');
  const call = (method: string, path: string, body?: unknown, version = '1.39', token = admin.token) =>
    api(cloud, token, method, `placement:${path}`, body, V(version));
  return { cloud, admin, demo, call };
}

const detail = (res: { body?: unknown }) => (res.body as any).errors[0].detail as string;

describe('placement resource providers', () => {
  it('answers GET / without a token and echoes the microversion with vary', () => {
    const { cloud } = setup();
    const res = cloud.request({ method: 'GET', url: 'http://controller:8778/', headers: V('latest') });
    expect(res.status).toBe(200);
    expect((res.body as any).versions[0]).toMatchObject({ id: 'v1.0', min_version: '1.0', max_version: '1.39', status: 'CURRENT' });
    expect(res.headers['openstack-api-version']).toBe('placement 1.39');
    expect(res.headers.vary).toBe('openstack-api-version');
    const plain = cloud.request({ method: 'GET', url: 'http://controller:8778/' });
    expect(plain.headers['openstack-api-version']).toBe('placement 1.0');
  });

  it('refuses an unsupported microversion with 406 and a malformed one with 400', () => {
    const { call } = setup();
    const high = call('GET', '/resource_providers', undefined, '1.40');
    expect(high.status).toBe(406);
    expect((high.body as any).errors[0]).toMatchObject({ status: 406, title: 'Not Acceptable' });
    expect(detail(high)).toContain('Unacceptable version header: 1.40');
    expect(high.headers['openstack-api-version']).toBeUndefined();
    const bad = call('GET', '/resource_providers', undefined, 'pony.horse');
    expect(bad.status).toBe(400);
    expect(detail(bad)).toContain('invalid version string: pony.horse');
  });

  it('is for admins and services only: a member gets 403, no token 401', () => {
    const { cloud, demo, call } = setup();
    const before = cloud.tables();
    const res = call('GET', '/resource_providers', undefined, '1.39', demo.token);
    expect(res.status).toBe(403);
    expect(detail(res)).toContain('Policy does not allow placement:resource_providers:list to be performed.');
    expect((res.body as any).errors[0].request_id).toBe(res.headers['x-openstack-request-id']);
    expect(call('POST', '/resource_providers', { name: 'x' }, '1.39', demo.token).status).toBe(403);
    expect(cloud.tables()).toEqual(before);
    const anon = cloud.request({ method: 'GET', url: 'http://controller:8778/resource_providers', headers: V('1.39') });
    expect(anon.status).toBe(401);
    expect(anon.headers['openstack-api-version']).toBeUndefined();
  });

  it('creates providers (201 without a body before 1.20, 200 with one after) and filters the list', () => {
    const { call } = setup();
    const old = call('POST', '/resource_providers', { name: 'compute1', uuid: '11111111-1111-4111-8111-111111111111' }, '1.19');
    expect(old.status).toBe(201);
    expect(old.body).toBeUndefined();
    expect(old.headers.location).toBe('http://controller:8778/resource_providers/11111111-1111-4111-8111-111111111111');
    const res = call('POST', '/resource_providers', { name: 'compute2' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'compute2', generation: 0, parent_provider_uuid: null });
    const uuid = (res.body as any).uuid;
    expect((res.body as any).root_provider_uuid).toBe(uuid);
    expect((res.body as any).links.map((l: any) => l.rel)).toEqual(['self', 'inventories', 'usages', 'aggregates', 'traits', 'allocations']);

    const names = (path: string) => (call('GET', path).body as any).resource_providers.map((r: any) => r.name);
    expect(names('/resource_providers')).toEqual(['compute1', 'compute2']);
    expect(names('/resource_providers?name=compute2')).toEqual(['compute2']);
    expect(names(`/resource_providers?uuid=${uuid}`)).toEqual(['compute2']);
    // At 1.0 the tree fields are not shown.
    const plain = call('GET', `/resource_providers/${uuid}`, undefined, '1.0').body as any;
    expect(plain.root_provider_uuid).toBeUndefined();
    expect(plain.links.map((l: any) => l.rel)).toEqual(['self', 'inventories', 'usages']);
  });

  it('filters by available resources and by required traits', () => {
    const { call } = setup();
    const big = (call('POST', '/resource_providers', { name: 'big' }).body as any).uuid;
    const small = (call('POST', '/resource_providers', { name: 'small' }).body as any).uuid;
    call('PUT', `/resource_providers/${big}/inventories`, { resource_provider_generation: 0, inventories: { VCPU: { total: 8 }, MEMORY_MB: { total: 16384 } } });
    call('PUT', `/resource_providers/${small}/inventories`, { resource_provider_generation: 0, inventories: { VCPU: { total: 1 }, MEMORY_MB: { total: 512 } } });
    call('PUT', `/resource_providers/${small}/traits`, { resource_provider_generation: 1, traits: ['HW_CPU_X86_AVX2'] });
    const names = (q: string) => (call('GET', `/resource_providers?${q}`).body as any).resource_providers.map((r: any) => r.name);
    expect(names('resources=VCPU:2,MEMORY_MB:1024')).toEqual(['big']);
    expect(names('resources=VCPU:1')).toEqual(['big', 'small']);
    expect(names('required=HW_CPU_X86_AVX2')).toEqual(['small']);
    expect(names('required=!HW_CPU_X86_AVX2')).toEqual(['big']);
    const bad = call('GET', '/resource_providers?resources=FOO:1');
    expect(bad.status).toBe(400);
    expect(detail(bad)).toContain('Invalid resource class in resources parameter: No such resource class FOO.');
    expect(call('GET', '/resource_providers?bogus=1').status).toBe(400);
  });

  it('refuses a duplicate name with placement.duplicate_name and leaves state alone', () => {
    const { cloud, call } = setup();
    call('POST', '/resource_providers', { name: 'compute1' });
    const before = cloud.tables();
    const res = call('POST', '/resource_providers', { name: 'compute1' });
    expect(res.status).toBe(409);
    expect((res.body as any).errors[0].code).toBe('placement.duplicate_name');
    expect(detail(res)).toContain('Conflicting resource provider name: compute1 already exists.');
    expect(call('POST', '/resource_providers', { nam: 'typo' }).status).toBe(400);
    expect(cloud.tables()).toEqual(before);
  });

  it('renames, then deletes a provider; 404 afterwards', () => {
    const { call } = setup();
    const uuid = (call('POST', '/resource_providers', { name: 'old' }).body as any).uuid;
    const renamed = call('PUT', `/resource_providers/${uuid}`, { name: 'new' });
    expect(renamed.status).toBe(200);
    expect((renamed.body as any).name).toBe('new');
    expect(call('DELETE', `/resource_providers/${uuid}`).status).toBe(204);
    const gone = call('GET', `/resource_providers/${uuid}`);
    expect(gone.status).toBe(404);
    expect(detail(gone)).toContain(`No resource provider with uuid ${uuid} found`);
  });

  it('has the standard resource classes and traits, and takes custom ones', () => {
    const { call } = setup();
    const classes = (call('GET', '/resource_classes', undefined, '1.2').body as any).resource_classes.map((r: any) => r.name);
    expect(classes.slice(0, 3)).toEqual(['VCPU', 'MEMORY_MB', 'DISK_GB']);
    expect(call('PUT', '/resource_classes/CUSTOM_GOLD', undefined, '1.7').status).toBe(201);
    expect(call('PUT', '/resource_classes/CUSTOM_GOLD', undefined, '1.7').status).toBe(204);
    expect(call('DELETE', '/resource_classes/VCPU').status).toBe(400);
    const traits = (call('GET', '/traits?name=startswith:COMPUTE_DEVICE', undefined, '1.6').body as any).traits;
    expect(traits).toEqual(['COMPUTE_DEVICE_TAGGING']);
    expect(call('PUT', '/traits/CUSTOM_FAST').status).toBe(201);
    expect(call('PUT', '/traits/FAST').status).toBe(400);
    // Traits arrived in 1.6: older requests do not find the route.
    expect(call('GET', '/traits', undefined, '1.5').status).toBe(404);
  });
});
