import { describe, expect, it } from 'vitest';
import { createCloud, type Cloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

function setup() {
  const cloud = createCloud();
  return { cloud, admin: login(cloud, 'admin'), demo: login(cloud, 'demo') };
}

function create(cloud: Cloud, token: string, body: Record<string, unknown> = { size: 1, name: 'volume1' }) {
  return api(cloud, token, 'POST', 'cinder:/v3/volumes', { volume: body });
}

function show(cloud: Cloud, token: string, id: string) {
  return api(cloud, token, 'GET', `cinder:/v3/volumes/${id}`);
}

describe('cinder volumes', () => {
  it('creates a volume: 202 creating, then available once cinder-scheduler and cinder-volume have run', () => {
    const { cloud, demo } = setup();
    const mark = cloud.mark();
    const res = create(cloud, demo.token);
    expect(res.status).toBe(202);
    const vol = (res.body as any).volume;
    expect(vol).toMatchObject({ name: 'volume1', size: 1, status: 'creating', bootable: 'false', volume_type: '__DEFAULT__', availability_zone: 'nova', attachments: [], user_id: demo.userId });
    // The create response carries exactly the keys OSC prints (no os-vol-* extension keys).
    expect(Object.keys(vol).filter((k) => k.startsWith('os-vol'))).toEqual([]);
    expect(res.headers['openstack-api-version']).toBe('volume 3.0');
    expect(res.headers['x-compute-request-id']).toBe(res.headers['x-openstack-request-id']);
    cloud.runUntilIdle();
    const after = (show(cloud, demo.token, vol.id).body as any).volume;
    expect(after.status).toBe('available');
    expect(after['os-vol-tenant-attr:tenant_id']).toBe(demo.projectId);
    expect(after['os-vol-host-attr:host']).toBeUndefined();
    const hops = cloud.trace(mark).filter((t) => t.kind === 'rpc.cast' || t.kind === 'agent').map((t) => `${t.from} ${t.summary.split(' ').slice(0, 3).join(' ')}`);
    expect(hops).toEqual([
      'cinder-api cinder-scheduler: create_volume',
      'cinder-scheduler cinder-volume.controller: create_volume',
      'cinder-volume lvcreate -n volume-' + vol.id,
    ]);
  });

  it('shows the back-end host to admins only and answers both URL forms', () => {
    const { cloud, admin } = setup();
    const id = (create(cloud, admin.token).body as any).volume.id;
    cloud.runUntilIdle();
    const withProject = api(cloud, admin.token, 'GET', `cinder:/v3/${admin.projectId}/volumes/${id}`);
    expect(withProject.status).toBe(200);
    expect((withProject.body as any).volume['os-vol-host-attr:host']).toBe('controller@lvm#lvm');
    expect(show(cloud, admin.token, id).body).toEqual(withProject.body);
  });

  it('refuses a project id in the URL that is not the token\'s', () => {
    const { cloud, admin, demo } = setup();
    const res = api(cloud, demo.token, 'GET', `cinder:/v3/${admin.projectId}/volumes`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ badRequest: { code: 400, message: 'Malformed request url' } });
  });

  it('keeps projects apart: a member neither lists nor shows another project\'s volume', () => {
    const { cloud, admin, demo } = setup();
    const id = (create(cloud, admin.token, { size: 1, name: 'admins' }).body as any).volume.id;
    (create(cloud, demo.token, { size: 2, name: 'mine' }).body as any);
    cloud.runUntilIdle();
    const list = (api(cloud, demo.token, 'GET', 'cinder:/v3/volumes/detail?all_tenants=1').body as any).volumes;
    expect(list.map((v: any) => v.name)).toEqual(['mine']);
    const res = show(cloud, demo.token, id);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ itemNotFound: { code: 404, message: `Volume ${id} could not be found.` } });
    const all = (api(cloud, admin.token, 'GET', 'cinder:/v3/volumes/detail?all_tenants=1').body as any).volumes;
    expect(all.map((v: any) => v.name).sort()).toEqual(['admins', 'mine']);
    const own = (api(cloud, admin.token, 'GET', 'cinder:/v3/volumes').body as any).volumes;
    expect(own.map((v: any) => v.name)).toEqual(['admins']);
  });

  it('finds a volume by name the way cinderclient does: 404 on the name, then a filtered detail list', () => {
    const { cloud, demo } = setup();
    create(cloud, demo.token, { size: 1, name: 'vol1' });
    create(cloud, demo.token, { size: 1, name: 'vol2' });
    expect(show(cloud, demo.token, 'vol1').status).toBe(404);
    const found = (api(cloud, demo.token, 'GET', 'cinder:/v3/volumes/detail?all_tenants=1&name=vol1').body as any).volumes;
    expect(found.map((v: any) => v.name)).toEqual(['vol1']);
  });

  it('rejects bad input with cinder\'s wording and leaves the tables unchanged', () => {
    const { cloud, demo } = setup();
    const before = cloud.tables();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ size: 0 }, 400, 'Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1'],
      [{ size: 'abc' }, 400, "Invalid input for field/attribute size. Value: abc. 'abc' does not match '^[0-9]+$'"],
      [{ name: 'nosize' }, 400, "Invalid input received: Volume size 'None' must be an integer and greater than 0"],
      [{ size: 1, volume_type: 'gold' }, 404, 'Volume type with name gold could not be found.'],
      [{ size: 1, availability_zone: 'az9' }, 400, "Invalid input received: Availability zone 'az9' is invalid."],
    ];
    for (const [body, status, message] of cases) {
      const res = create(cloud, demo.token, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(Object.values(res.body as any)[0]).toEqual({ code: status, message });
    }
    expect(cloud.tables()).toEqual(before);
    expect(cloud.pending()).toBe(0);
  });

  it('enforces the volumes quota with 413 overLimit and keeps usage honest', () => {
    const { cloud, demo } = setup();
    for (let i = 0; i < 10; i += 1) expect(create(cloud, demo.token, { size: 1, name: `v${i}` }).status).toBe(202);
    const before = cloud.tables();
    const res = create(cloud, demo.token, { size: 1, name: 'one-too-many' });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      overLimit: { code: 413, message: "VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded for quota 'volumes'.", retryAfter: '0' },
    });
    expect(res.headers['retry-after']).toBe('0');
    expect(cloud.tables()).toEqual(before);
    const limits = (api(cloud, demo.token, 'GET', 'cinder:/v3/limits').body as any).limits.absolute;
    expect(limits).toMatchObject({ maxTotalVolumes: 10, totalVolumesUsed: 10, totalGigabytesUsed: 10 });
  });

  it('enforces the gigabytes quota before the count', () => {
    const { cloud, demo } = setup();
    const res = create(cloud, demo.token, { size: 1001 });
    expect(res.status).toBe(413);
    expect((res.body as any).overLimit.message).toBe(
      'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 1001G, quota is 1000G and 0G has been consumed.',
    );
  });

  it('puts a volume in error when no back end has room, with a user message saying why', () => {
    const { cloud, demo } = setup();
    const id = (create(cloud, demo.token, { size: 150 }).body as any).volume.id;
    cloud.runUntilIdle();
    expect((show(cloud, demo.token, id).body as any).volume.status).toBe('error');
    const msgs = (api(cloud, demo.token, 'GET', 'cinder:/v3/messages', undefined, { 'OpenStack-API-Version': 'volume 3.3' }).body as any).messages;
    expect(msgs.map((m: any) => [m.resource_uuid, m.user_message])).toEqual([[id, 'schedule allocate volume:Could not find any available weighted backend.']]);
    // A volume that never reached a back end is deleted by the API at once.
    expect(api(cloud, demo.token, 'DELETE', `cinder:/v3/volumes/${id}`).status).toBe(202);
    expect(show(cloud, demo.token, id).status).toBe(404);
    expect((api(cloud, demo.token, 'GET', 'cinder:/v3/limits').body as any).limits.absolute.totalGigabytesUsed).toBe(0);
  });

  it('stays creating while cinder-volume is stopped and finishes when it starts again', () => {
    const { cloud, demo } = setup();
    cloud.stop('cinder-volume');
    const id = (create(cloud, demo.token).body as any).volume.id;
    cloud.runUntilIdle();
    // The scheduler sees no live back end: NoValidBackend.
    expect((show(cloud, demo.token, id).body as any).volume.status).toBe('error');
    cloud.start('cinder-volume');
    cloud.stop('cinder-scheduler');
    const id2 = (create(cloud, demo.token).body as any).volume.id;
    cloud.runUntilIdle();
    expect((show(cloud, demo.token, id2).body as any).volume.status).toBe('creating');
    cloud.start('cinder-scheduler');
    cloud.runUntilIdle();
    expect((show(cloud, demo.token, id2).body as any).volume.status).toBe('available');
  });

  it('renames a volume with PUT', () => {
    const { cloud, demo } = setup();
    const id = (create(cloud, demo.token).body as any).volume.id;
    const res = api(cloud, demo.token, 'PUT', `cinder:/v3/volumes/${id}`, { volume: { name: 'renamed', description: 'data' } });
    expect(res.status).toBe(200);
    expect((res.body as any).volume).toMatchObject({ name: 'renamed', description: 'data' });
    expect((show(cloud, demo.token, id).body as any).volume.name).toBe('renamed');
  });

  it('deletes an available volume: deleting, then gone, quota given back', () => {
    const { cloud, demo } = setup();
    const id = (create(cloud, demo.token, { size: 3 }).body as any).volume.id;
    cloud.runUntilIdle();
    const mark = cloud.mark();
    expect(api(cloud, demo.token, 'DELETE', `cinder:/v3/volumes/${id}`).status).toBe(202);
    expect((show(cloud, demo.token, id).body as any).volume.status).toBe('deleting');
    cloud.runUntilIdle();
    expect(show(cloud, demo.token, id).status).toBe(404);
    expect(cloud.trace(mark).some((t) => t.kind === 'agent' && t.summary === `lvremove -f cinder-volumes/volume-${id}`)).toBe(true);
    const q = (api(cloud, demo.token, 'GET', `cinder:/v3/os-quota-sets/${demo.projectId}?usage=True`).body as any).quota_set;
    expect(q.volumes).toEqual({ limit: 10, in_use: 0, reserved: 0 });
    expect(q.gigabytes).toEqual({ limit: 1000, in_use: 0, reserved: 0 });
  });

  it('refuses to delete a volume that is still creating', () => {
    const { cloud, demo } = setup();
    const id = (create(cloud, demo.token).body as any).volume.id;
    cloud.advance(100); // scheduled: the volume has a host, the driver is still at work
    const before = cloud.tables();
    const res = api(cloud, demo.token, 'DELETE', `cinder:/v3/volumes/${id}`);
    expect(res.status).toBe(400);
    expect((res.body as any).badRequest.message).toMatch(/^Invalid volume: Volume status must be available or error or error_restoring/);
    expect(cloud.tables()).toEqual(before);
  });

  it('extends an available volume through the scheduler and lvextend', () => {
    const { cloud, demo } = setup();
    const id = (create(cloud, demo.token).body as any).volume.id;
    cloud.runUntilIdle();
    const small = api(cloud, demo.token, 'POST', `cinder:/v3/volumes/${id}/action`, { 'os-extend': { new_size: 1 } });
    expect(small.status).toBe(400);
    expect((small.body as any).badRequest.message).toBe('Invalid input received: New size for extend must be greater than current size. (current: 1, extended: 1).');
    expect(api(cloud, demo.token, 'POST', `cinder:/v3/volumes/${id}/action`, { 'os-extend': { new_size: 4 } }).status).toBe(202);
    expect((show(cloud, demo.token, id).body as any).volume.status).toBe('extending');
    cloud.runUntilIdle();
    expect((show(cloud, demo.token, id).body as any).volume).toMatchObject({ status: 'available', size: 4 });
    expect((api(cloud, demo.token, 'GET', 'cinder:/v3/limits').body as any).limits.absolute.totalGigabytesUsed).toBe(4);
  });

  it('lets only admins reset a status', () => {
    const { cloud, admin, demo } = setup();
    const id = (create(cloud, demo.token).body as any).volume.id;
    cloud.runUntilIdle();
    const denied = api(cloud, demo.token, 'POST', `cinder:/v3/volumes/${id}/action`, { 'os-reset_status': { status: 'error' } });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed." } });
    expect(api(cloud, admin.token, 'POST', `cinder:/v3/volumes/${id}/action`, { 'os-reset_status': { status: 'error' } }).status).toBe(202);
    expect((show(cloud, demo.token, id).body as any).volume.status).toBe('error');
    const unknown = api(cloud, demo.token, 'POST', `cinder:/v3/volumes/${id}/action`, { 'os-frobnicate': {} });
    expect(unknown.status).toBe(400);
    expect((unknown.body as any).badRequest.message).toBe('There is no such action: os-frobnicate. Verify the request body and Content-Type header and try again.');
  });
});
