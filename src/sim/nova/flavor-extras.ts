/** Flavor extra specs (os-extra_specs) and flavor access for private flavors (os-flavor-access). */
import { apiError } from '../core/errors.ts';
import type { Handler } from '../core/types.ts';
import { findFlavor } from './flavors.ts';
import { requireAdmin } from './policy.ts';
import { API } from './state.ts';
import { bodyObject, invalid, pyRepr } from './validation.ts';

function checkSpecs(specs: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(specs)) {
    if (!/^[a-zA-Z0-9-_:. ]{1,255}$/.test(k)) throw invalid('extra_specs', specs, `${pyRepr(k)} does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'`);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw invalid(k, v, `${pyRepr(v)} is not of type 'string', 'integer', 'number', 'boolean'`);
    out[k] = String(v);
  }
  return out;
}

export const listExtraSpecs: Handler = (ctx, req) => ({ status: 200, body: { extra_specs: { ...findFlavor(ctx, req, req.params.flavor_id).extra_specs } } });

export const createExtraSpecs: Handler = (ctx, req) => {
  requireAdmin(req, 'os-flavor-extra-specs:create');
  const f = findFlavor(ctx, req, req.params.flavor_id);
  const specs = checkSpecs(bodyObject(req.body, 'extra_specs'));
  const row = ctx.db.update(API.flavors, f.flavorid, { extra_specs: { ...f.extra_specs, ...specs } });
  return { status: 200, body: { extra_specs: { ...row.extra_specs } } };
};

export const showExtraSpec: Handler = (ctx, req) => {
  const f = findFlavor(ctx, req, req.params.flavor_id);
  const key = req.params.key;
  if (!(key in f.extra_specs)) throw apiError(404, `Flavor ${f.flavorid} has no extra specs with key ${key}.`);
  return { status: 200, body: { [key]: f.extra_specs[key] } };
};

export const updateExtraSpec: Handler = (ctx, req) => {
  requireAdmin(req, 'os-flavor-extra-specs:update');
  const f = findFlavor(ctx, req, req.params.flavor_id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== req.params.key) throw apiError(400, 'Request body and URI mismatch');
  const specs = checkSpecs(body);
  ctx.db.update(API.flavors, f.flavorid, { extra_specs: { ...f.extra_specs, ...specs } });
  return { status: 200, body: specs };
};

export const deleteExtraSpec: Handler = (ctx, req) => {
  requireAdmin(req, 'os-flavor-extra-specs:delete');
  const f = findFlavor(ctx, req, req.params.flavor_id);
  const key = req.params.key;
  if (!(key in f.extra_specs)) throw apiError(404, `Flavor ${f.flavorid} has no extra specs with key ${key}.`);
  const rest = { ...f.extra_specs };
  delete rest[key];
  ctx.db.update(API.flavors, f.flavorid, { extra_specs: rest });
  return { status: 202 };
};

function accessList(ctx: Parameters<Handler>[0], flavorId: string) {
  return ctx.db.where(API.flavorProjects, (a) => a.flavor_id === flavorId).map((a) => ({ flavor_id: flavorId, tenant_id: a.project_id }));
}

/** GET /flavors/{id}/os-flavor-access (admin): the projects that may use a private flavor. */
export const listFlavorAccess: Handler = (ctx, req) => {
  requireAdmin(req, 'os-flavor-access');
  const f = findFlavor(ctx, req, req.params.flavor_id);
  if (f.is_public) throw apiError(404, 'Access list not available for public flavors.');
  return { status: 200, body: { flavor_access: accessList(ctx, f.flavorid) } };
};

/** POST /flavors/{id}/action addTenantAccess / removeTenantAccess (admin). */
export const flavorAction: Handler = (ctx, req) => {
  const body = (req.body ?? {}) as Record<string, any>;
  const action = Object.keys(body)[0];
  if (action !== 'addTenantAccess' && action !== 'removeTenantAccess') throw apiError(400, `There is no such action: ${action ?? ''}`);
  requireAdmin(req, `os-flavor-access:${action === 'addTenantAccess' ? 'add_tenant_access' : 'remove_tenant_access'}`);
  const tenant = body[action]?.tenant;
  if (typeof tenant !== 'string' || !tenant) throw invalid(action, body[action], `'tenant' is a required property`);
  const f = findFlavor(ctx, req, req.params.flavor_id);
  const key = `${f.flavorid}:${tenant}`;
  if (action === 'addTenantAccess') {
    if (f.is_public) throw apiError(409, 'Can not add access to a public flavor.');
    if (ctx.db.get(API.flavorProjects, key)) throw apiError(409, `Flavor access already exists for flavor ${f.flavorid} and project ${tenant} combination.`);
    ctx.db.insert(API.flavorProjects, key, { flavor_id: f.flavorid, project_id: tenant });
  } else {
    if (!ctx.db.get(API.flavorProjects, key)) throw apiError(404, `Flavor access not found for ${f.flavorid} / ${tenant} combination.`);
    ctx.db.remove(API.flavorProjects, key);
  }
  return { status: 200, body: { flavor_access: accessList(ctx, f.flavorid) } };
};
