import { describe, expect, it } from 'vitest';
import { cloudShell, field, header } from './network-testing.ts';

describe('openstack security group commands', () => {
  it('creates the guide rules on default and lists them with OSC 6 columns and port ranges', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const icmp = await sh.run('openstack security group rule create --proto icmp default');
    expect(icmp.exitCode).toBe(0);
    expect([field(icmp.stdout, 'protocol'), field(icmp.stdout, 'remote_ip_prefix'), field(icmp.stdout, 'ether_type'), field(icmp.stdout, 'tags')])
      .toEqual(['icmp', '0.0.0.0/0', 'IPv4', '[]']);
    const tcp = await sh.run('openstack security group rule create --proto tcp --dst-port 22 default');
    expect([field(tcp.stdout, 'port_range_min'), field(tcp.stdout, 'port_range_max')]).toEqual(['22', '22']);
    const list = await sh.run('openstack security group rule list default');
    expect(header(list.stdout)).toEqual(['ID', 'IP Protocol', 'Ethertype', 'IP Range', 'Port Range', 'Direction', 'Remote Security Group', 'Remote Address Group']);
    expect(list.stdout).toMatch(/\| tcp +\| IPv4 +\| 0\.0\.0\.0\/0 \| 22:22 +\| ingress/);
    expect(list.stdout).toMatch(/\| None +\| IPv6 +\| ::\/0 +\| +\| egress/);
    const all = await sh.run('openstack security group rule list');
    expect(header(all.stdout).at(-1)).toBe('Security Group');
  });

  it('refuses the same rule twice with the Neutron conflict, as a ShowOne error', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    await sh.run('openstack security group rule create --proto icmp default');
    const again = await sh.run('openstack security group rule create --proto icmp default');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/^Error while executing command: ConflictException: 409, Security group rule already exists\. Rule id is [0-9a-f-]{36}\.\n$/);
  });

  it('shows groups with their rules one per line and deletes them', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const web = await sh.run('openstack security group create web');
    expect(field(web.stdout, 'description')).toBe('web');
    expect(field(web.stdout, 'rules')).toMatch(/^created_at='[^']+', direction='egress', ethertype='IPv4', id='[0-9a-f-]{36}', updated_at='[^']+'$/);
    const list = await sh.run('openstack security group list');
    expect(header(list.stdout)).toEqual(['ID', 'Name', 'Description', 'Project', 'Tags']);
    expect(list.stdout).toMatch(/\| web +\| web +\| [0-9a-f]{32} \| \[\] +\|/);
    expect((await sh.run('openstack security group delete web')).exitCode).toBe(0);
    const gone = await sh.run('openstack security group show web');
    expect(gone.stderr).toBe('Error while executing command: No SecurityGroup found for web\n');
  });

  it('rejects a reversed port range as argparse does, before any request', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    const r = await sh.run('openstack security group rule create --proto tcp --dst-port 22:21 default');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^usage: openstack security group rule create /);
    expect(r.stderr).toContain('openstack security group rule create: error: argument --dst-port: Invalid range, 22 is not less than 21\n');
  });
});
