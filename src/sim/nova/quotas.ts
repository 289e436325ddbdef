/** Quotas: limits per project (quota classes and overrides), usage counted from instances, os-quota-sets and /limits. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { DEFAULT_QUOTAS } from './bootstrap.ts';
import { atLeast } from './microversion.ts';
import { policyError, requireAdmin } from './policy.ts';
import { allServers, API, type FlavorSnapshot } from './state.ts';
import { bodyObject, checkInt, noExtraKeys } from './validation.ts';

/** Every quota resource in the order Nova lists them; the last four are nova-network leftovers, hidden from 2.36. */
const RESOURCES = [...Object.keys(DEFAULT_QUOTAS), 'fixed_ips', 'floating_ips', 'security_groups', 'security_group_rules'];
const FILTERED_2_36 = ['fixed_ips', 'floating_ips', 'security_group_rules', 'security_groups'];
const FILTERED_2_57 = [...FILTERED_2_36, 'injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes'];

function visible(req: HandlerRequest): string[] {
  const hidden = atLeast(req, '2.57') ? FILTERED_2_57 : atLeast(req, '2.36') ? FILTERED_2_36 : [];
  return RESOURCES.filter((r) => !hidden.includes(r));
}

/** The limit of each resource for a project: its override, else the default class (-1 for the legacy ones). */
export function limitsOf(ctx: Ctx, projectId: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of RESOURCES) {
    const own = projectId ? ctx.db.get(API.quotas, `${projectId}:${r}`) : undefined;
    out[r] = own?.hard_limit ?? ctx.db.get(API.quotaClasses, `default:${r}`)?.hard_limit ?? -1;
  }
  return out;
}

/** What a project uses now: instances, cores and ram counted from its servers (BuildRequests included), key pairs per user. */
export function usageOf(ctx: Ctx, projectId: string, userId?: string): Record<string, number> {
  const mine = allServers(ctx).filter((s) => s.inst.project_id === projectId);
  const used: Record<string, number> = Object.fromEntries(RESOURCES.map((r) => [r, 0]));
  used.instances = mine.length;
  used.cores = mine.reduce((n, s) => n + s.inst.flavor.vcpus, 0);
  used.ram = mine.reduce((n, s) => n + s.inst.flavor.memory_mb, 0);
  if (userId) used.key_pairs = ctx.db.where(API.keyPairs, (k) => k.user_id === userId).length;
  return used;
}

/** check_num_instances_quota: how many of [min, max] fit; 403 TooManyInstances when not even min_count does. */
export function checkInstanceQuota(ctx: Ctx, projectId: string, flavor: FlavorSnapshot, minCount: number, maxCount: number): number {
  const limits = limitsOf(ctx, projectId);
  const used = usageOf(ctx, projectId);
  const per: Record<string, number> = { instances: 1, cores: flavor.vcpus, ram: flavor.memory_mb };
  const headroom = (r: string) => (limits[r] < 0 ? Infinity : limits[r] - used[r]);
  let allowed = maxCount;
  for (const r of ['instances', 'cores', 'ram']) if (per[r]) allowed = Math.min(allowed, Math.floor(headroom(r) / per[r]));
  if (allowed >= minCount) return allowed;
  const count = minCount === maxCount ? String(minCount) : `${minCount}-${maxCount}`;
  const overs = ['instances', 'cores', 'ram'].filter((r) => limits[r] >= 0 && used[r] + per[r] * maxCount > limits[r]);
  const req = overs.map((r) => (r === 'instances' ? count : String(per[r] * maxCount)));
  throw apiError(403, `Quota exceeded for ${overs.join(', ')}: Requested ${req.join(', ')}, but already used ${overs.map((r) => used[r]).join(', ')} of ${overs.map((r) => limits[r]).join(', ')} ${overs.join(', ')}`);
}

/** identity.verify_project_id: asks Keystone whether the project exists (with the caller's token). */
function verifyProject(ctx: Ctx, req: HandlerRequest, projectId: string): void {
  const r = ctx.http('keystone', 'GET', `/v3/projects/${projectId}`, undefined, { 'X-Auth-Token': req.auth.token });
  if (r.status === 404) throw apiError(400, `Project ID ${projectId} is not a valid project.`);
}

function quotaSet(req: HandlerRequest, id: string | undefined, values: Record<string, unknown>) {
  const set: Record<string, unknown> = id ? { id } : {};
  for (const r of visible(req)) set[r] = values[r];
  return { status: 200, body: { quota_set: set } };
}

