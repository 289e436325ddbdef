import { describe, expect, it } from 'vitest';
import { cloudShell, field, header } from './network-testing.ts';

describe('service, agent, hypervisor, quota and limits listings', () => {
  it('lists compute services with UUIDs (2.53+ through the SDK) and filters by binary', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const r = await sh.run('openstack compute service list');
    expect(header(r.stdout)).toEqual(['ID', 'Binary', 'Host', 'Zone', 'Status', 'State', 'Updated At']);
    expect(r.stdout).toMatch(/\| [0-9a-f-]{36} \| nova-compute +\| compute1 +\| nova +\| enabled \| up +\|/);
    const long = await sh.run('openstack compute service list --long --service nova-compute');
    expect(header(long.stdout).slice(-2)).toEqual(['Disabled Reason', 'Forced Down']);
    expect(long.stdout).not.toContain('nova-scheduler');
  });

  it('shows a dead L2 agent as XXX once its process has stopped reporting', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const before = await sh.run('openstack network agent list --host compute1');
    expect(header(before.stdout)).toEqual(['ID', 'Agent Type', 'Host', 'Availability Zone', 'Alive', 'State', 'Binary']);
    expect(before.stdout).toMatch(/\| Open vSwitch agent \| compute1 \| None +\| :-\) +\| UP +\| neutron-openvswitch-agent \|/);
    sh.cloud.stop('neutron-openvswitch-agent@compute1');
    sh.cloud.advance(120_000);
    const after = await sh.run('openstack network agent list --host compute1');
    expect(after.stdout).toMatch(/\| XXX +\| UP +\|/);
    const dhcp = await sh.run('openstack network agent list --agent-type dhcp -f value -c Binary');
    expect(dhcp.stdout).toBe('neutron-dhcp-agent\n');
  });

  it('lists hypervisors at 2.1 with integer ids', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const r = await sh.run('openstack hypervisor list --long');
    expect(header(r.stdout)).toEqual(['ID', 'Hypervisor Hostname', 'Hypervisor Type', 'Host IP', 'State', 'vCPUs Used', 'vCPUs', 'Memory MB Used', 'Memory MB']);
    expect(r.stdout).toMatch(/\| +1 \| compute1 +\| QEMU +\| 10\.0\.0\.31 \| up +\|/);
  });

  it('merges Nova, Cinder and Neutron quotas under OSC names', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const r = await sh.run('openstack quota show');
    expect(r.exitCode).toBe(0);
    expect(field(r.stdout, 'instances')).toBe('10');
    expect(field(r.stdout, 'secgroup-rules')).toMatch(/^-?\d+$/);
    expect(field(r.stdout, 'project_name')).toBe('admin');
    expect(field(r.stdout, 'location')).toMatch(/^Munch\(\{'cloud': '', 'region_name': '', 'zone': None, 'project': Munch\(\{'id': '[0-9a-f]{32}', 'name': 'admin'/);
    const missing = await sh.run('openstack quota show nosuch');
    expect([missing.exitCode, missing.stderr]).toEqual([1, "No project with a name or ID of 'nosuch' exists.\n"]);
  });

  it('shows absolute compute limits and requires --absolute or --rate', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const r = await sh.run('openstack limits show --absolute');
    expect(header(r.stdout)).toEqual(['Name', 'Value']);
    expect(r.stdout).toMatch(/\| maxTotalInstances +\| +10 \|/);
    const bad = await sh.run('openstack limits show');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('openstack limits show: error: one of the arguments --absolute --rate is required');
  });
});
