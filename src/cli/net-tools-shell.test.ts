import { describe, expect, it } from 'vitest';
import { cloudShell, field, PROVIDER_NETWORK } from './commands/network-testing.ts';

/** The install guide up to a running instance on the provider network; returns its address. */
async function launch(sh: ReturnType<typeof cloudShell>): Promise<string> {
  await sh.run('source admin-openrc');
  for (const l of PROVIDER_NETWORK) expect((await sh.run(l)).exitCode).toBe(0);
  expect((await sh.run('openstack flavor create --id 0 --vcpus 1 --ram 64 --disk 1 m1.nano')).exitCode).toBe(0);
  expect((await sh.run('openstack keypair create --public-key ~/.ssh/id_rsa.pub mykey')).exitCode).toBe(0);
  const net = (await sh.run('openstack network show provider -f value -c id')).stdout.trim();
  const r = await sh.run(`openstack server create --flavor m1.nano --image cirros --nic net-id=${net} --security-group default --key-name mykey provider-instance`);
  expect(r.exitCode).toBe(0);
  sh.cloud.runUntilIdle();
  const show = await sh.run('openstack server show provider-instance');
  expect(field(show.stdout, 'status')).toBe('ACTIVE');
  return /provider=([\d.]+)/.exec(field(show.stdout, 'addresses') ?? '')![1];
}

describe('ping and ssh from the provider network', () => {
  it('gets no answer until the guide adds the icmp and tcp 22 rules to the default group', async () => {
    const sh = cloudShell();
    const ip = await launch(sh);
    const ping1 = await sh.run(`ping -c 4 ${ip}`);
    expect(ping1.exitCode).toBe(1);
    expect(ping1.stdout + ping1.stderr).toContain('4 packets transmitted, 0 received, 100% packet loss');
    const ssh1 = await sh.run(`ssh cirros@${ip}`);
    expect(ssh1.exitCode).toBe(255);
    expect(ssh1.stderr).toContain(`ssh: connect to host ${ip} port 22: Connection timed out`);

    await sh.run('openstack security group rule create --proto icmp default');
    const ping2 = await sh.run(`ping -c 4 ${ip}`);
    expect(ping2.exitCode).toBe(0);
    expect(ping2.stdout).toContain(`PING ${ip} (${ip}) 56(84) bytes of data.\n64 bytes from ${ip}: icmp_seq=1 ttl=64 time=`);
    expect(ping2.stdout).toContain('4 packets transmitted, 4 received, 0% packet loss');
    expect((await sh.run(`ssh cirros@${ip}`)).exitCode).toBe(255);

    await sh.run('openstack security group rule create --proto tcp --dst-port 22 default');
    const ssh2 = await sh.run(`ssh cirros@${ip}`);
    expect(ssh2.exitCode).toBe(0);
    expect(ssh2.stdout).toContain('simulated');
    expect(ssh2.stdout).toContain('provider-instance');
  });

  it('loses the instance when it is stopped and finds it again when it starts', async () => {
    const sh = cloudShell();
    const ip = await launch(sh);
    await sh.run('openstack security group rule create --proto icmp default');
    expect((await sh.run('openstack server stop provider-instance')).exitCode).toBe(0);
    sh.cloud.runUntilIdle();
    const down = await sh.run(`ping -c 3 ${ip}`);
    expect(down.exitCode).toBe(1);
    expect(down.stdout + down.stderr).toContain('Destination Host Unreachable');
    expect((await sh.run('openstack server start provider-instance')).exitCode).toBe(0);
    sh.cloud.runUntilIdle();
    expect((await sh.run(`ping -c 1 ${ip}`)).exitCode).toBe(0);
  });

  it('answers from the DHCP port but refuses SSH there, and knows no unassigned address', async () => {
    const sh = cloudShell();
    await sh.run('source admin-openrc');
    for (const l of PROVIDER_NETWORK) await sh.run(l);
    sh.cloud.runUntilIdle();
    expect((await sh.run('ping -c 1 203.0.113.101')).exitCode).toBe(0);
    const ssh = await sh.run('ssh cirros@203.0.113.101');
    expect(ssh.stderr).toContain('ssh: connect to host 203.0.113.101 port 22: Connection refused');
    const none = await sh.run('ping -c 2 203.0.113.200');
    expect(none.exitCode).toBe(1);
    expect(none.stdout + none.stderr).toContain('From 203.0.113.2 icmp_seq=2 Destination Host Unreachable');
  });
});
