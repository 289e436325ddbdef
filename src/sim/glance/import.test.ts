import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

const OCTET = { 'Content-Type': 'application/octet-stream' };

function setup() {
  const cloud = createCloud();
  const demo = login(cloud, 'demo');
  const create = (name: string) =>
    (api(cloud, demo.token, 'POST', 'glance:/v2/images', { name, disk_format: 'raw', container_format: 'bare' }).body as any).id as string;
  const status = (id: string) => (api(cloud, demo.token, 'GET', `glance:/v2/images/${id}`).body as any).status;
  return { cloud, demo, create, status };
}

describe('glance interoperable import', () => {
  it('stages data (uploading), imports it (importing) and turns active when the task has run', () => {
    const { cloud, demo, create, status } = setup();
    const id = create('staged');
    expect(api(cloud, demo.token, 'PUT', `glance:/v2/images/${id}/stage`, 'staged bytes', OCTET).status).toBe(204);
    expect(status(id)).toBe('uploading');
    const mark = cloud.mark();
    expect(api(cloud, demo.token, 'POST', `glance:/v2/images/${id}/import`, { method: { name: 'glance-direct' } }).status).toBe(202);
    const importing = api(cloud, demo.token, 'GET', `glance:/v2/images/${id}`).body as any;
    expect(importing.status).toBe('importing');
    expect(importing.os_glance_import_task).toMatch(/^[0-9a-f-]{36}$/);
    cloud.runUntilIdle();
    const done = api(cloud, demo.token, 'GET', `glance:/v2/images/${id}`).body as any;
    expect(done).toMatchObject({ status: 'active', size: 12, checksum: createHash('md5').update('staged bytes').digest('hex'), os_glance_failed_import: '' });
    expect(done.os_glance_import_task).toBeUndefined();
    expect(cloud.trace(mark).some((r) => r.kind === 'event' && r.summary.includes('api_image_import (glance-direct)'))).toBe(true);
    expect(cloud.tables()['glance_store.staging'][id]).toBeUndefined();
  });

  it('web-downloads the install guide CirrOS file after a while', () => {
    const { cloud, demo, create, status } = setup();
    const id = create('cirros2');
    const url = 'http://download.cirros-cloud.net/0.4.0/cirros-0.4.0-x86_64-disk.img';
    expect(api(cloud, demo.token, 'POST', `glance:/v2/images/${id}/import`, { method: { name: 'web-download', uri: url } }).status).toBe(202);
    cloud.advance(100);
    expect(status(id)).toBe('importing');
    cloud.advance(2000);
    const img = api(cloud, demo.token, 'GET', `glance:/v2/images/${id}`).body as any;
    expect(img).toMatchObject({ status: 'active', size: 12716032, checksum: '443b7623e27ecf03dc9e01ee93f67afe' });
  });

  it('refuses an import the image is not ready for, leaving it unchanged', () => {
    const { cloud, demo, create } = setup();
    const id = create('unstaged');
    const before = cloud.tables();
    const pending = cloud.pending();
    const res = api(cloud, demo.token, 'POST', `glance:/v2/images/${id}/import`, { method: { name: 'glance-direct' } });
    expect(res.status).toBe(409);
    expect((res.body as any).message).toBe("Image needs to be staged before 'glance-direct' method can be used");
    const bad = api(cloud, demo.token, 'POST', `glance:/v2/images/${id}/import`, { method: { name: 'ftp' } });
    expect(bad.status).toBe(400);
    expect((bad.body as any).message).toBe("Unknown import method name 'ftp'.");
    expect(cloud.tables()).toEqual(before);
    expect(cloud.pending()).toBe(pending);
  });
});
