/** `openstack security group ...` and `security group rule ...` (python-openstackclient 6.0.0 network/v2/security_group*.py, via openstacksdk). */
import { CommandError, UsageError } from '../errors.ts';
import { allParams } from '../registry.ts';
import { formatUsage } from '../usage.ts';
import { Formattable, formatDict } from '../format/columns.ts';
import { sdkFind } from '../lookup.ts';
import type { CommandSpec } from '../types.ts';
import { flag, listOf, opt, pos, showSorted } from './helpers.ts';
import { projectId } from './network.ts';
import { bulkDelete, query, SECURITY_GROUP, SECURITY_GROUP_RULE, sdkFields, showOneErrors, sdkErrors } from './network-common.ts';

const GROUP_FIELDS: Record<string, string> = {
  created_at: 'created_at', description: 'description', id: 'id', name: 'name', project_id: 'project_id',
  revision_number: 'revision_number', rules: 'security_group_rules', stateful: 'stateful', tags: 'tags', updated_at: 'updated_at',
};

const RULE_FIELDS: Record<string, string> = {
  created_at: 'created_at', description: 'description', direction: 'direction', ether_type: 'ethertype', id: 'id', name: 'name',
  port_range_max: 'port_range_max', port_range_min: 'port_range_min', project_id: 'project_id', protocol: 'protocol',
  remote_address_group_id: 'remote_address_group_id', remote_group_id: 'remote_group_id', remote_ip_prefix: 'remote_ip_prefix',
  revision_number: 'revision_number', security_group_id: 'security_group_id', tags: 'tags', updated_at: 'updated_at',
};

/** NetworkSecurityGroupRulesColumn: one line per rule, empty values and the caller-known ids left out. */
function rulesColumn(rules: any[] | null): Formattable {
  const lines = (rules ?? []).map((r) => {
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      const empty = v === null || v === undefined || v === '' || v === 0 || v === false || (Array.isArray(v) && !v.length);
      if (!empty && !['security_group_id', 'tenant_id', 'project_id'].includes(k)) kept[k] = v;
    }
    return formatDict(kept);
  });
  return new Formattable(lines.join('\n'), rules ?? []);
}

/** A security group as `security group show` prints it (`tags` is printed raw, `[]`). */
export function groupView(g: any) {
  const d = sdkFields(g, GROUP_FIELDS);
  d.rules = rulesColumn(d.rules as any[]);
  if (d.tags === null) d.tags = [];
  return showSorted(d);
}

function ruleView(r: any) {
  const d = sdkFields(r, RULE_FIELDS);
  if (d.tags === null) d.tags = [];
  return showSorted(d);
}

function isIcmp(p: unknown): boolean {
  return ['icmp', 'icmpv6', 'ipv6-icmp', '1', '58'].includes(String(p));
}

/** The Port Range cell: `22:22`, `type=8:code=0` for ICMP, blank when unset. */
export function portRange(r: any): string {
  const min = r.port_range_min;
  const max = r.port_range_max;
  if (isIcmp(r.protocol)) return `${min ? `type=${min}` : ''}${max ? `:code=${max}` : ''}`;
  if (!min && !max) return '';
  return `${min ?? max}:${max ?? min}`;
}

/** osc-lib's RangeAction for `--dst-port`: `22` → [22, 22], `137:139` → [137, 139]; a bad range is an argparse error. */
function dstPort(v: string | null, width?: number): [number, number] | undefined {
  if (v == null) return undefined;
  const prog = 'openstack security group rule create';
  const fail = (msg: string): never => {
    throw new UsageError(formatUsage(prog, allParams(ruleCreate), width), `${prog}: error: argument --dst-port: ${msg}`);
  };
  const parts = v.split(':');
  if (parts.length > 2) fail('Invalid range, too many values');
  // Python's int() failing inside the action: its message alone, exit 1.
  const bad = parts.find((x) => !/^\s*[+-]?\d+\s*$/.test(x));
  if (bad !== undefined) throw new CommandError(`invalid literal for int() with base 10: '${bad}'`);
  const nums = parts.map(Number);
  if (nums.length === 1) return [nums[0], nums[0]];
  if (nums[0] > nums[1]) fail(`Invalid range, ${nums[0]} is not less than ${nums[1]}`);
  return [nums[0], nums[1]];
}

