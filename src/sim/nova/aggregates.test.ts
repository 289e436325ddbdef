import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

describe('os-aggregates', () => {
  it('groups hosts for admins and refuses members', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const demo = login(cloud, 'demo');
    expect(api(cloud, admin.token, 'GET', 'nova:/v2.1/os-aggregates').body).toEqual({ aggregates: [] });
    const denied = api(cloud, demo.token, 'GET', 'nova:/v2.1/os-aggregates');
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-aggregates:index to be performed." } });

    const created = api(cloud, admin.token, 'POST', 'nova:/v2.1/os-aggregates', { aggregate: { name: 'fast-disks', availability_zone: 'nova' } });
    expect(created.status).toBe(200);
    const id = (created.body as any).aggregate.id;
    const added = api(cloud, admin.token, 'POST', `nova:/v2.1/os-aggregates/${id}/action`, { add_host: { host: 'compute1' } });
    expect((added.body as any).aggregate.hosts).toEqual(['compute1']);
    expect(api(cloud, admin.token, 'POST', `nova:/v2.1/os-aggregates/${id}/action`, { add_host: { host: 'compute1' } }).status).toBe(409);
    expect(api(cloud, admin.token, 'POST', `nova:/v2.1/os-aggregates/${id}/action`, { add_host: { host: 'nowhere' } }).status).toBe(404);
    expect(api(cloud, admin.token, 'DELETE', `nova:/v2.1/os-aggregates/${id}`).status).toBe(400);
    api(cloud, admin.token, 'POST', `nova:/v2.1/os-aggregates/${id}/action`, { remove_host: { host: 'compute1' } });
    expect(api(cloud, admin.token, 'DELETE', `nova:/v2.1/os-aggregates/${id}`).status).toBe(200);
    expect(api(cloud, admin.token, 'GET', `nova:/v2.1/os-aggregates/${id}`).status).toBe(404);
  });

  it('rejects a nameless aggregate and leaves the tables alone', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const before = cloud.tables();
    const res = api(cloud, admin.token, 'POST', 'nova:/v2.1/os-aggregates', { aggregate: {} });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body as object)).toEqual(['badRequest']);
    expect(cloud.tables()).toEqual(before);
  });
});
