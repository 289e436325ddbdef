import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

function setup() {
  const cloud = createCloud();
  const demo = login(cloud, 'demo');
  const cirros = (api(cloud, demo.token, 'GET', 'glance:/v2/images?name=cirros').body as any).images[0];
  return { cloud, demo, cirros };
}

describe('cinder volumes from images', () => {
  it('downloads the image from Glance: creating, downloading, then a bootable available volume', () => {
    const { cloud, demo, cirros } = setup();
    const mark = cloud.mark();
    const res = api(cloud, demo.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'boot', imageRef: cirros.id } });
    expect(res.status).toBe(202);
    const id = (res.body as any).volume.id;
    cloud.advance(50);
    expect((api(cloud, demo.token, 'GET', `cinder:/v3/volumes/${id}`).body as any).volume.status).toBe('downloading');
    cloud.runUntilIdle();
    const vol = (api(cloud, demo.token, 'GET', `cinder:/v3/volumes/${id}`).body as any).volume;
    expect(vol).toMatchObject({ status: 'available', bootable: 'true' });
    expect(vol.volume_image_metadata).toMatchObject({ image_id: cirros.id, image_name: 'cirros', disk_format: 'qcow2' });
    // The API checks the image, then cinder-volume fetches its metadata and data.
    const glance = cloud.trace(mark).filter((t) => t.kind === 'http' && t.to === 'glance-api').map((t) => `${t.from} ${t.summary}`);
    expect(glance).toEqual([
      `cinder-api GET /v2/images/${cirros.id}`,
      `cinder-volume GET /v2/images/${cirros.id}`,
      `cinder-volume GET /v2/images/${cirros.id}/file`,
    ]);
  });

  it('refuses an unknown image and one larger than the volume, changing nothing', () => {
    const { cloud, demo, cirros } = setup();
    const before = cloud.tables();
    const missing = api(cloud, demo.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, imageRef: '9d3c9a3c-0000-4000-8000-000000000000' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ itemNotFound: { code: 404, message: 'Image 9d3c9a3c-0000-4000-8000-000000000000 could not be found.' } });
    const admin = login(cloud, 'admin');
    const patched = api(cloud, admin.token, 'PATCH', `glance:/v2/images/${cirros.id}`, [{ op: 'replace', path: '/min_disk', value: 2 }], { 'Content-Type': 'application/openstack-images-v2.1-json-patch' });
    expect((patched.body as any).min_disk).toBe(2);
    const afterPatch = cloud.tables();
    const small = api(cloud, demo.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, imageRef: cirros.id } });
    expect(small.status).toBe(400);
    expect((small.body as any).badRequest.message).toBe('Invalid input received: Volume size 1GB cannot be smaller than the image minDisk size 2GB.');
    expect(cloud.tables()).toEqual(afterPatch);
    expect(before['cinder.volumes'] ?? {}).toEqual(afterPatch['cinder.volumes'] ?? {});
  });
});
