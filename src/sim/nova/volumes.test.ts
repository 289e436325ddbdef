/** Volumes with Cinder: attach and detach through the attachments API, and boot from a volume made from the image. */
import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api } from '../testing.ts';
import { bootServer, getServer, hops, inOrder, must, prepareLaunch } from './test-helpers.ts';

const V = { 'OpenStack-API-Version': 'compute 2.79' };

describe('volume attachments', () => {
  it('attaches a volume as /dev/vdb (in-use) and detaches it again (available)', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    const vol = must(api(cloud, s.demo.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'volume1' } }), 202).volume;
    cloud.runUntilIdle();
    const mark = cloud.mark();
    const res = api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${id}/os-volume_attachments`, { volumeAttachment: { volumeId: vol.id } }, V);
    expect(res.status).toBe(200);
    expect((res.body as any).volumeAttachment).toEqual({ id: vol.id, serverId: id, volumeId: vol.id, device: '/dev/vdb', tag: null, delete_on_termination: false });
    cloud.runUntilIdle();
    expect(inOrder(hops(cloud, mark), [
      'rpc.call compute.compute1: reserve_block_device_name',
      'http POST /v3/attachments',
      'rpc.cast compute.compute1: attach_volume',
      /^http PUT \/v3\/attachments\//,
      /^http POST \/v3\/attachments\/[^/]+\/action$/,
      /^hypervisor iscsiadm login/,
    ])).toBe(true);
    expect(must(api(cloud, s.demo.token, 'GET', `cinder:/v3/volumes/${vol.id}`), 200).volume.status).toBe('in-use');
    expect(getServer(cloud, s.demo.token, id, V)['os-extended-volumes:volumes_attached']).toEqual([{ id: vol.id, delete_on_termination: false }]);
    const list = must(api(cloud, s.demo.token, 'GET', `nova:/v2.1/servers/${id}/os-volume_attachments`), 200).volumeAttachments;
    expect(list).toEqual([{ id: vol.id, serverId: id, volumeId: vol.id, device: '/dev/vdb' }]);

    const again = api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${id}/os-volume_attachments`, { volumeAttachment: { volumeId: vol.id } });
    expect(again.body).toEqual({ badRequest: { code: 400, message: `Invalid volume: volume '${vol.id}' status must be 'available'. Currently in 'in-use'` } });

    expect(api(cloud, s.demo.token, 'DELETE', `nova:/v2.1/servers/${id}/os-volume_attachments/${vol.id}`).status).toBe(202);
    cloud.runUntilIdle();
    expect(must(api(cloud, s.demo.token, 'GET', `cinder:/v3/volumes/${vol.id}`), 200).volume.status).toBe('available');
    expect(must(api(cloud, s.demo.token, 'GET', `nova:/v2.1/servers/${id}/os-volume_attachments`), 200).volumeAttachments).toEqual([]);
    expect(api(cloud, s.demo.token, 'DELETE', `nova:/v2.1/servers/${id}/os-volume_attachments/${vol.id}`).status).toBe(404);
  });

  it('refuses to attach to a server that is still building, and an unknown volume', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    const missing = '9e1c2b3a-4d5e-4f60-8a7b-0c1d2e3f4a5b';
    const building = api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${id}/os-volume_attachments`, { volumeAttachment: { volumeId: missing } });
    expect(building.body).toEqual({ conflictingRequest: { code: 409, message: `Cannot 'attach_volume' instance ${id} while it is in vm_state building` } });
    cloud.runUntilIdle();
    const unknown = api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${id}/os-volume_attachments`, { volumeAttachment: { volumeId: missing } });
    expect(unknown.body).toEqual({ itemNotFound: { code: 404, message: `Volume ${missing} could not be found.` } });
  });
});

describe('boot from volume', () => {
  it('has compute create the volume from the image, attach it as vda, and delete it with the server', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const mark = cloud.mark();
    const res = bootServer(cloud, s, {
      imageRef: undefined,
      block_device_mapping_v2: [{ boot_index: 0, uuid: s.imageId, source_type: 'image', destination_type: 'volume', volume_size: 1, delete_on_termination: true }],
    });
    expect(res.status).toBe(202);
    const id = (res.body as any).server.id;
    cloud.runUntilIdle();
    const server = getServer(cloud, s.demo.token, id, { 'OpenStack-API-Version': 'compute 2.3' });
    expect(server.status).toBe('ACTIVE');
    expect(server.image).toBe('');
    const [attached] = server['os-extended-volumes:volumes_attached'];
    expect(attached.delete_on_termination).toBe(true);
    expect(must(api(cloud, s.demo.token, 'GET', `cinder:/v3/volumes/${attached.id}`), 200).volume).toMatchObject({ status: 'in-use', bootable: 'true' });
    const list = hops(cloud, mark);
    expect(inOrder(list, ['http GET /allocation_candidates?resources=MEMORY_MB:64,VCPU:1&', 'http POST /v3/volumes', 'http POST /v3/attachments'])).toBe(true);
    expect(list.some((h) => /^http GET \/v2\/images\/[^/]+\/file$/.test(h) && h.startsWith('http'))).toBe(true); // Cinder copies the image
    expect(api(cloud, s.demo.token, 'DELETE', `nova:/v2.1/servers/${id}`).status).toBe(204);
    cloud.runUntilIdle();
    expect(api(cloud, s.demo.token, 'GET', `cinder:/v3/volumes/${attached.id}`).status).toBe(404);
  });

  it('boots from an existing volume and leaves it available after the server is deleted', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const vol = must(api(cloud, s.demo.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'bootvol', imageRef: s.imageId } }), 202).volume;
    cloud.runUntilIdle();
    const id = (bootServer(cloud, s, { imageRef: undefined, block_device_mapping_v2: [{ boot_index: 0, uuid: vol.id, source_type: 'volume', destination_type: 'volume' }] }).body as any).server.id;
    cloud.runUntilIdle();
    expect(getServer(cloud, s.demo.token, id).status).toBe('ACTIVE');
    expect(must(api(cloud, s.demo.token, 'GET', `cinder:/v3/volumes/${vol.id}`), 200).volume.status).toBe('in-use');
    api(cloud, s.demo.token, 'DELETE', `nova:/v2.1/servers/${id}`);
    cloud.runUntilIdle();
    expect(must(api(cloud, s.demo.token, 'GET', `cinder:/v3/volumes/${vol.id}`), 200).volume.status).toBe('available');
  });
});
