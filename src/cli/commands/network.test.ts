import { describe, expect, it } from 'vitest';
import { cloudShell, field, header, PROVIDER_NETWORK } from './network-testing.ts';

describe('openstack network and subnet commands', () => {
  it('creates the install guide provider network and subnet and shows them as OSC 6 does', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const net = await sh.run(PROVIDER_NETWORK[0]);
    expect(net.exitCode).toBe(0);
    expect(field(net.stdout, 'router:external')).toBe('External');
    expect(field(net.stdout, 'admin_state_up')).toBe('UP');
    expect(field(net.stdout, 'shared')).toBe('True');
    expect(field(net.stdout, 'provider:network_type')).toBe('flat');
    expect(field(net.stdout, 'is_vlan_transparent')).toBe('None');
    const sub = await sh.run(PROVIDER_NETWORK[1]);
    expect(sub.exitCode).toBe(0);
    expect(field(sub.stdout, 'allocation_pools')).toBe('203.0.113.101-203.0.113.250');
    expect(field(sub.stdout, 'enable_dhcp')).toBe('True');
    const list = await sh.run('openstack network list');
    expect(header(list.stdout)).toEqual(['ID', 'Name', 'Subnets']);
    expect(list.stdout).toContain(`| ${field(net.stdout, 'id')} | provider | ${field(sub.stdout, 'id')} |`);
    const long = await sh.run('openstack network list --long');
    expect(header(long.stdout)).toEqual(['ID', 'Name', 'Status', 'Project', 'State', 'Shared', 'Subnets', 'Network Type', 'Router Type', 'Availability Zones', 'Tags']);
    expect(long.stdout).toMatch(/\| ACTIVE \| [0-9a-f]{32} \| UP {4}\| True {3}\| [0-9a-f-]{36} \| flat {9}\| External {4}\|/);
    const subnets = await sh.run('openstack subnet list --network provider');
    expect(header(subnets.stdout)).toEqual(['ID', 'Name', 'Network', 'Subnet']);
    expect(subnets.stdout).toContain('| 203.0.113.0/24 |');
  });

  it('filters network list with --internal and prints json with the raw booleans', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    await sh.run(PROVIDER_NETWORK[0]);
    expect((await sh.run('openstack network list --internal')).stdout).toBe('\n');
    const json = JSON.parse((await sh.run('openstack network show provider -f json')).stdout);
    expect(json['router:external']).toBe(true);
    expect(json.admin_state_up).toBe(true);
    expect(json.subnets).toEqual([]);
  });

  it('says a missing network is missing, with the ShowOne prefix only where OSC adds it', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const show = await sh.run('openstack network show nosuch');
    expect([show.exitCode, show.stderr]).toEqual([1, 'Error while executing command: No Network found for nosuch\n']);
    const sub = await sh.run('openstack subnet create --network nosuch --subnet-range 10.0.0.0/24 s1');
    expect([sub.exitCode, sub.stderr]).toEqual([1, 'No Network found for nosuch\n']);
    const del = await sh.run('openstack network delete nosuch');
    expect(del.stderr).toBe("Failed to delete network with name or ID 'nosuch': No Network found for nosuch\n1 of 1 networks failed to delete.\n");
  });

  it('refuses a provider network to a member with the policy text, and creates nothing', async () => {
    const sh = cloudShell();
    await sh.run('source demo-openrc');
    const r = await sh.run(PROVIDER_NETWORK[0]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Error while executing command: HttpException: 403, .*rule:create_network:provider:network_type.* is disallowed by policy\n$/);
    await sh.run('source admin-openrc');
    expect((await sh.run('openstack network list -f value -c Name')).stdout).toBe('');
  });

  it('rejects a bad CIDR with Neutron’s message and leaves no subnet behind', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    await sh.run(PROVIDER_NETWORK[0]);
    const r = await sh.run('openstack subnet create --network provider --subnet-range 10.0.0.0/33 bad');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("BadRequestException: 400: Client Error for url: http://controller:9696/v2.0/subnets, Invalid input for cidr. Reason: '10.0.0.0/33' is not a valid IP subnet.\n");
    expect((await sh.run('openstack subnet list -f value -c Name')).stdout).toBe('');
  });

  it('checks --allocation-pool keys before sending anything', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    await sh.run(PROVIDER_NETWORK[0]);
    const mark = sh.cloud.mark();
    const r = await sh.run('openstack subnet create --network provider --subnet-range 10.0.0.0/24 --allocation-pool start=10.0.0.5 s');
    expect([r.exitCode, r.stderr]).toEqual([1, 'Missing required keys end.\nRequired keys are: end, start\n']);
    expect(sh.cloud.trace(mark).some((t) => t.summary.includes('/v2.0/subnets'))).toBe(false);
  });

  it('lists ports with their fixed IPs, asking Neutron only for the shown fields', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    for (const l of PROVIDER_NETWORK) await sh.run(l);
    sh.cloud.runUntilIdle();
    const mark = sh.cloud.mark();
    const r = await sh.run('openstack port list --device-owner network:dhcp');
    expect(header(r.stdout)).toEqual(['ID', 'Name', 'MAC Address', 'Fixed IP Addresses', 'Status']);
    expect(r.stdout).toMatch(/\| fa:16:3e:[0-9a-f:]{8} \| ip_address='203\.0\.113\.101', subnet_id='[0-9a-f-]{36}' \| ACTIVE \|/);
    expect(sh.cloud.trace(mark).map((t) => t.summary)).toContain(
      'GET /v2.0/ports?device_owner=network%3Adhcp&fields=id&fields=name&fields=mac_address&fields=fixed_ips&fields=status',
    );
  });
});
