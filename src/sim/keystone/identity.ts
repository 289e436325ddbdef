/** Projects, users, roles, assignments, services and endpoints (the admin side of Keystone). */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { publicProject } from './auth.ts';
import { resolveDomain } from './tokens.ts';

const BASE = 'http://controller:5000/v3';

/** Policy of recent defaults: these calls are for admins only. */
export function requireAdmin(req: HandlerRequest, action: string): void {
  if (!req.auth.is_admin) throw apiError(403, `You are not authorized to perform the requested action: identity:${action}.`);
}

function listOf(key: string, rows: unknown[]) {
  return { status: 200, body: { [key]: rows, links: { self: `${BASE}/${key}`, previous: null, next: null } } };
}

function byName<T extends Record<string, any>>(rows: T[], q: URLSearchParams): T[] {
  const name = q.get('name');
  return name === null ? rows : rows.filter((r) => r.name === name);
}

function publicUser(u: any) {
  return {
    id: u.id,
    name: u.name,
    domain_id: u.domain_id,
    enabled: u.enabled,
    default_project_id: u.default_project_id ?? undefined,
    email: u.email ?? undefined,
    description: u.description ?? undefined,
    password_expires_at: null,
    options: {},
    links: { self: `${BASE}/users/${u.id}` },
  };
}

function publicRole(r: any) {
  return { id: r.id, name: r.name, domain_id: null, description: r.description ?? null, options: {}, links: { self: `${BASE}/roles/${r.id}` } };
}

function need(ctx: Ctx, table: string, id: string, what: string): any {
  const row = ctx.db.get(table, id) ?? ctx.db.all(table).find((r) => r.name === id && !r.is_domain);
  if (!row || (table === 'keystone.project' && row.is_domain)) throw apiError(404, `Could not find ${what}: ${id}.`);
  return row;
}

function requireName(body: any, key: string): any {
  const obj = body?.[key];
  if (!obj || typeof obj !== 'object') throw apiError(400, `Invalid input for field '${key}': None is not of type 'object'`);
  if (typeof obj.name !== 'string' || !obj.name.trim()) throw apiError(400, `Invalid input for field '${key}/name': 'name' is a required property`);
  if (obj.name.length > 255) throw apiError(400, `Invalid input for field '${key}/name': '${obj.name.slice(0, 20)}…' is too long`);
  return obj;
}

export const listProjects: Handler = (ctx, req) => {
  requireAdmin(req, 'list_projects');
  return listOf('projects', byName(ctx.db.all('keystone.project').filter((p) => !p.is_domain), req.query).map(publicProject));
};

export const showProject: Handler = (ctx, req) => {
  const p = need(ctx, 'keystone.project', req.params.project_id, 'project');
  if (!req.auth.is_admin && p.id !== req.auth.project_id) requireAdmin(req, 'get_project');
  return { status: 200, body: { project: publicProject(p) } };
};

export const createProject: Handler = (ctx, req) => {
  requireAdmin(req, 'create_project');
  const b = requireName(req.body, 'project');
  const domainId = b.domain_id ?? 'default';
  if (!ctx.db.get('keystone.project', domainId)) throw apiError(400, `Could not find domain: ${domainId}.`);
  if (ctx.db.all('keystone.project').some((p) => p.name === b.name && p.domain_id === domainId && !p.is_domain)) {
    throw apiError(409, `Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : ${b.name}.`);
  }
  const id = ctx.ids.hex(32);
  const row = { id, name: b.name, domain_id: domainId, parent_id: domainId, description: b.description ?? '', enabled: b.enabled ?? true, is_domain: false };
  ctx.db.insert('keystone.project', id, row);
  return { status: 201, body: { project: publicProject(row) } };
};

export const deleteProject: Handler = (ctx, req) => {
  requireAdmin(req, 'delete_project');
  const p = need(ctx, 'keystone.project', req.params.project_id, 'project');
  ctx.db.remove('keystone.project', p.id);
  for (const a of ctx.db.where('keystone.assignment', (a) => a.target_id === p.id)) ctx.db.remove('keystone.assignment', a.id);
  return { status: 204 };
};

export const listUsers: Handler = (ctx, req) => {
  requireAdmin(req, 'list_users');
  return listOf('users', byName(ctx.db.all('keystone.user'), req.query).map(publicUser));
};

export const showUser: Handler = (ctx, req) => {
  const u = need(ctx, 'keystone.user', req.params.user_id, 'user');
  if (u.id !== req.auth.user_id) requireAdmin(req, 'get_user');
  return { status: 200, body: { user: publicUser(u) } };
};

export const createUser: Handler = (ctx, req) => {
  requireAdmin(req, 'create_user');
  const b = requireName(req.body, 'user');
  const domainId = b.domain_id ?? 'default';
  if (ctx.db.all('keystone.user').some((u) => u.name === b.name && u.domain_id === domainId)) {
    throw apiError(409, `Conflict occurred attempting to store user - Duplicate entry found with name ${b.name} at domain ID ${domainId}.`);
  }
  const id = ctx.ids.hex(32);
  const row = { id, name: b.name, domain_id: domainId, enabled: b.enabled ?? true, password: b.password ?? null, default_project_id: b.default_project_id, email: b.email, description: b.description };
  ctx.db.insert('keystone.user', id, row);
  return { status: 201, body: { user: publicUser(row) } };
};

