import { describe, expect, it } from 'vitest';
import { inCidr, outsideAddress, probe, ruleAllows, type NetView } from './net-tools-probe.ts';
import { ping, ssh } from './net-tools.ts';

const NET = { id: 'net-1', 'provider:network_type': 'flat', 'router:external': true };
const SUBNET = { id: 'sub-1', network_id: 'net-1', ip_version: 4, cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1', allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }] };
const EGRESS = { direction: 'egress', ethertype: 'IPv4', protocol: null, remote_ip_prefix: null, remote_group_id: null };
const FROM_GROUP = { direction: 'ingress', ethertype: 'IPv4', protocol: null, remote_ip_prefix: null, remote_group_id: 'sg-1' };
const ICMP = { direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp', remote_ip_prefix: '0.0.0.0/0', remote_group_id: null, port_range_min: null, port_range_max: null };
const SSH = { direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', remote_ip_prefix: '0.0.0.0/0', remote_group_id: null, port_range_min: 22, port_range_max: 22 };

function view(o: { rules?: any[]; status?: string; portStatus?: string; keyName?: string | null; portSecurity?: boolean } = {}): NetView {
  const port = {
    id: 'port-1', network_id: 'net-1', fixed_ips: [{ subnet_id: 'sub-1', ip_address: '203.0.113.103' }], status: o.portStatus ?? 'ACTIVE',
    admin_state_up: true, device_owner: 'compute:nova', device_id: 'srv-1', security_groups: ['sg-1'], port_security_enabled: o.portSecurity ?? true,
  };
  const dhcp = { ...port, id: 'port-d', fixed_ips: [{ subnet_id: 'sub-1', ip_address: '203.0.113.101' }], device_owner: 'network:dhcp', device_id: 'dhcp' };
  return {
    ports: async () => [port, dhcp],
    networks: async () => [NET, { id: 'net-2', 'provider:network_type': 'vxlan', 'router:external': false }],
    subnets: async () => [SUBNET, { id: 'sub-2', network_id: 'net-2', ip_version: 4, cidr: '172.16.1.0/24', gateway_ip: '172.16.1.1' }],
    rules: async () => o.rules ?? [EGRESS, FROM_GROUP],
    server: async () => ({ id: 'srv-1', name: 'provider-instance', status: o.status ?? 'ACTIVE', key_name: o.keyName === undefined ? 'mykey' : o.keyName }),
  };
}

function io() {
  const o = { out: '', err: '', slept: 0 };
  return { o, io: { out: (t: string) => (o.out += t), err: (t: string) => (o.err += t), sleep: async (ms: number) => void (o.slept += ms) } };
}

describe('the probe', () => {
  it('matches CIDRs and finds the outside host address outside the pool and gateway', () => {
    expect(inCidr('203.0.113.103', '203.0.113.0/24')).toBe(true);
    expect(inCidr('203.0.114.1', '203.0.113.0/24')).toBe(false);
    expect(inCidr('8.8.8.8', '0.0.0.0/0')).toBe(true);
    expect(outsideAddress(SUBNET)).toBe('203.0.113.2');
  });

  it('drops traffic from outside while only the default group rules exist', async () => {
    expect((await probe(view(), '203.0.113.103', { proto: 'icmp' })).kind).toBe('timeout');
    expect((await probe(view(), '203.0.113.103', { proto: 'tcp', port: 22 })).kind).toBe('timeout');
  });

  it('lets ICMP in after the icmp rule and SSH only after the tcp 22 rule', async () => {
    const icmp = view({ rules: [EGRESS, FROM_GROUP, ICMP] });
    expect((await probe(icmp, '203.0.113.103', { proto: 'icmp' })).kind).toBe('answer');
    expect((await probe(icmp, '203.0.113.103', { proto: 'tcp', port: 22 })).kind).toBe('timeout');
    const both = view({ rules: [EGRESS, FROM_GROUP, ICMP, SSH] });
    expect((await probe(both, '203.0.113.103', { proto: 'tcp', port: 22 })).kind).toBe('answer');
  });

  it('reads rule ranges and remote prefixes', () => {
    expect(ruleAllows({ ...SSH, port_range_min: 20, port_range_max: 21 }, { proto: 'tcp', port: 22 }, '203.0.113.2')).toBe(false);
    expect(ruleAllows({ ...SSH, remote_ip_prefix: '10.0.0.0/8' }, { proto: 'tcp', port: 22 }, '203.0.113.2')).toBe(false);
    expect(ruleAllows({ ...ICMP, ethertype: 'IPv6' }, { proto: 'icmp' }, '203.0.113.2')).toBe(false);
    expect(ruleAllows({ ...ICMP, protocol: null }, { proto: 'tcp', port: 22 }, '203.0.113.2')).toBe(true);
  });

  it('gets no answer from an instance that is not running, or from an address nobody holds', async () => {
    const rules = [ICMP, SSH];
    expect((await probe(view({ rules, status: 'SHUTOFF' }), '203.0.113.103', { proto: 'icmp' })).kind).toBe('unreachable');
    expect((await probe(view({ rules, portStatus: 'DOWN' }), '203.0.113.103', { proto: 'icmp' })).kind).toBe('unreachable');
    expect((await probe(view({ rules }), '203.0.113.104', { proto: 'icmp' })).kind).toBe('unreachable');
  });

  it('ignores security groups on a port without port security, and DHCP ports refuse SSH', async () => {
    expect((await probe(view({ portSecurity: false }), '203.0.113.103', { proto: 'icmp' })).kind).toBe('answer');
    expect((await probe(view(), '203.0.113.101', { proto: 'icmp' })).kind).toBe('answer');
    expect((await probe(view(), '203.0.113.101', { proto: 'tcp', port: 22 })).kind).toBe('refused');
  });

  it('does not reach self-service networks from the provider network', async () => {
    expect((await probe(view(), '172.16.1.5', { proto: 'icmp' })).kind).toBe('timeout');
  });
});

describe('ping', () => {
  it('prints iputils replies and statistics, waiting a second between packets', async () => {
    const { o, io: t } = io();
    const code = await ping(['-c', '3', '203.0.113.103'], view({ rules: [ICMP] }), t);
    expect(code).toBe(0);
    const lines = o.out.split('\n');
    expect(lines[0]).toBe('PING 203.0.113.103 (203.0.113.103) 56(84) bytes of data.');
    expect(lines.slice(1, 4).every((l) => /^64 bytes from 203\.0\.113\.103: icmp_seq=\d ttl=64 time=\d\.\d{2,3} ms$/.test(l))).toBe(true);
    expect(o.out).toContain('--- 203.0.113.103 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 2006ms\nrtt min/avg/max/mdev = ');
    expect(o.slept).toBe(2000);
  });

  it('loses every packet while the security group drops ICMP, and exits 1', async () => {
    const { o, io: t } = io();
    expect(await ping(['-c', '4', '203.0.113.103'], view(), t)).toBe(1);
    expect(o.out).toContain('4 packets transmitted, 0 received, 100% packet loss');
    expect(o.out).not.toContain('64 bytes');
  });

  it('reports Destination Host Unreachable for a stopped instance', async () => {
    const { o, io: t } = io();
    expect(await ping(['-c', '4', '203.0.113.103'], view({ rules: [ICMP], status: 'SHUTOFF' }), t)).toBe(1);
    expect(o.out).toContain('From 203.0.113.2 icmp_seq=2 Destination Host Unreachable');
    expect(o.out).toContain('4 packets transmitted, 0 received, +3 errors, 100% packet loss');
  });

  it('rejects names and bad options like iputils', async () => {
    const { o, io: t } = io();
    expect(await ping(['provider-instance'], view(), t)).toBe(2);
    expect(o.err).toBe('ping: provider-instance: Name or service not known\n');
  });
});

describe('ssh', () => {
  it('times out while the security group has no rule for port 22', async () => {
    const { o, io: t } = io();
    expect(await ssh(['cirros@203.0.113.103'], view({ rules: [ICMP] }), t)).toBe(255);
    expect(o.err).toContain('ssh: connect to host 203.0.113.103 port 22: Connection timed out\n');
  });

  it('logs in as cirros once port 22 is open, and says the session is simulated', async () => {
    const { o, io: t } = io();
    expect(await ssh(['cirros@203.0.113.103'], view({ rules: [SSH] }), t)).toBe(0);
    expect(o.err).toContain("Warning: Permanently added '203.0.113.103' (ED25519) to the list of known hosts.");
    expect(o.out).toContain('simulated');
    expect(o.out).toContain('provider-instance');
  });

  it('runs hostname, refuses root the CirrOS way, and denies a server booted without a key', async () => {
    const a = io();
    expect(await ssh(['cirros@203.0.113.103', 'hostname'], view({ rules: [SSH] }), a.io)).toBe(0);
    expect(a.o.out).toBe('provider-instance\n');
    const b = io();
    await ssh(['root@203.0.113.103'], view({ rules: [SSH] }), b.io);
    expect(b.o.out).toContain("Please login as 'cirros' user, not as root");
    const c = io();
    expect(await ssh(['cirros@203.0.113.103'], view({ rules: [SSH], keyName: null }), c.io)).toBe(255);
    expect(c.o.err).toContain('cirros@203.0.113.103: Permission denied (publickey,password).');
  });
});
