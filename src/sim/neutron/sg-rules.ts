/** Security group rules: validation as securitygroups_db does it, duplicates, and the rules API. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { listQuery, owningProject, ownsOrAdmin, project, resourceBody, timestamp } from './common.ts';
import { formatCidr, parseCidr } from './ip.ts';
import { badRequest, conflict, invalidAttr, ruleNotFound } from './messages.ts';
import { checkQuota } from './quotas.ts';
import { ensureDefaultSecurityGroup, visibleGroup } from './security-groups.ts';

/** neutron-lib IP_PROTOCOL_MAP: name → number. */
const PROTOCOLS: Record<string, number> = {
  ah: 51, dccp: 33, egp: 8, esp: 50, gre: 47, hopopt: 0, icmp: 1, igmp: 2, ip: 0, ipip: 4, 'ipv6-encap': 41,
  'ipv6-frag': 44, 'ipv6-icmp': 58, icmpv6: 58, 'ipv6-nonxt': 59, 'ipv6-opts': 60, 'ipv6-route': 43, ospf: 89,
  pgm: 113, rsvp: 46, sctp: 132, tcp: 6, udp: 17, udplite: 136, vrrp: 112,
};
const PORT_PROTOCOLS = [33, 132, 6, 17, 136];
const IPV6_ONLY = ['ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', '41', '44', '58', '59', '60', '43'];
const ALLOWED = ['security_group_id', 'direction', 'ethertype', 'protocol', 'port_range_min', 'port_range_max',
  'remote_ip_prefix', 'remote_group_id', 'remote_address_group_id', 'description', 'project_id', 'tenant_id'];

/** The fields of a rule row (before its id and timestamps). */
export interface RuleSpec {
  security_group_id: string;
  project_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  description: string;
}

/** Stores a rule and returns the row. */
export function insertRule(ctx: Ctx, spec: RuleSpec): Record<string, any> {
  const id = ctx.ids.uuid();
  const now = timestamp(ctx);
  return ctx.db.insert('neutron.securitygrouprules', id, { id, ...spec, created_at: now, updated_at: now, revision_number: 0 });
}

/** A rule as the API shows it. */
export function ruleView(ctx: Ctx, r: Record<string, any>): Record<string, unknown> {
  const sg = ctx.db.get('neutron.securitygroups', r.security_group_id);
  return {
    id: r.id,
    project_id: r.project_id,
    tenant_id: r.project_id,
    security_group_id: r.security_group_id,
    ethertype: r.ethertype,
    direction: r.direction,
    protocol: r.protocol,
    port_range_min: r.port_range_min,
    port_range_max: r.port_range_max,
    remote_ip_prefix: r.remote_ip_prefix,
    remote_address_group_id: null,
    normalized_cidr: r.remote_ip_prefix,
    remote_group_id: r.remote_group_id,
    belongs_to_default_sg: sg ? sg.name === 'default' && ctx.db.get('neutron.default_security_group', sg.project_id)?.security_group_id === sg.id : null,
    description: r.description,
    created_at: r.created_at,
    updated_at: r.updated_at,
    revision_number: r.revision_number,
  };
}

function protocolOf(v: unknown): string | null {
  if (v === null || v === undefined || v === 'any') return null;
  const s = String(v);
  if (/^\d+$/.test(s) && Number(s) <= 255) return s;
  if (typeof v === 'string' && v.toLowerCase() in PROTOCOLS) return v.toLowerCase();
  const names = ['None', "'any'", ...Object.keys(PROTOCOLS).map((p) => `'${p}'`)].join(', ');
  throw apiError(400, `Security group rule protocol ${s} not supported. Only protocol values (${names}) and integer representations [0 to 255] are supported.`, 'SecurityGroupRuleInvalidProtocol');
}

function portOf(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw apiError(400, `Invalid value for port ${String(v)}`, 'SecurityGroupInvalidPortValue');
  }
  return n;
}