const ruleCreate: CommandSpec = {
  words: ['security', 'group', 'rule', 'create'],
  help: 'Create a new security group rule',
  kind: 'show',
  params: [
    opt('--extra-property', 'type=<property_type>,name=<property_name>,value=<property_value>', "Additional parameters can be passed using this property. Default type of the extra property is string ('str'), but other types can be used as well. Available types are: 'dict', 'list', 'str', 'bool', 'int'. In case of 'list' type, 'value' can be semicolon-separated list of values. For 'dict' value is semicolon-separated list of the key:value pairs.", { action: 'append', dest: 'extra_properties' }),
    pos('group', '<group>', 'Create rule in this security group (name or ID)'),
    opt('--remote-ip', '<ip-address>', 'Remote IP address block (may use CIDR notation; default for IPv4 rule: 0.0.0.0/0, default for IPv6 rule: ::/0)', { exclusive: 'remote' }),
    opt('--remote-group', '<group>', 'Remote security group (name or ID)', { exclusive: 'remote' }),
    opt('--remote-address-group', '<group>', 'Remote address group (name or ID)', { exclusive: 'remote' }),
    opt('--dst-port', '<port-range>', 'Destination port, may be a single port or a starting and ending port range: 137:139. Required for IP protocols TCP and UDP. Ignored for ICMP IP protocols.'),
    opt('--protocol', '<protocol>', 'IP protocol (ah, dccp, egp, esp, gre, icmp, igmp, ipv6-encap, ipv6-frag, ipv6-icmp, ipv6-nonxt, ipv6-opts, ipv6-route, ospf, pgm, rsvp, sctp, tcp, udp, udplite, vrrp and integer representations [0-255] or any; default: any (all protocols))'),
    opt('--description', '<description>', 'Set security group rule description'),
    opt('--icmp-type', '<icmp-type>', 'ICMP type for ICMP IP protocols', { type: 'int' }),
    opt('--icmp-code', '<icmp-code>', 'ICMP code for ICMP IP protocols', { type: 'int' }),
    flag('--ingress', 'Rule applies to incoming network traffic (default)', { exclusive: 'direction' }),
    flag('--egress', 'Rule applies to outgoing network traffic', { exclusive: 'direction' }),
    opt('--ethertype', '<ethertype>', 'Ethertype of network traffic (IPv4, IPv6; default: based on IP protocol)'),
    opt('--project', '<project>', "Owner's project (name or ID)"),
    opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
  ],
  async run(ctx, a) {
    const ports = dstPort(a.dst_port);
    return showOneErrors(async () => {
      const group = await sdkFind(ctx.client, SECURITY_GROUP, a.group);
      let protocol: string | null = a.protocol == null ? 'any' : String(a.protocol).toLowerCase();
      if (protocol === 'any') protocol = null;
      const body: Record<string, unknown> = { protocol };
      if (a.description != null) body.description = a.description;
      body.direction = a.egress ? 'egress' : 'ingress';
      const v6 = protocol != null && (protocol.startsWith('ipv6-') || ['icmpv6', '41', '43', '44', '58', '59', '60'].includes(protocol));
      const ethertype = a.ethertype != null ? String(a.ethertype).replace(/^ipv/i, 'IPv') : v6 ? 'IPv6' : 'IPv4';
      body.ethertype = ethertype;
      if (ports && (a.icmp_type != null || a.icmp_code != null)) throw new CommandError('Argument --dst-port not allowed with arguments --icmp-type and --icmp-code');
      if (a.icmp_type == null && a.icmp_code != null) throw new CommandError('Argument --icmp-type required with argument --icmp-code');
      if (!isIcmp(protocol) && (a.icmp_type || a.icmp_code)) throw new CommandError('ICMP IP protocol required with arguments --icmp-type and --icmp-code');
      if (ports && !isIcmp(protocol)) [body.port_range_min, body.port_range_max] = ports;
      if (a.icmp_type != null && a.icmp_type >= 0) body.port_range_min = a.icmp_type;
      if (a.icmp_code != null && a.icmp_code >= 0) body.port_range_max = a.icmp_code;
      if (a.remote_group != null) body.remote_group_id = (await sdkFind(ctx.client, SECURITY_GROUP, a.remote_group)).id;
      else if (a.remote_address_group != null) {
        body.remote_address_group_id = (await sdkFind(ctx.client, { type: 'network', path: '/v2.0/address-groups', one: 'address_group', many: 'address_groups', className: 'AddressGroup' }, a.remote_address_group)).id;
      } else if (a.remote_ip != null) body.remote_ip_prefix = a.remote_ip;
      else if (ethertype === 'IPv4') body.remote_ip_prefix = '0.0.0.0/0';
      else if (ethertype === 'IPv6') body.remote_ip_prefix = '::/0';
      body.security_group_id = group.id;
      if (a.project) body.project_id = await projectId(ctx, a.project);
      const r = await ctx.client.call('network', 'POST', '/v2.0/security-group-rules', { lib: 'sdk', body: { security_group_rule: body } });
      return ruleView(r.body.security_group_rule);
    });
  },
};

