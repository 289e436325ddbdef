// Image commands as openstacksdk 0.101 / OSC 6.0.0 run them (client-requests.md §4, cli.md §2).
import { beforeAll, describe, expect, it } from 'vitest';
import { field, harness, type Harness } from './test/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});

describe('image create', () => {
  it('POSTs the owner_specified keys, uploads the data, prints the POST answer (queued)', async () => {
    const n = h.sent.length;
    const r = await h.sh('openstack image create "cirros2" --file cirros-0.4.0-x86_64-disk.img --disk-format qcow2 --container-format bare --public');
    const [post, put] = h.sent.slice(n).filter((s) => s.method !== 'GET' && !s.url.includes('/auth/'));
    expect(JSON.parse(String(post.body))).toEqual({
      name: 'cirros2', disk_format: 'qcow2', container_format: 'bare', visibility: 'public',
      'owner_specified.openstack.md5': '', 'owner_specified.openstack.sha256': '', 'owner_specified.openstack.object': 'images/cirros2',
    });
    expect(put.method).toBe('PUT');
    expect(put.url).toMatch(/\/v2\/images\/[0-9a-f-]{36}\/file$/);
    expect(put.headers['Content-Type']).toBe('application/octet-stream');
    expect(field(r.stdout, 'status')).toBe('queued');
    expect(field(r.stdout, 'properties')).toBe("os_hidden='False', owner_specified.openstack.md5='', owner_specified.openstack.object='images/cirros2', owner_specified.openstack.sha256=''");
    expect(r.stdout).not.toMatch(/\| (checksum|size|virtual_size) /);
  });

  it('image show after the upload: active, with size, checksum and the hash in properties', async () => {
    const r = await h.sh('openstack image show cirros2');
    expect(field(r.stdout, 'status')).toBe('active');
    expect(field(r.stdout, 'checksum')).toMatch(/^[0-9a-f]{32}$/);
    expect(field(r.stdout, 'properties')).toMatch(/^os_hash_algo='sha512', os_hash_value='[0-9a-f]{128}', os_hidden='False', owner_specified/);
    const json = JSON.parse((await h.sh('openstack image show cirros2 -f json')).stdout);
    expect(json).toMatchObject({ name: 'cirros2', tags: [], protected: false, visibility: 'public', properties: { os_hidden: false } });
  });

  it('--import stages the data and asks for glance-direct', async () => {
    const mark = h.cloud.mark();
    await h.sh('openstack image create --file x.img --import imported');
    const q = h.requests(mark).filter((s) => s.startsWith('glance-api') && !s.includes('GET'));
    expect(q.map((s) => s.replace(/[0-9a-f-]{36}/, 'ID'))).toEqual(['glance-api POST /v2/images', 'glance-api PUT /v2/images/ID/stage', 'glance-api POST /v2/images/ID/import']);
  });
});

describe('image list and set', () => {
  it('sorts by name by default (--sort name:asc), whatever order Glance answers in', async () => {
    expect((await h.sh('openstack image list -f value -c Name')).stdout).toBe('cirros\ncirros2\nimported\n');
    expect((await h.sh('openstack image list --sort name:desc -f value -c Name')).stdout).toBe('imported\ncirros2\ncirros\n');
    expect((await h.sh('openstack image list --sort name:up')).stderr).toBe("'up' is not a valid sort direction for sort key name, use 'asc' or 'desc' instead\n");
  });

  it('--long adds the 6.0.0 columns, Size right-aligned and empty Tags blank', async () => {
    const lines = (await h.sh('openstack image list --long --name cirros')).stdout.split('\n');
    expect(lines[1]).toMatch(/^\| ID +\| Name +\| Disk Format \| Container Format \| +Size \| Checksum +\| Status \| Visibility \| Protected \| Project +\| Tags \|$/);
    expect(lines[3]).toMatch(/\| qcow2 +\| bare +\| 12716032 \| [0-9a-f]{32} \| active \| public +\| False +\| [0-9a-f]{32} \| +\|$/);
  });

  it('image set sends one JSON patch of "add" operations sorted by path', async () => {
    const n = h.sent.length;
    expect(await h.sh('openstack image set --name cirros3 --property a=b --min-disk 1 --tag t1 cirros2')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    const patch = h.sent.slice(n).find((s) => s.method === 'PATCH')!;
    expect(patch.headers['Content-Type']).toBe('application/openstack-images-v2.1-json-patch');
    expect(JSON.parse(String(patch.body))).toEqual([
      { op: 'add', path: '/a', value: 'b' }, { op: 'add', path: '/min_disk', value: 1 },
      { op: 'add', path: '/name', value: 'cirros3' }, { op: 'add', path: '/tags', value: ['t1'] },
    ]);
    expect(field((await h.sh('openstack image show cirros3')).stdout, 'tags')).toBe('t1');
  });

  it('a multi-delete reports the missing image and deletes the rest', async () => {
    const r = await h.sh('openstack image delete nosuch cirros3');
    expect(r).toEqual({ stdout: '', stderr: "Failed to delete image with name or ID 'nosuch': No Image found for nosuch\nFailed to delete 1 of 2 images.\n", exitCode: 1 });
    expect((await h.sh('openstack image list -f value -c Name')).stdout).toBe('cirros\nimported\n');
  });
});
