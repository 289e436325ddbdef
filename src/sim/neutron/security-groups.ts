/** Security groups: each project's `default` group, the groups API, and port bindings to groups. */
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { listQuery, owningProject, ownsOrAdmin, project, resourceBody, timestamp, toName, touched } from './common.ts';
import { conflict, securityGroupNotFound } from './messages.ts';
import { checkQuota } from './quotas.ts';
import { insertRule, ruleView, type RuleSpec } from './sg-rules.ts';

const DEFAULT_DESCRIPTION = 'Default security group';

function insertGroup(ctx: Ctx, projectId: string, name: string, description: string): Record<string, any> {
  const id = ctx.ids.uuid();
  const now = timestamp(ctx);
  return ctx.db.insert('neutron.securitygroups', id, {
    id, name, description, project_id: projectId, stateful: true, created_at: now, updated_at: now, revision_number: 1,
  });
}

function egressRules(sg: Record<string, any>): RuleSpec[] {
  return (['IPv4', 'IPv6'] as const).map((ethertype) => ({
    security_group_id: sg.id, project_id: sg.project_id, direction: 'egress', ethertype, protocol: null,
    port_range_min: null, port_range_max: null, remote_ip_prefix: null, remote_group_id: null, description: '',
  }));
}

/**
 * _ensure_default_security_group: the project's `default` group, made on first use with its four rules
 * (ingress from members of the same group and egress to anywhere, for IPv4 and IPv6). A member cannot make one for
 * another project (`req` is null for the server's own calls).
 */
export function ensureDefaultSecurityGroup(ctx: Ctx, req: HandlerRequest | null, projectId: string): string | undefined {
  if (req && projectId !== req.auth.project_id && !req.auth.is_admin) return undefined;
  const existing = ctx.db.get('neutron.default_security_group', projectId);
  if (existing) return existing.security_group_id;
  const sg = insertGroup(ctx, projectId, 'default', DEFAULT_DESCRIPTION);
  ctx.db.insert('neutron.default_security_group', projectId, { project_id: projectId, security_group_id: sg.id });
  const [v4, v6] = egressRules(sg);
  for (const egress of [v4, v6]) {
    insertRule(ctx, { ...egress, direction: 'ingress', remote_group_id: sg.id });
    insertRule(ctx, egress);
  }
  return sg.id;
}

/** The group as the API shows it, with its rules. */
export function groupView(ctx: Ctx, sg: Record<string, any>): Record<string, unknown> {
  const rules = ctx.db.where('neutron.securitygrouprules', (r) => r.security_group_id === sg.id);
  return {
    id: sg.id,
    name: sg.name,
    stateful: sg.stateful,
    tenant_id: sg.project_id,
    project_id: sg.project_id,
    description: sg.description,
    shared: false,
    security_group_rules: rules.map((r) => ruleView(ctx, r)),
    tags: [],
    created_at: sg.created_at,
    updated_at: sg.updated_at,
    revision_number: sg.revision_number,
  };
}

/** The group if the caller may see it (its project's, or any for an admin); 404 otherwise. */
export function visibleGroup(ctx: Ctx, req: HandlerRequest, id: string): Record<string, any> {
  const sg = ctx.db.get('neutron.securitygroups', id);
  if (!sg || !ownsOrAdmin(req, sg)) throw securityGroupNotFound(id);
  return sg;
}

export const listSecurityGroups: Handler = (ctx, req) => {
  ensureDefaultSecurityGroup(ctx, req, req.query.get('project_id') ?? req.query.get('tenant_id') ?? req.auth.project_id);
  const rows = ctx.db.all('neutron.securitygroups').filter((sg) => ownsOrAdmin(req, sg)).map((sg) => groupView(ctx, sg));
  return { status: 200, body: { security_groups: listQuery(req, rows) } };
};

export const showSecurityGroup: Handler = (ctx, req) => ({
  status: 200,
  body: { security_group: project(req, groupView(ctx, visibleGroup(ctx, req, req.params.security_group_id))) },
});

export const createSecurityGroup: Handler = (ctx, req) => {
  const b = resourceBody(req, 'security_group', ['name', 'description', 'project_id', 'tenant_id', 'stateful']);
  const name = toName('name', b.name);
  if (name.toLowerCase() === 'default') throw conflict('SecurityGroupDefaultAlreadyExists', 'Default security group already exists.');
  const projectId = owningProject(req, b, 'create_security_group');
  ensureDefaultSecurityGroup(ctx, req, projectId);
  checkQuota(ctx, projectId, 'security_group');
  checkQuota(ctx, projectId, 'security_group_rule', 2);
  const sg = insertGroup(ctx, projectId, name, toName('description', b.description));
  for (const r of egressRules(sg)) insertRule(ctx, r);
  return { status: 201, body: { security_group: groupView(ctx, sg) } };
};

export const updateSecurityGroup: Handler = (ctx, req) => {
  const sg = visibleGroup(ctx, req, req.params.security_group_id);
  const b = resourceBody(req, 'security_group', ['name', 'description']);
  if (sg.name === 'default' && 'name' in b) throw conflict('SecurityGroupCannotUpdateDefault', 'Updating default security group not allowed.');
  const patch: Record<string, unknown> = { ...touched(ctx, sg) };
  if ('name' in b) patch.name = toName('name', b.name);
  if ('description' in b) patch.description = toName('description', b.description);
  return { status: 200, body: { security_group: groupView(ctx, ctx.db.update('neutron.securitygroups', sg.id, patch)) } };
};

export const deleteSecurityGroup: Handler = (ctx, req) => {
  const sg = visibleGroup(ctx, req, req.params.security_group_id);
  if (ctx.db.where('neutron.securitygroupportbindings', (b) => b.security_group_id === sg.id).length) {
    throw conflict('SecurityGroupInUse', `Security Group ${sg.id} in use.`);
  }
  if (sg.name === 'default' && !req.auth.is_admin) {
    throw conflict('SecurityGroupCannotRemoveDefault', 'Insufficient rights for removing default security group.');
  }
  for (const r of ctx.db.where('neutron.securitygrouprules', (x) => x.security_group_id === sg.id || x.remote_group_id === sg.id)) {
    ctx.db.remove('neutron.securitygrouprules', r.id);
  }
  if (ctx.db.get('neutron.default_security_group', sg.project_id)?.security_group_id === sg.id) {
    ctx.db.remove('neutron.default_security_group', sg.project_id);
  }
  ctx.db.remove('neutron.securitygroups', sg.id);
  return { status: 204 };
};