export const listRoles: Handler = (ctx, req) => {
  requireAdmin(req, 'list_roles');
  return listOf('roles', byName(ctx.db.all('keystone.role'), req.query).map(publicRole));
};

export const createRole: Handler = (ctx, req) => {
  requireAdmin(req, 'create_role');
  const b = requireName(req.body, 'role');
  if (ctx.db.all('keystone.role').some((r) => r.name.toLowerCase() === b.name.toLowerCase())) {
    throw apiError(409, `Conflict occurred attempting to store role - Duplicate entry found with name ${b.name}.`);
  }
  const id = ctx.ids.hex(32);
  const row = { id, name: b.name, description: b.description ?? null };
  ctx.db.insert('keystone.role', id, row);
  return { status: 201, body: { role: publicRole(row) } };
};

/** PUT /v3/projects/{project_id}/users/{user_id}/roles/{role_id} */
export const grantRole: Handler = (ctx, req) => {
  requireAdmin(req, 'create_grant');
  const p = need(ctx, 'keystone.project', req.params.project_id, 'project');
  const u = need(ctx, 'keystone.user', req.params.user_id, 'user');
  const r = need(ctx, 'keystone.role', req.params.role_id, 'role');
  const id = `${u.id}:${p.id}:${r.id}`;
  if (!ctx.db.get('keystone.assignment', id)) ctx.db.insert('keystone.assignment', id, { id, type: 'UserProject', actor_id: u.id, target_id: p.id, role_id: r.id });
  return { status: 204 };
};

/** GET /v3/role_assignments */
export const listRoleAssignments: Handler = (ctx, req) => {
  requireAdmin(req, 'list_role_assignments');
  const rows = ctx.db.all('keystone.assignment').map((a) => ({
    role: { id: a.role_id },
    user: { id: a.actor_id },
    scope: { project: { id: a.target_id } },
    links: { assignment: `${BASE}/projects/${a.target_id}/users/${a.actor_id}/roles/${a.role_id}` },
  }));
  return { status: 200, body: { role_assignments: rows, links: { self: `${BASE}/role_assignments`, previous: null, next: null } } };
};

export const listDomains: Handler = (ctx, req) => {
  const rows = byName(ctx.db.all('keystone.project').filter((p) => p.is_domain), req.query);
  const visible = req.auth.is_admin ? rows : rows.filter((d) => d.id === req.auth.project_domain_id);
  return listOf('domains', visible.map((d) => ({ id: d.id, name: d.name, description: d.description, enabled: d.enabled, tags: [], options: {}, links: { self: `${BASE}/domains/${d.id}` } })));
};

/** GET /v3/domains/{domain_id}: admins see any domain, others only their own. */
export const showDomain: Handler = (ctx, req) => {
  const d = ctx.db.get('keystone.project', req.params.domain_id);
  if (!d || !d.is_domain) throw apiError(404, `Could not find domain: ${req.params.domain_id}.`);
  if (!req.auth.is_admin && d.id !== req.auth.project_domain_id) requireAdmin(req, 'get_domain');
  return { status: 200, body: { domain: { id: d.id, name: d.name, description: d.description, enabled: d.enabled, tags: [], options: {}, links: { self: `${BASE}/domains/${d.id}` } } } };
};

/** GET /v3/users/{user_id}/projects: the projects a user has a role on (the user or an admin may ask). */
export const listUserProjects: Handler = (ctx, req) => {
  const u = need(ctx, 'keystone.user', req.params.user_id, 'user');
  if (u.id !== req.auth.user_id) requireAdmin(req, 'list_user_projects');
  const ids = new Set(ctx.db.where('keystone.assignment', (a) => a.actor_id === u.id).map((a) => a.target_id));
  return listOf('projects', ctx.db.all('keystone.project').filter((p) => ids.has(p.id) && !p.is_domain).map(publicProject));
};

export const listServices: Handler = (ctx, req) => {
  requireAdmin(req, 'list_services');
  const type = req.query.get('type');
  const rows = byName(ctx.db.all('keystone.service'), req.query).filter((s) => !type || s.type === type);
  return listOf('services', rows.map((s) => ({ id: s.id, name: s.name, type: s.type, description: s.description, enabled: true, links: { self: `${BASE}/services/${s.id}` } })));
};

export const listEndpoints: Handler = (ctx, req) => {
  requireAdmin(req, 'list_endpoints');
  const sid = req.query.get('service_id');
  const iface = req.query.get('interface');
  const rows = ctx.db.all('keystone.endpoint').filter((e) => (!sid || e.service_id === sid) && (!iface || e.interface === iface));
  return listOf('endpoints', rows.map((e) => ({ id: e.id, interface: e.interface, region: e.region_id, region_id: e.region_id, service_id: e.service_id, url: e.url, enabled: true, links: { self: `${BASE}/endpoints/${e.id}` } })));
};

export const listRegions: Handler = (ctx) =>
  listOf('regions', ctx.db.all('keystone.region').map((r) => ({ id: r.id, description: r.description, parent_region_id: null, links: { self: `${BASE}/regions/${r.id}` } })));

/** Exported for bootstrap: domain lookup by name. */
export { resolveDomain };