/** _validate_port_range and friends: the checks Neutron makes on protocol, ports, prefix and remote. */
function validate(spec: RuleSpec, remoteAddressGroup: unknown): void {
  const { protocol: p, port_range_min: min, port_range_max: max } = spec;
  if (min !== null || max !== null) {
    if (!p) throw apiError(400, 'Must also specify protocol if port range is given.', 'SecurityGroupProtocolRequiredWithPorts');
    const num = p in PROTOCOLS ? PROTOCOLS[p] : Number(p);
    if (PORT_PROTOCOLS.includes(num)) {
      if (min === 0 || max === 0) throw apiError(400, 'Invalid value for port 0', 'SecurityGroupInvalidPortValue');
      if (min === null || max === null || min > max) {
        throw apiError(400, 'For TCP/UDP protocols, port_range_min must be <= port_range_max', 'SecurityGroupInvalidPortRange');
      }
    } else if (num === 1 || num === 58) {
      for (const [v, attr, field] of [[min, 'port_range_min', 'type'], [max, 'port_range_max', 'code']] as const) {
        if (v !== null && v > 255) throw apiError(400, `Invalid value for ICMP ${field} (${attr}) ${v}. It must be 0 to 255.`, 'SecurityGroupInvalidIcmpValue');
      }
      if (min === null) throw apiError(400, `ICMP code (port-range-max) ${max} is provided but ICMP type (port-range-min) is missing.`, 'SecurityGroupMissingIcmpType');
    } else {
      throw apiError(400, `Ports cannot be specified for protocol ${num}. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.`, 'SecurityGroupInvalidProtocolForPort');
    }
  }
  if (spec.remote_ip_prefix) {
    const c = parseCidr(spec.remote_ip_prefix)!;
    if (spec.ethertype !== `IPv${c.version}`) {
      throw apiError(400, `Conflicting value ethertype ${spec.ethertype} for CIDR ${spec.remote_ip_prefix}`, 'SecurityGroupRuleParameterConflict');
    }
  }
  if (p && IPV6_ONLY.includes(p) && spec.ethertype === 'IPv4') {
    throw apiError(400, `Invalid ethertype IPv4 for protocol ${p}.`, 'SecurityGroupEthertypeConflictWithProtocol');
  }
  if ([spec.remote_ip_prefix, spec.remote_group_id, remoteAddressGroup].filter(Boolean).length > 1) {
    throw apiError(400, 'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.', 'SecurityGroupMultipleRemoteEntites');
  }
}

/** _rule_to_key: two rules are the same when these match (an any-address prefix counts as none). */
function ruleKey(r: RuleSpec): string {
  const any = ['0.0.0.0/0', '::/0', null];
  const proto = r.protocol === null ? null : String(r.protocol in PROTOCOLS ? PROTOCOLS[r.protocol] : r.protocol);
  return JSON.stringify([r.direction, r.ethertype, r.port_range_max, r.port_range_min, proto, r.remote_group_id,
    any.includes(r.remote_ip_prefix) ? null : r.remote_ip_prefix, r.security_group_id]);
}

