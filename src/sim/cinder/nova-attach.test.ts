import { describe, expect, it } from 'vitest';
import { createCloud, type Cloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

/** The install guide's provider network, m1.nano and a server on compute1. */
function withServer() {
  const cloud = createCloud();
  const admin = login(cloud, 'admin');
  const net = (api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', {
    network: { name: 'provider', shared: true, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'provider' },
  }).body as any).network.id;
  api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', {
    subnet: { network_id: net, name: 'provider', ip_version: 4, cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1', allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }], enable_dhcp: true },
  });
  api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'm1.nano', ram: 64, vcpus: 1, disk: 1, id: '0' } });
  cloud.runUntilIdle();
  const image = (api(cloud, admin.token, 'GET', 'glance:/v2/images?name=cirros').body as any).images[0].id;
  const server = (api(cloud, admin.token, 'POST', 'nova:/v2.1/servers', { server: { name: 'vm', imageRef: image, flavorRef: '0', networks: [{ uuid: net }] } }).body as any).server.id;
  cloud.runUntilIdle();
  return { cloud, admin, server, net, image };
}

function volume(cloud: Cloud, token: string, id: string) {
  return (api(cloud, token, 'GET', `cinder:/v3/volumes/${id}`).body as any).volume;
}

describe('cinder with nova', () => {
  it('attaches through `server add volume`: Nova reserves, compute connects and completes; the volume is in-use on /dev/vdb', () => {
    const { cloud, admin, server } = withServer();
    const vol = (api(cloud, admin.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'vol1' } }).body as any).volume.id;
    cloud.runUntilIdle();
    const mark = cloud.mark();
    const res = api(cloud, admin.token, 'POST', `nova:/v2.1/servers/${server}/os-volume_attachments`, { volumeAttachment: { volumeId: vol } });
    expect(res.status).toBe(200);
    expect(volume(cloud, admin.token, vol).status).toBe('reserved');
    cloud.runUntilIdle();
    const v = volume(cloud, admin.token, vol);
    expect(v.status).toBe('in-use');
    expect(v.attachments).toEqual([expect.objectContaining({ server_id: server, device: '/dev/vdb', host_name: 'compute1' })]);
    const calls = cloud.trace(mark).filter((t) => t.kind === 'http' && t.to === 'cinder-api' && t.from !== 'client').map((t) => `${t.from} ${t.summary.replace(/[0-9a-f-]{36}/g, '{id}')}`);
    expect(calls).toEqual([
      'nova-api GET /v3/volumes/{id}',
      'nova-api POST /v3/attachments',
      'nova-compute@compute1 PUT /v3/attachments/{id}',
      'nova-compute@compute1 POST /v3/attachments/{id}/action',
    ]);
  });

  it('detaches through `server remove volume`: begin_detaching, then the attachment is deleted and the volume is available', () => {
    const { cloud, admin, server } = withServer();
    const vol = (api(cloud, admin.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'vol1' } }).body as any).volume.id;
    cloud.runUntilIdle();
    api(cloud, admin.token, 'POST', `nova:/v2.1/servers/${server}/os-volume_attachments`, { volumeAttachment: { volumeId: vol } });
    cloud.runUntilIdle();
    expect(api(cloud, admin.token, 'DELETE', `nova:/v2.1/servers/${server}/os-volume_attachments/${vol}`).status).toBe(202);
    expect(volume(cloud, admin.token, vol).status).toBe('detaching');
    cloud.runUntilIdle();
    expect(volume(cloud, admin.token, vol)).toMatchObject({ status: 'available', attachments: [] });
  });

  it('refuses a user deleting the attachment of a connected server: detach through Nova instead', () => {
    const { cloud, admin, server } = withServer();
    const vol = (api(cloud, admin.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'vol1' } }).body as any).volume.id;
    cloud.runUntilIdle();
    api(cloud, admin.token, 'POST', `nova:/v2.1/servers/${server}/os-volume_attachments`, { volumeAttachment: { volumeId: vol } });
    cloud.runUntilIdle();
    const attachment = volume(cloud, admin.token, vol).attachments[0].attachment_id;
    const before = cloud.tables();
    const res = api(cloud, admin.token, 'DELETE', `cinder:/v3/attachments/${attachment}`, undefined, { 'OpenStack-API-Version': 'volume 3.44' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ conflictingRequest: { code: 409, message: `ConflictNovaUsingAttachment: Detach volume from instance ${server} using the Compute API` } });
    expect(cloud.tables()).toEqual(before);
  });

  it('extends an attached volume from 3.42 and tells Nova with a volume-extended event', () => {
    const { cloud, admin, server } = withServer();
    const vol = (api(cloud, admin.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'vol1' } }).body as any).volume.id;
    cloud.runUntilIdle();
    api(cloud, admin.token, 'POST', `nova:/v2.1/servers/${server}/os-volume_attachments`, { volumeAttachment: { volumeId: vol } });
    cloud.runUntilIdle();
    const early = api(cloud, admin.token, 'POST', `cinder:/v3/volumes/${vol}/action`, { 'os-extend': { new_size: 2 } });
    expect(early.status).toBe(400);
    expect((early.body as any).badRequest.message).toBe(`Invalid volume: Volume ${vol} status must be '{'status': 'available'}' to extend, currently in-use.`);
    const mark = cloud.mark();
    const res = api(cloud, admin.token, 'POST', `cinder:/v3/volumes/${vol}/action`, { 'os-extend': { new_size: 2 } }, { 'OpenStack-API-Version': 'volume 3.42' });
    expect(res.status).toBe(202);
    cloud.runUntilIdle();
    expect(volume(cloud, admin.token, vol)).toMatchObject({ status: 'in-use', size: 2 });
    const event = cloud.trace(mark).find((t) => t.kind === 'http' && t.from === 'cinder-volume' && t.to === 'nova-api');
    expect(event?.summary).toBe('POST /v2.1/os-server-external-events');
    expect((event?.payload as any).request.events).toEqual([{ name: 'volume-extended', server_uuid: server, tag: vol }]);
  });
});