/** GET /os-quota-sets/{project_id} (own project, or any for admins). */
export const showQuotaSet: Handler = (ctx, req) => {
  const id = req.params.project_id;
  if (!req.auth.is_admin && id !== req.auth.project_id) throw policyError('os-quota-sets:show');
  verifyProject(ctx, req, id);
  return quotaSet(req, id, limitsOf(ctx, id));
};

/** GET /os-quota-sets/{project_id}/detail: limit, in_use and reserved of each resource. */
export const showQuotaSetDetail: Handler = (ctx, req) => {
  const id = req.params.project_id;
  if (!req.auth.is_admin && id !== req.auth.project_id) throw policyError('os-quota-sets:detail');
  verifyProject(ctx, req, id);
  const limits = limitsOf(ctx, id);
  const used = usageOf(ctx, id, id === req.auth.project_id ? req.auth.user_id : undefined);
  const detail = Object.fromEntries(RESOURCES.map((r) => [r, { limit: limits[r], in_use: used[r], reserved: 0 }]));
  return quotaSet(req, id, detail);
};

/** GET /os-quota-sets/{project_id}/defaults. */
export const showQuotaDefaults: Handler = (ctx, req) => {
  verifyProject(ctx, req, req.params.project_id);
  return quotaSet(req, req.params.project_id, limitsOf(ctx, null));
};

/** PUT /os-quota-sets/{project_id} (admin): sets overrides; no `id` in the answer. */
export const updateQuotaSet: Handler = (ctx, req) => {
  requireAdmin(req, 'os-quota-sets:update');
  const id = req.params.project_id;
  const body = bodyObject(req.body, 'quota_set');
  noExtraKeys(body, [...visible(req), 'force'], 'quota_set');
  verifyProject(ctx, req, id);
  for (const [r, v] of Object.entries(body)) {
    if (r === 'force') continue;
    const limit = checkInt(v, r, -1);
    const key = `${id}:${r}`;
    if (ctx.db.get(API.quotas, key)) ctx.db.update(API.quotas, key, { hard_limit: limit });
    else ctx.db.insert(API.quotas, key, { project_id: id, resource: r, hard_limit: limit, created_at: ctx.iso() });
  }
  return quotaSet(req, undefined, limitsOf(ctx, id));
};

/** DELETE /os-quota-sets/{project_id} (admin): back to the defaults. */
export const deleteQuotaSet: Handler = (ctx, req) => {
  requireAdmin(req, 'os-quota-sets:delete');
  for (const q of ctx.db.where(API.quotas, (x) => x.project_id === req.params.project_id)) ctx.db.remove(API.quotas, `${q.project_id}:${q.resource}`);
  return { status: 202 };
};

const LIMIT_NAMES: Record<string, string[]> = {
  ram: ['maxTotalRAMSize'],
  instances: ['maxTotalInstances'],
  cores: ['maxTotalCores'],
  key_pairs: ['maxTotalKeypairs'],
  floating_ips: ['maxTotalFloatingIps'],
  metadata_items: ['maxServerMeta', 'maxImageMeta'],
  injected_files: ['maxPersonality'],
  injected_file_content_bytes: ['maxPersonalitySize'],
  security_groups: ['maxSecurityGroups'],
  security_group_rules: ['maxSecurityGroupRules'],
  server_groups: ['maxServerGroups'],
  server_group_members: ['maxServerGroupMembers'],
};
const USED_NAMES: Record<string, string> = {
  totalRAMUsed: 'ram',
  totalCoresUsed: 'cores',
  totalInstancesUsed: 'instances',
  totalFloatingIpsUsed: 'floating_ips',
  totalSecurityGroupsUsed: 'security_groups',
  totalServerGroupsUsed: 'server_groups',
};

/** GET /limits: absolute limits and what the project uses (rate limits are gone, so `rate` is empty). */
export const showLimits: Handler = (ctx, req) => {
  let project = req.auth.project_id;
  const asked = req.query.get('tenant_id');
  if (asked && asked !== project) {
    if (!req.auth.is_admin) throw policyError('limits:other_project');
    project = asked;
  }
  const shown = visible(req);
  const limits = limitsOf(ctx, project);
  const used = usageOf(ctx, project, project === req.auth.project_id ? req.auth.user_id : undefined);
  const absolute: Record<string, number> = {};
  for (const [r, names] of Object.entries(LIMIT_NAMES)) {
    if (!shown.includes(r)) continue;
    for (const n of names) if (n !== 'maxImageMeta' || !atLeast(req, '2.39')) absolute[n] = limits[r];
  }
  for (const [n, r] of Object.entries(USED_NAMES)) if (shown.includes(r)) absolute[n] = used[r];
  return { status: 200, body: { limits: { rate: [], absolute } } };
};
