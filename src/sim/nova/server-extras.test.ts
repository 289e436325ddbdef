/** Server metadata, the action log, interfaces and ips. */
import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api } from '../testing.ts';
import { action, bootServer, getServer, must, prepareLaunch } from './test-helpers.ts';

function activeServer() {
  const cloud = createCloud();
  const s = prepareLaunch(cloud);
  const res = bootServer(cloud, s, { metadata: { role: 'web' } });
  const id = (res.body as any).server.id;
  cloud.runUntilIdle();
  return { cloud, s, id, createRequest: res.headers['x-openstack-request-id'] };
}

describe('server metadata', () => {
  it('merges, replaces, shows and deletes items; the server shows them', () => {
    const { cloud, s, id } = activeServer();
    const url = `nova:/v2.1/servers/${id}/metadata`;
    expect(must(api(cloud, s.demo.token, 'GET', url), 200)).toEqual({ metadata: { role: 'web' } });
    expect(must(api(cloud, s.demo.token, 'POST', url, { metadata: { tier: '1' } }), 200)).toEqual({ metadata: { role: 'web', tier: '1' } });
    expect(must(api(cloud, s.demo.token, 'PUT', `${url}/tier`, { meta: { tier: '2' } }), 200)).toEqual({ meta: { tier: '2' } });
    expect(api(cloud, s.demo.token, 'PUT', `${url}/tier`, { meta: { other: 'x' } }).body).toEqual({ badRequest: { code: 400, message: 'Request body and URI mismatch' } });
    expect(api(cloud, s.demo.token, 'DELETE', `${url}/role`).status).toBe(204);
    expect(api(cloud, s.demo.token, 'GET', `${url}/role`).body).toEqual({ itemNotFound: { code: 404, message: 'Metadata item was not found' } });
    expect(must(api(cloud, s.demo.token, 'PUT', url, { metadata: { only: 'this' } }), 200)).toEqual({ metadata: { only: 'this' } });
    expect(getServer(cloud, s.demo.token, id).metadata).toEqual({ only: 'this' });
  });

  it('refuses changes while the server is building', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    const id = (bootServer(cloud, s).body as any).server.id;
    cloud.advance(500);
    const res = api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${id}/metadata`, { metadata: { a: 'b' } });
    expect(res.body).toEqual({ conflictingRequest: { code: 409, message: `Cannot 'update_instance_metadata' instance ${id} while it is in vm_state building` } });
  });
});

describe('instance actions, interfaces and ips', () => {
  it('logs create and stop with their request ids, newest first', () => {
    const { cloud, s, id, createRequest } = activeServer();
    const stop = action(cloud, s.demo.token, id, { 'os-stop': null });
    cloud.runUntilIdle();
    const actions = must(api(cloud, s.demo.token, 'GET', `nova:/v2.1/servers/${id}/os-instance-actions`), 200).instanceActions;
    expect(actions.map((a: any) => [a.action, a.request_id])).toEqual([['stop', stop.headers['x-openstack-request-id']], ['create', createRequest]]);
    const one = must(api(cloud, s.demo.token, 'GET', `nova:/v2.1/servers/${id}/os-instance-actions/${createRequest}`), 200).instanceAction;
    expect(one).toMatchObject({ action: 'create', instance_uuid: id, user_id: s.demo.userId });
  });

  it("lists the server's port as an interface and its address under ips", () => {
    const { cloud, s, id } = activeServer();
    const [iface] = must(api(cloud, s.demo.token, 'GET', `nova:/v2.1/servers/${id}/os-interface`), 200).interfaceAttachments;
    const addr = getServer(cloud, s.demo.token, id).addresses.provider[0];
    expect(iface).toMatchObject({ port_state: 'ACTIVE', net_id: s.networkId, mac_addr: addr['OS-EXT-IPS-MAC:mac_addr'], fixed_ips: [{ subnet_id: s.subnetId, ip_address: addr.addr }] });
    expect(must(api(cloud, s.demo.token, 'GET', `nova:/v2.1/servers/${id}/ips`), 200)).toEqual({ addresses: { provider: [{ version: 4, addr: addr.addr }] } });
  });
});
