import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

describe('cinder service endpoints', () => {
  it('serves the version documents without a token', () => {
    const cloud = createCloud();
    const root = cloud.request({ method: 'GET', url: 'http://controller:8776/' });
    expect(root.status).toBe(300);
    const v3 = cloud.request({ method: 'GET', url: 'http://controller:8776/v3/' });
    expect(v3.status).toBe(200);
    expect((v3.body as any).versions[0]).toMatchObject({ id: 'v3.0', status: 'CURRENT', version: '3.71', min_version: '3.0' });
  });

  it('lists cinder-scheduler and cinder-volume for admins, with their state following the processes', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const list = () => (api(cloud, admin.token, 'GET', `cinder:/v3/${admin.projectId}/os-services`).body as any).services
      .map((s: any) => `${s.binary} ${s.host} ${s.zone} ${s.status} ${s.state}`);
    expect(list()).toEqual(['cinder-scheduler controller nova enabled up', 'cinder-volume controller@lvm nova enabled up']);
    cloud.stop('cinder-volume');
    expect(list()).toEqual(['cinder-scheduler controller nova enabled up', 'cinder-volume controller@lvm nova enabled down']);
    const demo = login(cloud, 'demo');
    const denied = api(cloud, demo.token, 'GET', 'cinder:/v3/os-services');
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow volume_extension:services:index to be performed." } });
  });

  it('moves updated_at with each heartbeat while a service runs', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const stamp = () => (api(cloud, admin.token, 'GET', 'cinder:/v3/os-services?binary=cinder-volume').body as any).services[0].updated_at;
    const first = stamp();
    cloud.advance(25_000);
    const later = stamp();
    expect(Date.parse(`${later}Z`) - Date.parse(`${first}Z`)).toBe(20_000);
  });

  it('shows and sets quotas; a member may read its own only', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const demo = login(cloud, 'demo');
    const own = api(cloud, demo.token, 'GET', `cinder:/v3/os-quota-sets/${demo.projectId}`);
    expect((own.body as any).quota_set).toMatchObject({ id: demo.projectId, volumes: 10, gigabytes: 1000, snapshots: 10, volumes___DEFAULT__: -1 });
    expect(api(cloud, demo.token, 'GET', `cinder:/v3/os-quota-sets/${admin.projectId}`).status).toBe(403);
    const set = api(cloud, admin.token, 'PUT', `cinder:/v3/os-quota-sets/${demo.projectId}`, { quota_set: { volumes: 1 } });
    expect(set.status).toBe(200);
    expect((set.body as any).quota_set.volumes).toBe(1);
    expect(api(cloud, demo.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1 } }).status).toBe(202);
    const over = api(cloud, demo.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1 } });
    expect((over.body as any).overLimit.message).toBe("VolumeLimitExceeded: Maximum number of volumes allowed (1) exceeded for quota 'volumes'.");
    const bad = api(cloud, admin.token, 'PUT', `cinder:/v3/os-quota-sets/${demo.projectId}`, { quota_set: { volumez: 3 } });
    expect((bad.body as any).badRequest.message).toBe('Invalid input received: Bad key(s) in quota set: volumez');
    const below = api(cloud, admin.token, 'PUT', `cinder:/v3/os-quota-sets/${demo.projectId}`, { quota_set: { volumes: 0 } });
    expect((below.body as any).badRequest.message).toBe('Quota volumes limit must be equal or greater than existing resources. Current usage is 1 and the requested limit is 0.');
  });

  it('lists the default volume type and the nova availability zone', () => {
    const cloud = createCloud();
    const demo = login(cloud, 'demo');
    const types = (api(cloud, demo.token, 'GET', 'cinder:/v3/types').body as any).volume_types;
    expect(types.map((t: any) => [t.name, t.description, t.is_public])).toEqual([['__DEFAULT__', 'Default Volume Type', true]]);
    expect(types[0].extra_specs).toBeUndefined();
    const zones = (api(cloud, demo.token, 'GET', 'cinder:/v3/os-availability-zone').body as any).availabilityZoneInfo;
    expect(zones).toEqual([{ zoneName: 'nova', zoneState: { available: true } }]);
  });
});
