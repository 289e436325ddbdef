/** Reading servers: project isolation, admin-only attributes, list filters, microversion shapes, rename. */
import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api } from '../testing.ts';
import { bootServer, getServer, must, prepareLaunch } from './test-helpers.ts';

function twoServers() {
  const cloud = createCloud();
  const s = prepareLaunch(cloud);
  const mine = (bootServer(cloud, s, { name: 'web1' }).body as any).server.id;
  const admins = (bootServer(cloud, s, { name: 'db1', key_name: undefined }, s.admin.token).body as any).server.id;
  cloud.runUntilIdle();
  return { cloud, s, mine, admins };
}

describe('server reads', () => {
  it("hides another project's server (404) and lists only the caller's project unless an admin asks for all_tenants", () => {
    const { cloud, s, mine, admins } = twoServers();
    expect(getServer(cloud, s.demo.token, admins).status).toBe(404);
    expect(must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/servers'), 200).servers.map((x: any) => x.id)).toEqual([mine]);
    expect(must(api(cloud, s.admin.token, 'GET', 'nova:/v2.1/servers'), 200).servers.map((x: any) => x.id)).toEqual([admins]);
    const all = must(api(cloud, s.admin.token, 'GET', 'nova:/v2.1/servers/detail?all_tenants=1'), 200).servers;
    expect(all.map((x: any) => x.name).sort()).toEqual(['db1', 'web1']);
    expect(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/servers?all_tenants=1').body).toEqual({
      forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed." },
    });
    expect(getServer(cloud, s.admin.token, mine).tenant_id).toBe(s.demo.projectId);
  });

  it('shows OS-EXT-SRV-ATTR host, hypervisor and instance name to admins only', () => {
    const { cloud, s, mine } = twoServers();
    const asAdmin = getServer(cloud, s.admin.token, mine);
    expect(asAdmin).toMatchObject({ 'OS-EXT-SRV-ATTR:host': 'compute1', 'OS-EXT-SRV-ATTR:hypervisor_hostname': 'compute1', 'OS-EXT-SRV-ATTR:instance_name': 'instance-00000001' });
    expect(Object.keys(getServer(cloud, s.demo.token, mine)).filter((k) => k.startsWith('OS-EXT-SRV-ATTR'))).toEqual([]);
    const v23 = getServer(cloud, s.admin.token, mine, { 'OpenStack-API-Version': 'compute 2.3' });
    expect(v23).toMatchObject({ 'OS-EXT-SRV-ATTR:hostname': 'web1', 'OS-EXT-SRV-ATTR:launch_index': 0, 'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda' });
  });

  it('embeds the flavor from 2.47 and adds locked and description at their microversions', () => {
    const { cloud, s, mine } = twoServers();
    expect(getServer(cloud, s.demo.token, mine).flavor).toEqual({ id: '0', links: [{ rel: 'bookmark', href: 'http://controller:8774/flavors/0' }] });
    const v273 = getServer(cloud, s.demo.token, mine, { 'OpenStack-API-Version': 'compute 2.73' });
    expect(v273.flavor).toEqual({ vcpus: 1, ram: 64, disk: 1, ephemeral: 0, swap: 0, original_name: 'm1.nano', extra_specs: {} });
    expect(v273).toMatchObject({ locked: false, locked_reason: null, description: null, tags: [] });
    expect(getServer(cloud, s.demo.token, mine).locked).toBeUndefined();
  });

  it('filters by name (a regular expression) and status, and pages with limit and marker', () => {
    const cloud = createCloud();
    const s = prepareLaunch(cloud);
    for (const name of ['web1', 'web2', 'db1']) bootServer(cloud, s, { name });
    cloud.runUntilIdle();
    const byName = must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/servers?name=^web'), 200).servers.map((x: any) => x.name);
    expect(byName.sort()).toEqual(['web1', 'web2']);
    const web1 = must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/servers?name=web1'), 200).servers[0].id;
    api(cloud, s.demo.token, 'POST', `nova:/v2.1/servers/${web1}/action`, { 'os-stop': null });
    cloud.runUntilIdle();
    expect(must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/servers/detail?status=SHUTOFF'), 200).servers.map((x: any) => x.name)).toEqual(['web1']);
    expect(must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/servers?status=BOGUS'), 200).servers).toEqual([]);
    expect(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/servers?status=BOGUS', undefined, { 'OpenStack-API-Version': 'compute 2.38' }).status).toBe(400);
    const all = must(api(cloud, s.demo.token, 'GET', 'nova:/v2.1/servers'), 200).servers.map((x: any) => x.id);
    const page = must(api(cloud, s.demo.token, 'GET', `nova:/v2.1/servers?limit=1&marker=${all[0]}`), 200).servers.map((x: any) => x.id);
    expect(page).toEqual([all[1]]);
  });

  it('renames a server (PUT) and answers a lookup by name with 404 as the clients expect', () => {
    const { cloud, s, mine } = twoServers();
    const res = must(api(cloud, s.demo.token, 'PUT', `nova:/v2.1/servers/${mine}`, { server: { name: 'renamed' } }), 200);
    expect(res.server.name).toBe('renamed');
    expect(res.server['OS-EXT-STS:vm_state']).toBeUndefined();
    expect(getServer(cloud, s.demo.token, mine).name).toBe('renamed');
    expect(getServer(cloud, s.demo.token, 'renamed').status).toBe(404);
    const bad = api(cloud, s.demo.token, 'PUT', `nova:/v2.1/servers/${mine}`, { server: { name: '' } });
    expect(bad.status).toBe(400);
  });
});