export const securityGroupCommands: CommandSpec[] = [
  {
    words: ['security', 'group', 'create'],
    help: 'Create a new security group',
    kind: 'show',
    params: [
      opt('--extra-property', 'type=<property_type>,name=<property_name>,value=<property_value>', "Additional parameters can be passed using this property. Default type of the extra property is string ('str'), but other types can be used as well. Available types are: 'dict', 'list', 'str', 'bool', 'int'. In case of 'list' type, 'value' can be semicolon-separated list of values. For 'dict' value is semicolon-separated list of the key:value pairs.", { action: 'append', dest: 'extra_properties' }),
      pos('name', '<name>', 'New security group name'),
      opt('--description', '<description>', 'Security group description'),
      opt('--project', '<project>', "Owner's project (name or ID)"),
      flag('--stateful', 'Security group is stateful (Default)', { exclusive: 'stateful' }),
      flag('--stateless', 'Security group is stateless', { exclusive: 'stateful' }),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
      opt('--tag', '<tag>', 'Tag to be added to the security group (repeat option to set multiple tags)', { action: 'append', exclusive: 'tag' }),
      flag('--no-tag', 'No tags associated with the security group', { exclusive: 'tag' }),
    ],
    async run(ctx, a) {
      return showOneErrors(async () => {
        const body: Record<string, unknown> = { name: a.name, description: a.description ?? a.name };
        if (a.stateful) body.stateful = true;
        if (a.stateless) body.stateful = false;
        if (a.project) body.project_id = await projectId(ctx, a.project);
        const r = await ctx.client.call('network', 'POST', '/v2.0/security-groups', { lib: 'sdk', body: { security_group: body } });
        let g = r.body.security_group;
        if (a.tag?.length) {
          await ctx.client.call('network', 'PUT', `/v2.0/security-groups/${g.id}/tags`, { lib: 'sdk', body: { tags: a.tag } });
          g = { ...g, tags: a.tag };
        }
        return groupView(g);
      });
    },
  },
  {
    words: ['security', 'group', 'delete'],
    help: 'Delete security group(s)',
    kind: 'plain',
    params: [pos('group', '<group>', 'Security group(s) to delete (name or ID)', { nargs: '+' })],
    async run(ctx, a) {
      await bulkDelete(ctx, 'group', a.group, async (name) => {
        const g = await sdkFind(ctx.client, SECURITY_GROUP, name);
        await ctx.client.call('network', 'DELETE', `/v2.0/security-groups/${g.id}`, { lib: 'sdk' });
      });
    },
  },
  {
    words: ['security', 'group', 'list'],
    help: 'List security groups',
    kind: 'list',
    params: [
      flag('--all-projects', 'Display information from all projects (admin only)'),
      opt('--project', '<project>', 'List security groups according to the project (name or ID)'),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
      opt('--tags', '<tag>[,<tag>,...]', 'List security group which have all given tag(s) (Comma-separated list of tags)'),
      opt('--any-tags', '<tag>[,<tag>,...]', 'List security group which have any given tag(s) (Comma-separated list of tags)'),
      opt('--not-tags', '<tag>[,<tag>,...]', 'Exclude security group which have all given tag(s) (Comma-separated list of tags)'),
      opt('--not-any-tags', '<tag>[,<tag>,...]', 'Exclude security group which have any given tag(s) (Comma-separated list of tags)'),
    ],
    async run(ctx, a) {
      return sdkErrors(async () => {
        const q: [string, unknown][] = [];
        if (a.project) q.push(['project_id', await projectId(ctx, a.project)]);
        for (const k of ['tags', 'any_tags', 'not_tags', 'not_any_tags']) if (a[k]) q.push([k.replace(/_/g, '-'), a[k]]);
        const fields = ['id', 'name', 'description', 'project_id', 'tags'].map((f) => `fields=${f}`).join('&');
        const qs = query(q);
        const r = await ctx.client.call('network', 'GET', `/v2.0/security-groups${qs ? `${qs}&${fields}` : `?${fields}`}`, { lib: 'sdk' });
        return listOf(['ID', 'Name', 'Description', 'Project', 'Tags'],
          (r.body.security_groups ?? []).map((g: any) => [g.id, g.name, g.description ?? null, g.project_id ?? null, g.tags ?? []]));
      });
    },
  },
  {
    words: ['security', 'group', 'show'],
    help: 'Display security group details',
    kind: 'show',
    params: [pos('group', '<group>', 'Security group to display (name or ID)')],
    async run(ctx, a) {
      return showOneErrors(async () => groupView(await sdkFind(ctx.client, SECURITY_GROUP, a.group)));
    },
  },
  ruleCreate,
  {
    words: ['security', 'group', 'rule', 'delete'],
    help: 'Delete security group rule(s)',
    kind: 'plain',
    params: [pos('rule', '<rule>', 'Security group rule(s) to delete (ID only)', { nargs: '+' })],
    async run(ctx, a) {
      await bulkDelete(ctx, 'rule', a.rule, async (id) => {
        const r = await sdkFind(ctx.client, SECURITY_GROUP_RULE, id);
        await ctx.client.call('network', 'DELETE', `/v2.0/security-group-rules/${r.id}`, { lib: 'sdk' });
      });
    },
  },
  {
    words: ['security', 'group', 'rule', 'list'],
    help: 'List security group rules',
    kind: 'list',
    params: [
      pos('group', '<group>', 'List all rules in this security group (name or ID)', { nargs: '?' }),
      flag('--all-projects', 'Display information from all projects (admin only)'),
      opt('--protocol', '<protocol>', 'List rules by the IP protocol (ah, dhcp, egp, esp, gre, icmp, igmp, ipv6-encap, ipv6-frag, ipv6-icmp, ipv6-nonxt, ipv6-opts, ipv6-route, ospf, pgm, rsvp, sctp, tcp, udp, udplite, vrrp and integer representations [0-255] or any; default: any (all protocols))'),
      opt('--ethertype', '<ethertype>', 'List rules by the Ethertype (IPv4 or IPv6)'),
      flag('--ingress', 'List rules applied to incoming network traffic', { exclusive: 'direction' }),
      flag('--egress', 'List rules applied to outgoing network traffic', { exclusive: 'direction' }),
      flag('--long', '**Deprecated** This argument is no longer needed'),
    ],
    async run(ctx, a) {
      if (a.long) ctx.err('The --long option has been deprecated and is no longer needed\n');
      return sdkErrors(async () => {
        const headers = ['ID', 'IP Protocol', 'Ethertype', 'IP Range', 'Port Range', 'Direction', 'Remote Security Group', 'Remote Address Group'];
        const q: [string, unknown][] = [];
        if (a.group != null) q.push(['security_group_id', (await sdkFind(ctx.client, SECURITY_GROUP, a.group)).id]);
        else headers.push('Security Group');
        if (a.ingress) q.push(['direction', 'ingress']);
        if (a.egress) q.push(['direction', 'egress']);
        if (a.protocol != null) q.push(['protocol', String(a.protocol).toLowerCase()]);
        const r = await ctx.client.call('network', 'GET', `/v2.0/security-group-rules${query(q)}`, { lib: 'sdk' });
        return listOf(headers, (r.body.security_group_rules ?? []).map((x: any) => {
          const ip = x.remote_ip_prefix ?? (x.ethertype === 'IPv4' ? '0.0.0.0/0' : x.ethertype === 'IPv6' ? '::/0' : null);
          const row = [x.id, x.protocol ?? null, x.ethertype ?? null, ip, portRange(x), x.direction, x.remote_group_id ?? null, x.remote_address_group_id ?? null];
          if (a.group == null) row.push(x.security_group_id);
          return row;
        }));
      });
    },
  },
  {
    words: ['security', 'group', 'rule', 'show'],
    help: 'Display security group rule details',
    kind: 'show',
    params: [pos('rule', '<rule>', 'Security group rule to display (ID only)')],
    async run(ctx, a) {
      return showOneErrors(async () => ruleView(await sdkFind(ctx.client, SECURITY_GROUP_RULE, a.rule)));
    },
  },
];
