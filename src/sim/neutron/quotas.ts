/** Quotas (`neutron.quotas` holds only the per-project overrides of neutron.conf [quotas]) and their enforcement. */
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { resourceBody } from './common.ts';
import { invalidAttr, overQuota, policyDenied } from './messages.ts';

/** neutron.conf [quotas] defaults for the resources option 1 registers (no router plug-in: no router/floatingip). */
export const DEFAULT_QUOTAS: Record<string, number> = {
  network: 100,
  subnet: 100,
  subnetpool: -1,
  port: 500,
  security_group: 10,
  security_group_rule: 100,
  rbac_policy: 10,
};

const TABLES: Record<string, string> = {
  network: 'neutron.networks',
  subnet: 'neutron.subnets',
  port: 'neutron.ports',
  security_group: 'neutron.securitygroups',
  security_group_rule: 'neutron.securitygrouprules',
};

/** The project's limit for `resource` (-1 is unlimited). */
export function quotaLimit(ctx: Ctx, projectId: string, resource: string): number {
  return ctx.db.get('neutron.quotas', `${projectId}:${resource}`)?.limit ?? DEFAULT_QUOTAS[resource];
}

/** How many `resource` the project has. */
export function quotaUsed(ctx: Ctx, projectId: string, resource: string): number {
  const table = TABLES[resource];
  return table ? ctx.db.where(table, (r) => r.project_id === projectId).length : 0;
}

/** OverQuota (409) when `delta` more `resource` would exceed the project's limit. */
export function checkQuota(ctx: Ctx, projectId: string, resource: string, delta = 1): void {
  const limit = quotaLimit(ctx, projectId, resource);
  if (limit >= 0 && quotaUsed(ctx, projectId, resource) + delta > limit) throw overQuota(resource);
}

function quotaSet(ctx: Ctx, projectId: string): Record<string, number> {
  return Object.fromEntries(Object.keys(DEFAULT_QUOTAS).map((r) => [r, quotaLimit(ctx, projectId, r)]));
}

function mayRead(req: HandlerRequest, projectId: string): void {
  if (projectId !== req.auth.project_id && !req.auth.is_admin) throw policyDenied('get_quota');
}

/** GET /v2.0/quotas: projects with non-default quotas. */
export const listQuotas: Handler = (ctx, req) => {
  const projects = [...new Set(ctx.db.all('neutron.quotas').map((q) => q.project_id))].filter(
    (p) => req.auth.is_admin || p === req.auth.project_id,
  );
  return { status: 200, body: { quotas: projects.map((p) => ({ ...quotaSet(ctx, p), project_id: p, tenant_id: p })) } };
};

export const showQuota: Handler = (ctx, req) => {
  mayRead(req, req.params.project_id);
  return { status: 200, body: { quota: quotaSet(ctx, req.params.project_id) } };
};

export const showQuotaDefault: Handler = (_ctx, req) => {
  mayRead(req, req.params.project_id);
  return { status: 200, body: { quota: { ...DEFAULT_QUOTAS } } };
};

/** GET /v2.0/quotas/{project_id}/details (quota_details extension) */
export const showQuotaDetails: Handler = (ctx, req) => {
  const p = req.params.project_id;
  mayRead(req, p);
  const quota = Object.fromEntries(
    Object.keys(DEFAULT_QUOTAS).map((r) => [r, { limit: quotaLimit(ctx, p, r), used: quotaUsed(ctx, p, r), reserved: 0 }]),
  );
  return { status: 200, body: { quota } };
};

export const updateQuota: Handler = (ctx, req) => {
  if (!req.auth.is_admin) throw policyDenied('update_quota');
  const p = req.params.project_id;
  const b = resourceBody(req, 'quota', Object.keys(DEFAULT_QUOTAS));
  for (const [r, v] of Object.entries(b)) {
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidAttr(r, `'${String(v)}' is not an integer`);
    if (n < -1) throw invalidAttr(r, `'${n}' is too small - must be at least '-1'`);
    const key = `${p}:${r}`;
    if (ctx.db.get('neutron.quotas', key)) ctx.db.update('neutron.quotas', key, { limit: n });
    else ctx.db.insert('neutron.quotas', key, { id: key, project_id: p, resource: r, limit: n });
  }
  return { status: 200, body: { quota: quotaSet(ctx, p) } };
};

export const deleteQuota: Handler = (ctx, req) => {
  if (!req.auth.is_admin) throw policyDenied('delete_quota');
  for (const q of ctx.db.where('neutron.quotas', (x) => x.project_id === req.params.project_id)) ctx.db.remove('neutron.quotas', q.id);
  return { status: 204 };
};
