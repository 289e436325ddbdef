/** /v3/auth: issue, validate and revoke tokens; the catalog and the projects a token may use. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { catalog, checkToken, encodeToken, findUser, resolveDomain, tokenBody, TOKEN_LIFETIME_MS, type TokenPayload } from './tokens.ts';

const UNAUTHORIZED = 'The request you have made requires authentication.';
const NOT_COMPLIED = 'The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';

function scopeProject(ctx: Ctx, scope: any): any {
  const p = scope?.project;
  if (!p || typeof p !== 'object') throw apiError(400, 'Invalid input for field \'scope\': only project scope is supported here.');
  const found = p.id
    ? ctx.db.get('keystone.project', String(p.id))
    : ctx.db.all('keystone.project').find((x) => !x.is_domain && x.name === p.name && x.domain_id === resolveDomain(ctx, p.domain));
  if (!found || found.is_domain) throw apiError(401, UNAUTHORIZED);
  return found;
}

/** POST /v3/auth/tokens: password (or token) authentication, optionally scoped to a project. */
export const issueToken: Handler = (ctx, req) => {
  const identity = req.body?.auth?.identity;
  if (!identity || !Array.isArray(identity.methods) || !identity.methods.length) {
    throw apiError(400, "Invalid input for field 'identity': 'methods' is a required property");
  }
  // AuthInfo's checks: methods are strings, each names its data in identity, and each is one this Keystone offers.
  identity.methods.forEach((m: unknown, i: number) => {
    if (typeof m !== 'string') throw apiError(400, `Invalid input for field 'identity/methods/${i}': ${JSON.stringify(m)} is not of type 'string'`);
  });
  const missing = identity.methods.find((m: string) => !(m in identity));
  if (missing !== undefined) throw apiError(400, `Expecting to find ${missing} in identity. ${NOT_COMPLIED}`);
  if (identity.methods.some((m: string) => m !== 'password' && m !== 'token')) {
    throw apiError(401, 'Attempted to authenticate with an unsupported method.');
  }
  let userId: string;
  if (identity.methods.includes('password')) {
    const u = identity.password?.user;
    const user = findUser(ctx, u);
    if (!user || !user.enabled || u.password !== user.password) throw apiError(401, UNAUTHORIZED);
    userId = user.id;
  } else if (identity.methods.includes('token')) {
    const old = checkToken(ctx, identity.token?.id);
    if (!old) throw apiError(401, UNAUTHORIZED);
    userId = old.user_id;
  } else {
    throw apiError(401, `Attempted to authenticate with an unsupported method.`);
  }
  let projectId: string | null = null;
  const scope = req.body.auth.scope;
  if (scope) {
    const project = scopeProject(ctx, scope);
    const hasRole = ctx.db.where('keystone.assignment', (a) => a.actor_id === userId && a.target_id === project.id).length > 0;
    if (!hasRole) throw apiError(401, UNAUTHORIZED);
    projectId = project.id;
  }
  const p: TokenPayload = {
    user_id: userId,
    project_id: projectId,
    methods: identity.methods,
    issued: ctx.now(),
    expires: ctx.now() + TOKEN_LIFETIME_MS,
    audit_id: ctx.ids.hex(22),
  };
  const token = encodeToken(p);
  return { status: 201, headers: { 'X-Subject-Token': token, Vary: 'X-Auth-Token' }, body: { token: tokenBody(ctx, p) } };
};

function subject(ctx: Ctx, req: HandlerRequest): TokenPayload {
  const p = checkToken(ctx, req.headers['x-subject-token']);
  if (!p) throw apiError(404, `Could not find token: ${req.headers['x-subject-token'] ?? ''}.`);
  // identity:validate_token: admin, service, or the token's own user.
  const self = checkToken(ctx, req.auth.token);
  if (!req.auth.is_admin && !req.auth.roles.includes('service') && self?.user_id !== p.user_id) {
    throw apiError(403, 'You are not authorized to perform the requested action: identity:validate_token.');
  }
  return p;
}

/** GET /v3/auth/tokens: validates X-Subject-Token (keystonemiddleware does this for every service). */
export const validateToken: Handler = (ctx, req) => {
  const p = subject(ctx, req);
  const withCatalog = !req.query.has('nocatalog');
  return { status: 200, headers: { 'X-Subject-Token': req.headers['x-subject-token'] }, body: { token: tokenBody(ctx, p, withCatalog) } };
};

/** DELETE /v3/auth/tokens: revokes X-Subject-Token. */
export const revokeToken: Handler = (ctx, req) => {
  const p = subject(ctx, req);
  ctx.db.insert('keystone.revocation_event', p.audit_id, { id: p.audit_id, audit_id: p.audit_id, revoked_at: ctx.iso() });
  return { status: 204 };
};

/** GET /v3/auth/catalog: the catalog of the caller's token. */
export const authCatalog: Handler = (ctx) => ({ status: 200, body: { catalog: catalog(ctx), links: { self: 'http://controller:5000/v3/auth/catalog' } } });

/** GET /v3/auth/projects: the projects the caller has a role on. */
export const authProjects: Handler = (ctx, req) => {
  const ids = new Set(ctx.db.where('keystone.assignment', (a) => a.actor_id === req.auth.user_id).map((a) => a.target_id));
  const projects = ctx.db.all('keystone.project').filter((p) => ids.has(p.id) && !p.is_domain);
  return { status: 200, body: { projects: projects.map(publicProject), links: { self: 'http://controller:5000/v3/auth/projects' } } };
};

/** A project as the API shows it. */
export function publicProject(p: any): unknown {
  return {
    id: p.id,
    name: p.name,
    domain_id: p.domain_id,
    description: p.description,
    enabled: p.enabled,
    parent_id: p.parent_id,
    is_domain: p.is_domain,
    tags: [],
    options: {},
    links: { self: `http://controller:5000/v3/projects/${p.id}` },
  };
}

/** Keystone checks tokens itself, without a REST round trip. */
export function validateLocally(ctx: Ctx, token: string) {
  const p = checkToken(ctx, token);
  if (!p) return undefined;
  const body = tokenBody(ctx, p, false) as any;
  const roles: string[] = (body.roles ?? []).map((r: { name: string }) => r.name);
  return {
    token,
    user_id: p.user_id,
    user_name: body.user.name,
    user_domain_id: body.user.domain.id,
    project_id: p.project_id ?? '',
    project_name: body.project?.name ?? '',
    project_domain_id: body.project?.domain.id ?? '',
    roles,
    is_admin: roles.includes('admin'),
    expires_at: body.expires_at,
  };
}
