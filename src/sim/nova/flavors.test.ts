/** Flavors: the install guide's m1.nano, admin-only management, lookups, microversion shapes, extra specs, access. */
import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';
import { must } from './test-helpers.ts';

const NANO = { flavor: { name: 'm1.nano', id: '0', ram: 64, vcpus: 1, disk: 1 } };

function setup() {
  const cloud = createCloud();
  return { cloud, admin: login(cloud, 'admin'), demo: login(cloud, 'demo') };
}

describe('flavors', () => {
  it('starts with none; an admin creates m1.nano with the fields OSC prints', () => {
    const { cloud, admin } = setup();
    expect(must(api(cloud, admin.token, 'GET', 'nova:/v2.1/flavors'), 200).flavors).toEqual([]);
    const f = must(api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', NANO), 200).flavor;
    expect(f).toMatchObject({
      id: '0', name: 'm1.nano', ram: 64, vcpus: 1, disk: 1, swap: '', 'OS-FLV-EXT-DATA:ephemeral': 0, 'OS-FLV-DISABLED:disabled': false,
      'os-flavor-access:is_public': true, rxtx_factor: 1,
    });
    expect(f.links[0].href).toBe('http://controller:8774/v2.1/flavors/0');
    const v261 = must(api(cloud, admin.token, 'GET', 'nova:/v2.1/flavors/0', undefined, { 'OpenStack-API-Version': 'compute 2.61' }), 200).flavor;
    expect(v261).toMatchObject({ description: null, extra_specs: {}, swap: '' });
    expect(must(api(cloud, admin.token, 'GET', 'nova:/v2.1/flavors/0', undefined, { 'OpenStack-API-Version': 'compute 2.75' }), 200).flavor.swap).toBe(0);
    expect(must(api(cloud, admin.token, 'GET', 'nova:/v2.1/flavors'), 200).flavors).toEqual([{ id: '0', name: 'm1.nano', links: f.links }]);
  });

  it("answers a lookup by name with 404 (the client then lists), and refuses members' and duplicate creates", () => {
    const { cloud, admin, demo } = setup();
    must(api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', NANO), 200);
    expect(api(cloud, demo.token, 'GET', 'nova:/v2.1/flavors/m1.nano').body).toEqual({ itemNotFound: { code: 404, message: 'Flavor m1.nano could not be found.' } });
    const denied = api(cloud, demo.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'mine', ram: 64, vcpus: 1, disk: 1 } });
    expect(denied.body).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed." } });
    expect(api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', NANO).body).toEqual({ conflictingRequest: { code: 409, message: 'Flavor with name m1.nano already exists.' } });
    const sameId = api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { ...NANO.flavor, name: 'other' } });
    expect((sameId.body as any).conflictingRequest.message).toBe('Flavor with ID 0 already exists.');
    const zeroRam = api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'x', ram: 0, vcpus: 1, disk: 1 } });
    expect((zeroRam.body as any).badRequest.message).toBe('Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1');
    expect(must(api(cloud, admin.token, 'GET', 'nova:/v2.1/flavors'), 200).flavors).toHaveLength(1);
  });

  it('gives generated ids when none is asked for, and deletes (202) for admins only', () => {
    const { cloud, admin, demo } = setup();
    const f = must(api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'm1.small', ram: 2048, vcpus: 1, disk: 20 } }), 200).flavor;
    expect(f.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(api(cloud, demo.token, 'DELETE', `nova:/v2.1/flavors/${f.id}`).status).toBe(403);
    expect(api(cloud, admin.token, 'DELETE', `nova:/v2.1/flavors/${f.id}`).status).toBe(202);
    expect(api(cloud, admin.token, 'GET', `nova:/v2.1/flavors/${f.id}`).status).toBe(404);
  });

  it('keeps extra specs (admins write, everyone reads)', () => {
    const { cloud, admin, demo } = setup();
    must(api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', NANO), 200);
    expect(must(api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors/0/os-extra_specs', { extra_specs: { 'hw:cpu_policy': 'shared' } }), 200)).toEqual({ extra_specs: { 'hw:cpu_policy': 'shared' } });
    expect(must(api(cloud, demo.token, 'GET', 'nova:/v2.1/flavors/0/os-extra_specs'), 200)).toEqual({ extra_specs: { 'hw:cpu_policy': 'shared' } });
    expect(api(cloud, demo.token, 'POST', 'nova:/v2.1/flavors/0/os-extra_specs', { extra_specs: { a: 'b' } }).status).toBe(403);
    expect(api(cloud, admin.token, 'GET', 'nova:/v2.1/flavors/0/os-extra_specs/nope').body).toEqual({ itemNotFound: { code: 404, message: 'Flavor 0 has no extra specs with key nope.' } });
    expect(api(cloud, admin.token, 'DELETE', 'nova:/v2.1/flavors/0/os-extra_specs/hw:cpu_policy').status).toBe(202);
  });

  it('hides a private flavor from projects without access until an admin grants it', () => {
    const { cloud, admin, demo } = setup();
    must(api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'secret', id: 's1', ram: 64, vcpus: 1, disk: 1, 'os-flavor-access:is_public': false } }), 200);
    expect(api(cloud, demo.token, 'GET', 'nova:/v2.1/flavors/s1').status).toBe(404);
    expect(must(api(cloud, demo.token, 'GET', 'nova:/v2.1/flavors'), 200).flavors).toEqual([]);
    const granted = must(api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors/s1/action', { addTenantAccess: { tenant: demo.projectId } }), 200);
    expect(granted.flavor_access).toContainEqual({ flavor_id: 's1', tenant_id: demo.projectId });
    expect(must(api(cloud, demo.token, 'GET', 'nova:/v2.1/flavors'), 200).flavors.map((f: any) => f.id)).toEqual(['s1']);
    expect(must(api(cloud, admin.token, 'GET', 'nova:/v2.1/flavors/detail?is_public=None'), 200).flavors.map((f: any) => f.id)).toEqual(['s1']);
    expect(must(api(cloud, admin.token, 'GET', 'nova:/v2.1/flavors/detail'), 200).flavors).toEqual([]);
  });
});
