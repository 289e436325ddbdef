import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';
import { providerNetwork, rejects } from './test-fixtures.ts';

function defaultGroup(cloud: ReturnType<typeof createCloud>, token: string) {
  const res = api(cloud, token, 'GET', 'neutron:/v2.0/security-groups?name=default');
  expect(res.status).toBe(200);
  return (res.body as any).security_groups[0];
}

describe('security groups', () => {
  it('gives each project a default group on first use: ingress from itself, egress anywhere, IPv4 and IPv6', () => {
    const cloud = createCloud();
    const demo = login(cloud, 'demo');
    const sg = defaultGroup(cloud, demo.token);
    expect(sg).toMatchObject({ name: 'default', description: 'Default security group', project_id: demo.projectId, stateful: true });
    const rules = sg.security_group_rules.map((r: any) => [r.direction, r.ethertype, r.protocol, r.remote_group_id, r.remote_ip_prefix]);
    expect(rules).toEqual([
      ['ingress', 'IPv4', null, sg.id, null],
      ['egress', 'IPv4', null, null, null],
      ['ingress', 'IPv6', null, sg.id, null],
      ['egress', 'IPv6', null, null, null],
    ]);
    // Asking again makes no second one; the admin sees both projects' groups.
    expect((api(cloud, demo.token, 'GET', 'neutron:/v2.0/security-groups').body as any).security_groups).toHaveLength(1);
    const admin = login(cloud, 'admin');
    const all = (api(cloud, admin.token, 'GET', 'neutron:/v2.0/security-groups').body as any).security_groups;
    expect(all.map((g: any) => g.project_id).sort()).toEqual([admin.projectId, demo.projectId].sort());
  });

  it('adds the guide\'s ICMP and SSH rules, and refuses the same rule twice', () => {
    const cloud = createCloud();
    const demo = login(cloud, 'demo');
    const sg = defaultGroup(cloud, demo.token);
    const icmp = { security_group_id: sg.id, direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp', remote_ip_prefix: '0.0.0.0/0' };
    const created = api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-group-rules', { security_group_rule: icmp });
    expect(created.status).toBe(201);
    const rule = (created.body as any).security_group_rule;
    expect(rule).toMatchObject({ ...icmp, port_range_min: null, port_range_max: null, project_id: demo.projectId, remote_group_id: null });
    expect(rejects(cloud, 409, 'SecurityGroupRuleExists', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-group-rules', { security_group_rule: icmp })))
      .toBe(`Security group rule already exists. Rule id is ${rule.id}.`);
    // No prefix means the same as 0.0.0.0/0.
    rejects(cloud, 409, 'SecurityGroupRuleExists', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-group-rules', {
      security_group_rule: { ...icmp, remote_ip_prefix: undefined },
    }));
    const ssh = api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-group-rules', {
      security_group_rule: { security_group_id: sg.id, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' },
    });
    expect(ssh.status).toBe(201);
    const group = (api(cloud, demo.token, 'GET', `neutron:/v2.0/security-groups/${sg.id}`).body as any).security_group;
    expect(group.security_group_rules).toHaveLength(6);
  });

  it('validates protocol, ports, ethertype and prefix as Neutron does', () => {
    const cloud = createCloud();
    const demo = login(cloud, 'demo');
    const sg = defaultGroup(cloud, demo.token);
    const post = (r: Record<string, unknown>) => () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-group-rules', {
      security_group_rule: { security_group_id: sg.id, direction: 'ingress', ...r },
    });
    expect(rejects(cloud, 400, 'SecurityGroupInvalidPortRange', post({ protocol: 'tcp', port_range_min: 80, port_range_max: 22 })))
      .toBe('For TCP/UDP protocols, port_range_min must be <= port_range_max');
    expect(rejects(cloud, 400, 'SecurityGroupProtocolRequiredWithPorts', post({ port_range_min: 22, port_range_max: 22 })))
      .toBe('Must also specify protocol if port range is given.');
    expect(rejects(cloud, 400, 'SecurityGroupInvalidIcmpValue', post({ protocol: 'icmp', port_range_min: 300 })))
      .toBe('Invalid value for ICMP type (port_range_min) 300. It must be 0 to 255.');
    expect(rejects(cloud, 400, 'SecurityGroupInvalidPortValue', post({ protocol: 'tcp', port_range_min: 70000, port_range_max: 70000 })))
      .toBe('Invalid value for port 70000');
    expect(rejects(cloud, 400, 'SecurityGroupRuleParameterConflict', post({ protocol: 'tcp', remote_ip_prefix: '::/0' })))
      .toBe('Conflicting value ethertype IPv4 for CIDR ::/0');
    expect(rejects(cloud, 400, 'SecurityGroupRuleInvalidProtocol', post({ protocol: 'tcpp' })))
      .toMatch(/^Security group rule protocol tcpp not supported\. Only protocol values \(None, 'any', 'ah', .*'vrrp'\) and integer representations \[0 to 255\] are supported\.$/);
    expect(rejects(cloud, 400, 'HTTPBadRequest', post({ direction: 'sideways' })))
      .toBe("Invalid input for direction. Reason: sideways is not in ['ingress', 'egress'].");
    rejects(cloud, 404, 'SecurityGroupNotFound', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-group-rules', {
      security_group_rule: { security_group_id: 'nope', direction: 'ingress' },
    }));
    // The whole port range is stored as no range.
    const all = api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-group-rules', {
      security_group_rule: { security_group_id: sg.id, direction: 'ingress', protocol: 'udp', port_range_min: 1, port_range_max: 65535 },
    });
    expect((all.body as any).security_group_rule).toMatchObject({ protocol: 'udp', port_range_min: null, port_range_max: null });
  });

  it('keeps the default group and groups in use', () => {
    const cloud = createCloud();
    const { networkId } = providerNetwork(cloud);
    const demo = login(cloud, 'demo');
    const sg = defaultGroup(cloud, demo.token);
    expect(rejects(cloud, 409, 'SecurityGroupCannotRemoveDefault', () => api(cloud, demo.token, 'DELETE', `neutron:/v2.0/security-groups/${sg.id}`)))
      .toBe('Insufficient rights for removing default security group.');
    const web = (api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-groups', { security_group: { name: 'web' } }).body as any).security_group;
    expect(web.security_group_rules.map((r: any) => [r.direction, r.ethertype])).toEqual([['egress', 'IPv4'], ['egress', 'IPv6']]);
    const port = (api(cloud, demo.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId, security_groups: [web.id] } }).body as any).port;
    expect(port.security_groups).toEqual([web.id]);
    expect(rejects(cloud, 409, 'SecurityGroupInUse', () => api(cloud, demo.token, 'DELETE', `neutron:/v2.0/security-groups/${web.id}`)))
      .toBe(`Security Group ${web.id} in use.`);
    expect(api(cloud, demo.token, 'DELETE', `neutron:/v2.0/ports/${port.id}`).status).toBe(204);
    expect(api(cloud, demo.token, 'DELETE', `neutron:/v2.0/security-groups/${web.id}`).status).toBe(204);
    expect(rejects(cloud, 409, 'SecurityGroupDefaultAlreadyExists', () => api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-groups', { security_group: { name: 'default' } })))
      .toBe('Default security group already exists.');
  });

  it('tells the L2 agent of a port in the group when its rules change', () => {
    const cloud = createCloud();
    const { admin, networkId } = providerNetwork(cloud);
    const demo = login(cloud, 'demo');
    const sg = defaultGroup(cloud, demo.token);
    const port = (api(cloud, demo.token, 'POST', 'neutron:/v2.0/ports', { port: { network_id: networkId } }).body as any).port;
    api(cloud, admin.token, 'PUT', `neutron:/v2.0/ports/${port.id}`, { port: { 'binding:host_id': 'compute1', device_owner: 'compute:nova', device_id: 'x' } });
    cloud.runUntilIdle();
    const mark = cloud.mark();
    api(cloud, demo.token, 'POST', 'neutron:/v2.0/security-group-rules', { security_group_rule: { security_group_id: sg.id, direction: 'ingress', protocol: 'icmp' } });
    cloud.runUntilIdle();
    const acts = cloud.trace(mark).filter((t) => t.kind === 'agent').map((t) => `${t.from}: ${t.summary}`);
    expect(acts).toEqual([`neutron-openvswitch-agent@compute1: openvswitch firewall: refresh rules for tap${port.id.slice(0, 11)}`]);
  });
});
