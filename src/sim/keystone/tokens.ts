/** Tokens: opaque strings that carry who and what scope, like Fernet tokens (nothing stored). */
import { apiError } from '../core/errors.ts';
import type { Ctx } from '../core/types.ts';
import { isoTime } from '../core/clock.ts';

/** `[token] expiration` default: one hour. */
export const TOKEN_LIFETIME_MS = 3600_000;

/** What a token says. */
export interface TokenPayload {
  user_id: string;
  project_id: string | null;
  methods: string[];
  issued: number;
  expires: number;
  audit_id: string;
}

function b64url(s: string): string {
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unb64url(s: string): string {
  return atob(s.replace(/-/g, '+').replace(/_/g, '/'));
}

/** Encodes a token as Keystone's Fernet tokens look: `gAAAAAB` and a long url-safe string. */
export function encodeToken(p: TokenPayload): string {
  return 'gAAAAAB' + b64url(JSON.stringify([p.user_id, p.project_id, p.methods, p.issued, p.expires, p.audit_id]));
}

/** Decodes a token; undefined for anything that is not one of ours. */
export function decodeToken(token: string): TokenPayload | undefined {
  if (!token.startsWith('gAAAAAB')) return undefined;
  try {
    const [user_id, project_id, methods, issued, expires, audit_id] = JSON.parse(unb64url(token.slice(7)));
    if (typeof user_id !== 'string' || typeof expires !== 'number') return undefined;
    return { user_id, project_id, methods, issued, expires, audit_id };
  } catch {
    return undefined;
  }
}

/** The token payload if the token is valid now (not expired, not revoked, user and project still exist). */
export function checkToken(ctx: Ctx, token: string | undefined): TokenPayload | undefined {
  if (!token) return undefined;
  const p = decodeToken(token);
  if (!p || p.expires <= ctx.now()) return undefined;
  if (ctx.db.get('keystone.revocation_event', p.audit_id)) return undefined;
  const user = ctx.db.get('keystone.user', p.user_id);
  if (!user || !user.enabled) return undefined;
  if (p.project_id && !ctx.db.get('keystone.project', p.project_id)) return undefined;
  return p;
}

/** Role rows the user holds on the project, with the roles they imply (admin → member → reader). */
export function effectiveRoles(ctx: Ctx, userId: string, projectId: string): { id: string; name: string }[] {
  const direct = ctx.db
    .where('keystone.assignment', (a) => a.actor_id === userId && a.target_id === projectId)
    .map((a) => a.role_id as string);
  const seen = new Set<string>();
  const queue = [...direct];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const imp of ctx.db.where('keystone.implied_role', (r) => r.prior_role_id === id)) queue.push(imp.implied_role_id);
  }
  return [...seen]
    .map((id) => ctx.db.get('keystone.role', id))
    .filter((r): r is NonNullable<typeof r> => !!r)
    .map((r) => ({ id: r.id, name: r.name }));
}

/** The service catalog as the token body carries it. */
export function catalog(ctx: Ctx): unknown[] {
  return ctx.db.all('keystone.service').map((svc) => ({
    id: svc.id,
    type: svc.type,
    name: svc.name,
    endpoints: ctx.db
      .where('keystone.endpoint', (e) => e.service_id === svc.id)
      .map((e) => ({ id: e.id, interface: e.interface, region: e.region_id, region_id: e.region_id, url: e.url })),
  }));
}

/** The `token` object of a token response. */
export function tokenBody(ctx: Ctx, p: TokenPayload, withCatalog = true): Record<string, unknown> {
  const user = ctx.db.get('keystone.user', p.user_id)!;
  const domain = ctx.db.get('keystone.project', user.domain_id);
  const body: Record<string, unknown> = {
    methods: p.methods,
    user: { id: user.id, name: user.name, domain: { id: user.domain_id, name: domain?.name ?? 'Default' }, password_expires_at: null },
    audit_ids: [p.audit_id],
    expires_at: isoTime(p.expires),
    issued_at: isoTime(p.issued),
  };
  if (p.project_id) {
    const project = ctx.db.get('keystone.project', p.project_id)!;
    const pdom = ctx.db.get('keystone.project', project.domain_id);
    body.project = { id: project.id, name: project.name, domain: { id: project.domain_id, name: pdom?.name ?? 'Default' } };
    body.is_domain = false;
    body.roles = effectiveRoles(ctx, p.user_id, p.project_id);
    if (withCatalog) body.catalog = catalog(ctx);
  }
  return body;
}

/** Finds a user by id or by name within a domain given by id or name. */
export function findUser(ctx: Ctx, u: any): any {
  if (!u || typeof u !== 'object') throw apiError(400, 'Invalid input for field \'identity/password/user\': None is not of type \'object\'');
  if (u.id) return ctx.db.get('keystone.user', String(u.id));
  const domainId = resolveDomain(ctx, u.domain);
  return ctx.db.all('keystone.user').find((x) => x.name === u.name && x.domain_id === domainId);
}

/** A domain id from `{id}` or `{name}`; Default when none is given. */
export function resolveDomain(ctx: Ctx, d: any): string | undefined {
  if (!d) return 'default';
  if (d.id) return String(d.id);
  return ctx.db.all('keystone.project').find((p) => p.is_domain && p.name === d.name)?.id;
}
