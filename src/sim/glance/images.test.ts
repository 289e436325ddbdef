import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCloud, type Cloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

const OCTET = { 'Content-Type': 'application/octet-stream' };
const PATCH = { 'Content-Type': 'application/openstack-images-v2.1-json-patch' };

function setup() {
  const cloud = createCloud();
  return { cloud, admin: login(cloud, 'admin'), demo: login(cloud, 'demo') };
}

function create(cloud: Cloud, token: string, body: Record<string, unknown> = {}) {
  const res = api(cloud, token, 'POST', 'glance:/v2/images', { disk_format: 'qcow2', container_format: 'bare', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as any;
}

const names = (res: { body?: unknown }) => (res.body as any).images.map((i: any) => i.name).sort();

describe('glance images', () => {
  it('answers version discovery without a token with 300 and a body a fetch client can read', async () => {
    const { cloud } = setup();
    const res = await cloud.fetch('http://controller:9292/');
    expect(res.status).toBe(300);
    const doc = await res.json();
    expect(doc.versions.filter((v: any) => v.status === 'CURRENT').map((v: any) => v.id)).toEqual(['v2.17']);
    expect(doc.versions[0].links[0].href).toBe('http://controller:9292/v2/');
    expect(api(cloud, '', 'GET', 'glance:/v2/images').status).toBe(401);
  });

  it('has the install guide CirrOS image, public and active, owned by the admin project', () => {
    const { cloud, admin, demo } = setup();
    for (const who of [admin, demo]) {
      const res = api(cloud, who.token, 'GET', 'glance:/v2/images?name=cirros');
      expect(res.status).toBe(200);
      expect((res.body as any).images).toHaveLength(1);
      const img = (res.body as any).images[0];
      expect(img).toMatchObject({
        name: 'cirros', status: 'active', visibility: 'public', disk_format: 'qcow2', container_format: 'bare',
        size: 12716032, min_disk: 0, min_ram: 0, owner: admin.projectId, checksum: '443b7623e27ecf03dc9e01ee93f67afe', os_hash_algo: 'sha512',
      });
      expect(img.file).toBe(`/v2/images/${img.id}/file`);
    }
  });

  it('creates a queued image, uploads data through saving to active and serves the data back', () => {
    const { cloud, demo } = setup();
    const mark = cloud.mark();
    const img = create(cloud, demo.token, { name: 'web', 'owner_specified.openstack.object': 'images/web' });
    expect(img).toMatchObject({ status: 'queued', size: null, checksum: null, visibility: 'shared', owner: demo.projectId });
    expect(img['owner_specified.openstack.object']).toBe('images/web');
    const data = 'QFI\u00fb pretend qcow2 data';
    expect(api(cloud, demo.token, 'PUT', `glance:/v2/images/${img.id}/file`, data, OCTET).status).toBe(204);

    const shown = api(cloud, demo.token, 'GET', `glance:/v2/images/${img.id}`).body as any;
    const bytes = Buffer.from(data, 'latin1');
    expect(shown).toMatchObject({
      status: 'active',
      size: bytes.length,
      checksum: createHash('md5').update(bytes).digest('hex'),
      os_hash_algo: 'sha512',
      os_hash_value: createHash('sha512').update(bytes).digest('hex'),
      stores: 'fs',
    });
    const file = api(cloud, demo.token, 'GET', `glance:/v2/images/${img.id}/file`);
    expect(file.status).toBe(200);
    expect(file.body).toBe(data);
    expect(file.headers['content-md5']).toBe(shown.checksum);

    // The trace shows the two requests and the image passing through saving on its way to active.
    const trace = cloud.trace(mark);
    const http = trace.filter((r) => r.kind === 'http' && r.to === 'glance-api').map((r) => `${r.summary} ${r.status}`);
    expect(http).toEqual([
      'POST /v2/images 201',
      `PUT /v2/images/${img.id}/file 204`,
      `GET /v2/images/${img.id} 200`,
      `GET /v2/images/${img.id}/file 200`,
    ]);
    const statuses = trace.filter((r) => r.kind === 'db' && r.summary.includes(`glance.images ${img.id}`))
      .map((r) => /status=(\w+)/.exec(r.summary)?.[1]);
    expect(statuses).toEqual(['queued', 'saving', 'active']);
  });

  it('keeps private images of one project out of sight of another; admins see everything', () => {
    const { cloud, admin, demo } = setup();
    const mine = create(cloud, demo.token, { name: 'demo-private', visibility: 'private' });
    const theirs = create(cloud, admin.token, { name: 'admin-private', visibility: 'private' });

    expect(names(api(cloud, demo.token, 'GET', 'glance:/v2/images'))).toEqual(['cirros', 'demo-private']);
    expect(names(api(cloud, admin.token, 'GET', 'glance:/v2/images'))).toEqual(['admin-private', 'cirros', 'demo-private']);
    expect(api(cloud, admin.token, 'GET', `glance:/v2/images/${mine.id}`).status).toBe(200);

    const hidden = api(cloud, demo.token, 'GET', `glance:/v2/images/${theirs.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ code: '404 Not Found', title: 'Not Found', message: `No image found with ID ${theirs.id}` });
    // A name is not an id: the CLI's lookup needs a 404 here too.
    expect(api(cloud, demo.token, 'GET', 'glance:/v2/images/cirros').status).toBe(404);
  });

  it('filters by name, status, visibility, owner and os_hidden', () => {
    const { cloud, admin, demo } = setup();
    create(cloud, demo.token, { name: 'a', visibility: 'private' });
    create(cloud, demo.token, { name: 'b', os_hidden: true });
    const q = (path: string, token = admin.token) => names(api(cloud, token, 'GET', `glance:/v2/images${path}`));
    expect(q('?status=queued')).toEqual(['a']);
    expect(q('?status=active')).toEqual(['cirros']);
    expect(q('?visibility=private')).toEqual(['a']);
    expect(q('?visibility=public')).toEqual(['cirros']);
    expect(q(`?owner=${demo.projectId}`)).toEqual(['a']);
    expect(q('?os_hidden=true')).toEqual(['b']);
    expect(q('?name=in:a,cirros')).toEqual(['a', 'cirros']);
    const bad = api(cloud, admin.token, 'GET', 'glance:/v2/images?visibility=everyone');
    expect(bad.status).toBe(400);
    expect((bad.body as any).message).toBe('Invalid visibility value: everyone');
  });

  it('pages with limit and marker and links the next page', () => {
    const { cloud, demo } = setup();
    for (const n of ['one', 'two', 'three']) create(cloud, demo.token, { name: n });
    const first = api(cloud, demo.token, 'GET', 'glance:/v2/images?limit=3').body as any;
    expect(first.images).toHaveLength(3);
    expect(first.first).toBe('/v2/images?limit=3');
    expect(first.schema).toBe('/v2/schemas/images');
    expect(first.next).toBe(`/v2/images?limit=3&marker=${first.images[2].id}`);
    const second = api(cloud, demo.token, 'GET', `glance:${first.next}`).body as any;
    expect(second.images).toHaveLength(1);
    expect(second.next).toBeUndefined();
    const all = [...first.images, ...second.images].map((i: any) => i.name).sort();
    expect(all).toEqual(['cirros', 'one', 'three', 'two']);
    expect(api(cloud, demo.token, 'GET', 'glance:/v2/images?limit=x').status).toBe(400);
  });

  it('refuses bad requests with the Glance error and leaves the tables as they were', () => {
    const { cloud, admin, demo } = setup();
    const queued = create(cloud, demo.token, { name: 'q' });
    const prot = create(cloud, demo.token, { name: 'p', protected: true });
    const active = create(cloud, demo.token, { name: 'x' });
    api(cloud, demo.token, 'PUT', `glance:/v2/images/${active.id}/file`, 'data', OCTET);
    const cases: [string, string, unknown, Record<string, string>, number, RegExp][] = [
      ['POST', '/v2/images', { name: 'bad', disk_format: 'floppy' }, {}, 400, /^Provided object does not match schema 'image': 'floppy' is not one of \[None, 'ami'/],
      ['POST', '/v2/images', { name: 'bad', visibility: 'everyone' }, {}, 400, /'everyone' is not one of/],
      ['POST', '/v2/images', { name: 'bad', status: 'active' }, {}, 403, /^Attribute 'status' is read-only\.$/],
      ['POST', '/v2/images', { name: 'pub', visibility: 'public' }, {}, 403, /^You are not authorized to complete publicize_image action\.$/],
      ['POST', '/v2/images', { id: queued.id }, {}, 409, new RegExp(`^Image ID ${queued.id} already exists!$`)],
      ['DELETE', `/v2/images/${prot.id}`, undefined, {}, 403, new RegExp(`^Image ${prot.id} is protected and cannot be deleted\\.$`)],
      ['PUT', `/v2/images/${active.id}/file`, 'again', OCTET, 409, /^Image status transition from active to saving is not allowed$/],
      ['PUT', `/v2/images/${queued.id}/file`, 'data', {}, 415, /Invalid content type application\/json/],
      ['PATCH', `/v2/images/${queued.id}`, [{ op: 'replace', path: '/status', value: 'active' }], PATCH, 403, /^Attribute 'status' is read-only\.$/],
      ['PATCH', `/v2/images/${queued.id}`, [{ op: 'replace', path: '/visibility', value: 'public' }], PATCH, 403, /publicize_image/],
      ['PATCH', `/v2/images/${queued.id}`, [{ op: 'replace', path: '/nosuch', value: 'v' }], PATCH, 409, /^Property nosuch does not exist\.$/],
      ['PATCH', `/v2/images/${queued.id}`, [{ op: 'replace', path: '/name', value: 'n' }], {}, 415, /Image PATCH expects Content-Type/],
      ['GET', '/v2/images/00000000-0000-4000-8000-000000000000', undefined, {}, 404, /^No image found with ID 00000000-0000-4000-8000-000000000000$/],
      ['POST', `/v2/images/${active.id}/actions/deactivate`, undefined, {}, 204, /^$/],
    ];
    for (const [method, path, body, headers, status, message] of cases) {
      const before = cloud.tables();
      const res = api(cloud, demo.token, method, `glance:${path}`, body, headers);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      if (status === 204) continue;
      expect((res.body as any).code).toBe(`${status} ${(res.body as any).title}`);
      expect((res.body as any).message).toMatch(message);
      expect(cloud.tables(), `${method} ${path}`).toEqual(before);
    }
    // Admins may publicize.
    expect(api(cloud, admin.token, 'PATCH', `glance:/v2/images/${queued.id}`, [{ op: 'replace', path: '/visibility', value: 'public' }], PATCH).status).toBe(200);
  });

  it('patches names, custom properties and tags', () => {
    const { cloud, demo } = setup();
    const img = create(cloud, demo.token, { name: 'before', hw_disk_bus: 'virtio' });
    const res = api(cloud, demo.token, 'PATCH', `glance:/v2/images/${img.id}`, [
      { op: 'replace', path: '/name', value: 'after' },
      { op: 'add', path: '/os_distro', value: 'cirros' },
      { op: 'remove', path: '/hw_disk_bus' },
      { op: 'replace', path: '/tags', value: ['small', 'test'] },
      { op: 'replace', path: '/min_ram', value: 64 },
    ], PATCH);
    expect(res.status).toBe(200);
    const body = res.body as any;
    expect(body).toMatchObject({ name: 'after', os_distro: 'cirros', tags: ['small', 'test'], min_ram: 64 });
    expect(body.hw_disk_bus).toBeUndefined();
    expect(api(cloud, demo.token, 'DELETE', `glance:/v2/images/${img.id}/tags/small`).status).toBe(204);
    expect(api(cloud, demo.token, 'PUT', `glance:/v2/images/${img.id}/tags/new`).status).toBe(204);
    expect((api(cloud, demo.token, 'GET', `glance:/v2/images/${img.id}`).body as any).tags).toEqual(['test', 'new']);
    expect(api(cloud, demo.token, 'DELETE', `glance:/v2/images/${img.id}/tags/small`).status).toBe(404);
    expect(names(api(cloud, demo.token, 'GET', 'glance:/v2/images?tag=new'))).toEqual(['after']);
    expect(names(api(cloud, demo.token, 'GET', 'glance:/v2/images?os_distro=cirros'))).toEqual(['after']);
  });

  it('deletes an image: gone from show and list, its id never reused', () => {
    const { cloud, demo } = setup();
    const img = create(cloud, demo.token, { name: 'tmp' });
    api(cloud, demo.token, 'PUT', `glance:/v2/images/${img.id}/file`, 'bytes', OCTET);
    expect(api(cloud, demo.token, 'DELETE', `glance:/v2/images/${img.id}`).status).toBe(204);
    expect(api(cloud, demo.token, 'GET', `glance:/v2/images/${img.id}`).status).toBe(404);
    expect(names(api(cloud, demo.token, 'GET', 'glance:/v2/images'))).toEqual(['cirros']);
    expect(cloud.tables()['glance_store.files'][img.id]).toBeUndefined();
    expect(api(cloud, demo.token, 'POST', 'glance:/v2/images', { id: img.id }).status).toBe(409);
  });

  it('lets only the owner or an admin deactivate; a deactivated image is not downloadable by others', () => {
    const { cloud, admin, demo } = setup();
    const cirros = (api(cloud, admin.token, 'GET', 'glance:/v2/images?name=cirros').body as any).images[0];
    const denied = api(cloud, demo.token, 'POST', `glance:/v2/images/${cirros.id}/actions/deactivate`);
    expect(denied.status).toBe(403);
    expect((denied.body as any).message).toBe('You are not authorized to complete deactivate action.');
    expect(api(cloud, admin.token, 'POST', `glance:/v2/images/${cirros.id}/actions/deactivate`).status).toBe(204);
    expect((api(cloud, demo.token, 'GET', `glance:/v2/images/${cirros.id}`).body as any).status).toBe('deactivated');
    const dl = api(cloud, demo.token, 'GET', `glance:/v2/images/${cirros.id}/file`);
    expect(dl.status).toBe(403);
    expect((dl.body as any).message).toBe('The requested image has been deactivated. Image data download is forbidden.');
    expect(api(cloud, admin.token, 'GET', `glance:/v2/images/${cirros.id}/file`).status).toBe(200);
    expect(api(cloud, admin.token, 'POST', `glance:/v2/images/${cirros.id}/actions/reactivate`).status).toBe(204);
    expect(api(cloud, demo.token, 'GET', `glance:/v2/images/${cirros.id}/file`).status).toBe(200);
  });

  it('shares a shared image with a member project once the member accepts', () => {
    const { cloud, admin, demo } = setup();
    const img = create(cloud, admin.token, { name: 'golden', visibility: 'shared' });
    expect(api(cloud, demo.token, 'GET', `glance:/v2/images/${img.id}`).status).toBe(404);
    const added = api(cloud, admin.token, 'POST', `glance:/v2/images/${img.id}/members`, { member: demo.projectId });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ image_id: img.id, member_id: demo.projectId, status: 'pending', schema: '/v2/schemas/member' });
    // A member sees the image at once, but lists it only after accepting.
    expect(api(cloud, demo.token, 'GET', `glance:/v2/images/${img.id}`).status).toBe(200);
    expect(names(api(cloud, demo.token, 'GET', 'glance:/v2/images'))).toEqual(['cirros']);
    // member_status picks which shared images count; public ones are listed regardless.
    expect(names(api(cloud, demo.token, 'GET', 'glance:/v2/images?member_status=pending'))).toEqual(['cirros', 'golden']);
    const accept = api(cloud, demo.token, 'PUT', `glance:/v2/images/${img.id}/members/${demo.projectId}`, { status: 'accepted' });
    expect(accept.status).toBe(200);
    expect(names(api(cloud, demo.token, 'GET', 'glance:/v2/images'))).toEqual(['cirros', 'golden']);
    expect(api(cloud, admin.token, 'POST', `glance:/v2/images/${img.id}/members`, { member: demo.projectId }).status).toBe(409);
  });
});