function parseRule(ctx: Ctx, req: HandlerRequest): RuleSpec {
  const b = resourceBody(req, 'security_group_rule', ALLOWED);
  for (const k of ['security_group_id', 'direction']) {
    if (b[k] === undefined) throw badRequest(`Failed to parse request. Required attribute '${k}' not specified`);
  }
  if (!['ingress', 'egress'].includes(b.direction)) throw invalidAttr('direction', `${b.direction ?? 'None'} is not in ['ingress', 'egress']`);
  const eth = b.ethertype === undefined ? 'IPv4' : ['IPv4', 'IPv6'].find((e) => e.toLowerCase() === String(b.ethertype).toLowerCase());
  if (!eth) throw apiError(400, `Security group rule for ethertype '${b.ethertype}' not supported. Allowed values are ['IPv4', 'IPv6'].`, 'SecurityGroupRuleInvalidEtherType');
  let prefix: string | null = null;
  if (b.remote_ip_prefix) {
    const c = parseCidr(b.remote_ip_prefix) ?? parseCidr(`${b.remote_ip_prefix}/${String(b.remote_ip_prefix).includes(':') ? 128 : 32}`);
    if (!c) throw apiError(400, `Invalid CIDR ${b.remote_ip_prefix} given as IP prefix.`, 'InvalidCIDR');
    prefix = formatCidr(c);
  }
  const spec: RuleSpec = {
    security_group_id: String(b.security_group_id),
    project_id: owningProject(req, b, 'create_security_group_rule'),
    direction: b.direction,
    ethertype: eth as RuleSpec['ethertype'],
    protocol: protocolOf(b.protocol),
    port_range_min: portOf(b.port_range_min),
    port_range_max: portOf(b.port_range_max),
    remote_ip_prefix: prefix,
    remote_group_id: b.remote_group_id ?? null,
    description: typeof b.description === 'string' ? b.description : '',
  };
  // _make_canonical_port_range: the whole range means no range; legacy IPv6 ICMP names become ipv6-icmp.
  if (spec.port_range_min === 1 && spec.port_range_max === 65535) spec.port_range_min = spec.port_range_max = null;
  if (spec.ethertype === 'IPv6' && (spec.protocol === 'icmp' || spec.protocol === 'icmpv6')) spec.protocol = 'ipv6-icmp';
  if (spec.ethertype === 'IPv6' && spec.protocol === '1') spec.protocol = '58';
  validate(spec, b.remote_address_group_id);
  return spec;
}

/** Tells every L2 agent that a group's rules changed (their firewall drivers refresh). */
export function notifyRulesChanged(ctx: Ctx, groupIds: string[]): void {
  ctx.fanout('q-agent-notifier', 'security_groups_rule_updated', { security_groups: groupIds });
}

export const createSecurityGroupRule: Handler = (ctx, req) => {
  const spec = parseRule(ctx, req);
  ensureDefaultSecurityGroup(ctx, req, spec.project_id);
  if (spec.remote_group_id) visibleGroup(ctx, req, spec.remote_group_id);
  const sg = visibleGroup(ctx, req, spec.security_group_id);
  // A rule belongs to its group's project, even when an admin adds it.
  if (!req.body.security_group_rule.project_id && !req.body.security_group_rule.tenant_id) spec.project_id = sg.project_id;
  const key = ruleKey(spec);
  const dup = ctx.db.where('neutron.securitygrouprules', (r) => r.security_group_id === sg.id).find((r) => ruleKey(r as RuleSpec) === key);
  if (dup) throw conflict('SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${dup.id}.`);
  checkQuota(ctx, spec.project_id, 'security_group_rule');
  const row = insertRule(ctx, spec);
  notifyRulesChanged(ctx, [sg.id]);
  return { status: 201, body: { security_group_rule: ruleView(ctx, row) } };
};

function visibleRule(ctx: Ctx, req: HandlerRequest, id: string): Record<string, any> {
  const r = ctx.db.get('neutron.securitygrouprules', id);
  if (!r || !ownsOrAdmin(req, r)) throw ruleNotFound(id);
  return r;
}

export const listSecurityGroupRules: Handler = (ctx, req) => {
  ensureDefaultSecurityGroup(ctx, req, req.auth.project_id);
  const rows = ctx.db.all('neutron.securitygrouprules').filter((r) => ownsOrAdmin(req, r)).map((r) => ruleView(ctx, r));
  return { status: 200, body: { security_group_rules: listQuery(req, rows) } };
};

export const showSecurityGroupRule: Handler = (ctx, req) => ({
  status: 200,
  body: { security_group_rule: project(req, ruleView(ctx, visibleRule(ctx, req, req.params.rule_id))) },
});

export const deleteSecurityGroupRule: Handler = (ctx, req) => {
  const r = visibleRule(ctx, req, req.params.rule_id);
  ctx.db.remove('neutron.securitygrouprules', r.id);
  notifyRulesChanged(ctx, [r.security_group_id]);
  return { status: 204 };
};
