import { describe, expect, it } from 'vitest';
import { createCloud, type Cloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

const SERVER = '0b7a2a61-3f2e-4d8e-9c55-1a2b3c4d5e6f';
const MV = { 'OpenStack-API-Version': 'volume 3.44' };
const CONNECTOR = { initiator: 'iqn.2004-10.com.ubuntu:01:compute1', ip: '10.0.0.31', host: 'compute1', platform: 'x86_64', os_type: 'linux', multipath: false, mountpoint: '/dev/vdb' };

function setup() {
  const cloud = createCloud();
  const demo = login(cloud, 'demo');
  const vol = (api(cloud, demo.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'vol1' } }).body as any).volume;
  cloud.runUntilIdle();
  return { cloud, demo, admin: login(cloud, 'admin'), id: vol.id as string };
}

function volume(cloud: Cloud, token: string, id: string) {
  return (api(cloud, token, 'GET', `cinder:/v3/volumes/${id}`).body as any).volume;
}

function reserve(cloud: Cloud, token: string, id: string, extra: Record<string, unknown> = {}) {
  return api(cloud, token, 'POST', 'cinder:/v3/attachments', { attachment: { volume_uuid: id, instance_uuid: SERVER, ...extra } }, MV);
}

describe('cinder attachments API', () => {
  it('attaches as Nova does: reserved, attaching with connection_info, in-use; then detaches to available', () => {
    const { cloud, demo, id } = setup();
    const created = reserve(cloud, demo.token, id);
    expect(created.status).toBe(200);
    const att = (created.body as any).attachment;
    expect(att).toMatchObject({ status: 'reserved', instance: SERVER, volume_id: id, attach_mode: 'null', connection_info: {} });
    expect(volume(cloud, demo.token, id).status).toBe('reserved');

    const mark = cloud.mark();
    const updated = api(cloud, demo.token, 'PUT', `cinder:/v3/attachments/${att.id}`, { attachment: { connector: CONNECTOR } }, MV);
    expect(updated.status).toBe(200);
    const info = (updated.body as any).attachment.connection_info;
    expect(info).toMatchObject({ driver_volume_type: 'iscsi', target_iqn: `iqn.2010-10.org.openstack:volume-${id}`, target_portal: '10.0.0.11:3260', target_lun: 1, auth_method: 'CHAP', attachment_id: att.id, access_mode: 'rw' });
    expect((updated.body as any).attachment.status).toBe('attaching');
    expect(volume(cloud, demo.token, id).status).toBe('attaching');
    // The API asks its cinder-volume over RPC and waits for the reply.
    const rpc = cloud.trace(mark).filter((t) => t.kind === 'rpc.call' || t.kind === 'reply').map((t) => `${t.kind} ${t.from}->${t.to}`);
    expect(rpc).toContain('rpc.call cinder-api->cinder-volume');
    expect(rpc).toContain('reply cinder-volume->cinder-api');

    const done = api(cloud, demo.token, 'POST', `cinder:/v3/attachments/${att.id}/action`, { 'os-complete': null }, MV);
    expect(done.status).toBe(204);
    const inUse = volume(cloud, demo.token, id);
    expect(inUse.status).toBe('in-use');
    expect(inUse.attachments).toEqual([
      expect.objectContaining({ attachment_id: att.id, server_id: SERVER, volume_id: id, device: '/dev/vdb', host_name: null }),
    ]);
    const asAdmin = volume(cloud, login(cloud, 'admin').token, id);
    expect(asAdmin.attachments[0].host_name).toBe('compute1');

    const del = api(cloud, login(cloud, 'admin').token, 'DELETE', `cinder:/v3/attachments/${att.id}`, undefined, MV);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ attachments: [] });
    const freed = volume(cloud, demo.token, id);
    expect(freed.status).toBe('available');
    expect(freed.attachments).toEqual([]);
  });

  it('goes straight to attaching when the connector comes with the create', () => {
    const { cloud, demo, id } = setup();
    const res = reserve(cloud, demo.token, id, { connector: CONNECTOR });
    expect(res.status).toBe(200);
    expect((res.body as any).attachment.status).toBe('attaching');
    expect((res.body as any).attachment.connection_info.driver_volume_type).toBe('iscsi');
    expect(volume(cloud, demo.token, id).status).toBe('attaching');
  });

  it('passes through detaching on the way back to available', () => {
    const { cloud, demo, admin, id } = setup();
    const att = (reserve(cloud, demo.token, id, { connector: CONNECTOR }).body as any).attachment;
    api(cloud, demo.token, 'POST', `cinder:/v3/attachments/${att.id}/action`, { 'os-complete': null }, MV);
    const mark = cloud.mark();
    api(cloud, admin.token, 'DELETE', `cinder:/v3/attachments/${att.id}`, undefined, MV);
    const statuses = cloud.trace(mark)
      .filter((t) => t.kind === 'db' && t.summary.startsWith(`UPDATE cinder.volumes ${id} status=`))
      .map((t) => /status=(\S+)/.exec(t.summary)![1]);
    expect(statuses).toEqual(['detaching', 'available']);
  });

  it('refuses a second reservation of a volume that is in use, and deleting an attached volume', () => {
    const { cloud, demo, id } = setup();
    const att = (reserve(cloud, demo.token, id, { connector: CONNECTOR }).body as any).attachment;
    api(cloud, demo.token, 'POST', `cinder:/v3/attachments/${att.id}/action`, { 'os-complete': null }, MV);
    const before = cloud.tables();
    const other = api(cloud, demo.token, 'POST', 'cinder:/v3/attachments', { attachment: { volume_uuid: id, instance_uuid: '11111111-2222-4333-8444-555555555555' } }, MV);
    expect(other.status).toBe(400);
    expect((other.body as any).badRequest.message).toBe(`Invalid volume: Volume ${id} status must be available or downloading to reserve, but the current status is in-use.`);
    const del = api(cloud, demo.token, 'DELETE', `cinder:/v3/volumes/${id}`);
    expect(del.status).toBe(400);
    expect((del.body as any).badRequest.message).toBe(
      'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
    );
    expect(cloud.tables()).toEqual(before);
  });

  it('hides the attachments API below microversion 3.27 and os-complete below 3.44', () => {
    const { cloud, demo, id } = setup();
    const old = api(cloud, demo.token, 'POST', 'cinder:/v3/attachments', { attachment: { volume_uuid: id } });
    expect(old.status).toBe(404);
    expect(old.body).toEqual({ itemNotFound: { code: 404, message: 'The resource could not be found.' } });
    const att = (reserve(cloud, demo.token, id).body as any).attachment;
    const early = api(cloud, demo.token, 'POST', `cinder:/v3/attachments/${att.id}/action`, { 'os-complete': null }, { 'OpenStack-API-Version': 'volume 3.27' });
    expect(early.status).toBe(404);
    expect(volume(cloud, demo.token, id).status).toBe('reserved');
  });

  it('answers 406 for a microversion outside 3.0 to 3.71 and echoes the one it used', () => {
    const { cloud, demo } = setup();
    const res = api(cloud, demo.token, 'GET', 'cinder:/v3/volumes', undefined, { 'OpenStack-API-Version': 'volume 3.72' });
    expect(res.status).toBe(406);
    expect(res.body).toEqual({ computeFault: { code: 406, message: 'Version 3.72 is not supported by the API. Minimum is 3.0 and maximum is 3.71.' } });
    const ok = api(cloud, demo.token, 'GET', 'cinder:/v3/volumes', undefined, { 'OpenStack-API-Version': 'volume latest' });
    expect(ok.headers['openstack-api-version']).toBe('volume 3.71');
    expect(ok.headers.vary).toBe('OpenStack-API-Version');
  });

  it('keeps other projects out of an attachment and rejects an attachment for an unknown volume', () => {
    const { cloud, demo, admin, id } = setup();
    const att = (reserve(cloud, demo.token, id).body as any).attachment;
    const adminVol = (api(cloud, admin.token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1 } }).body as any).volume.id;
    cloud.runUntilIdle();
    const foreign = reserve(cloud, demo.token, adminVol);
    expect(foreign.status).toBe(404);
    expect((foreign.body as any).itemNotFound.message).toBe(`Volume ${adminVol} could not be found.`);
    const missing = api(cloud, demo.token, 'GET', 'cinder:/v3/attachments/00000000-0000-4000-8000-000000000000', undefined, MV);
    expect((missing.body as any).itemNotFound.message).toBe('Volume attachment could not be found with filter: attachment_id = 00000000-0000-4000-8000-000000000000.');
    const listed = (api(cloud, demo.token, 'GET', 'cinder:/v3/attachments', undefined, MV).body as any).attachments;
    expect(listed).toEqual([{ id: att.id, status: 'reserved', instance: SERVER, volume_id: id }]);
  });

  it('answers 500 and leaves the volume reserved when cinder-volume cannot be reached to connect', () => {
    const { cloud, demo, id } = setup();
    const att = (reserve(cloud, demo.token, id).body as any).attachment;
    cloud.stop('cinder-volume');
    const before = cloud.tables();
    const res = api(cloud, demo.token, 'PUT', `cinder:/v3/attachments/${att.id}`, { attachment: { connector: CONNECTOR } }, MV);
    expect(res.status).toBe(500);
    expect((res.body as any).computeFault.message).toBe('Unable to update the attachment.');
    expect(cloud.tables()).toEqual(before);
  });
});
