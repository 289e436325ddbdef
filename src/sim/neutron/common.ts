/** Shared pieces of neutron-server: the install guide's ML2 settings, request-body checks, timestamps, ownership. */
import { isoTime } from '../core/clock.ts';
import type { Ctx, HandlerRequest } from '../core/types.ts';
import { badRequest, invalidAttr, policyDenied } from './messages.ts';

/** ml2_conf.ini of option 1: `type_drivers = flat,vlan`, `flat_networks = provider`, `network_vlan_ranges = provider` (any VLAN ID, none handed out automatically). */
export const ML2 = {
  typeDrivers: ['flat', 'vlan'],
  flatNetworks: ['provider'],
  vlanPhysnets: ['provider'],
  /** The physical networks' MTU (`physical_network_mtus` unset: global_physnet_mtu 1500). */
  mtu: 1500,
};

/** neutron.conf `agent_down_time`: an agent without a heartbeat for this long is dead. */
export const AGENT_DOWN_MS = 75_000;
/** The agents' `report_interval`. */
export const REPORT_INTERVAL_MS = 30_000;
/** neutron.conf `dhcp_agents_per_network`. */
export const DHCP_AGENTS_PER_NETWORK = 1;

/** Device owners Neutron trusts (no security groups, no port security): anything starting with `network:`. */
export function isTrustedOwner(owner: string | undefined): boolean {
  return !!owner && owner.startsWith('network:');
}

/** Standard-attribute timestamps as Neutron prints them: `2026-01-05T09:00:00Z`. */
export function timestamp(ctx: Ctx): string {
  return ctx.iso().replace(/\.\d+Z$/, 'Z');
}

/** Agent timestamps as the agents API prints them: `2026-01-05 09:00:00`. */
export function agentTime(ms: number): string {
  return isoTime(ms).replace('T', ' ').replace(/\.\d+Z$/, '');
}

/** The `{resource: {...}}` object of a POST/PUT body; 400 as the API layer when it is missing. */
export function resourceBody(req: HandlerRequest, resource: string, allowed: string[]): Record<string, any> {
  const body = req.body;
  if (!body || typeof body !== 'object' || !Object.keys(body).length) throw badRequest('Resource body required');
  const obj = body[resource];
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw badRequest(`Unable to find '${resource}' in request body`);
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length) throw badRequest(`Unrecognized attribute(s) '${unknown.join(', ')}'`);
  return obj;
}

/** converters.convert_to_boolean */
export function toBool(attr: string, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string' && ['true', 'false', '1', '0'].includes(v.toLowerCase())) return ['true', '1'].includes(v.toLowerCase());
  throw invalidAttr(attr, `'${String(v)}' is not a valid boolean value`);
}

/** validate_string with max length 255 (names) or 255 (descriptions); null becomes ''. */
export function toName(attr: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw invalidAttr(attr, `'${String(v)}' is not a valid string`);
  if (v.length > 255) throw invalidAttr(attr, `'${v}' exceeds maximum length of 255`);
  return v;
}

/**
 * The project a new resource belongs to: the caller's, or `project_id`/`tenant_id` from the body.
 * Only admins may create for another project (as Nova does for a server's ports).
 */
export function owningProject(req: HandlerRequest, body: Record<string, any>, action: string): string {
  const asked = body.project_id ?? body.tenant_id;
  if (body.project_id && body.tenant_id && body.project_id !== body.tenant_id) {
    throw badRequest("'project_id' and 'tenant_id' do not match");
  }
  if (asked === undefined || asked === req.auth.project_id) return req.auth.project_id;
  if (typeof asked !== 'string' || !asked) throw invalidAttr('project_id', `'${String(asked)}' is not a valid string`);
  if (!req.auth.is_admin) throw policyDenied(action);
  return asked;
}

/** True when the caller owns `row` or is an admin. */
export function ownsOrAdmin(req: HandlerRequest, row: Record<string, any>): boolean {
  return req.auth.is_admin || row.project_id === req.auth.project_id;
}

/** Bumps the standard attributes of a row after a change. */
export function touched(ctx: Ctx, row: Record<string, any>): { updated_at: string; revision_number: number } {
  return { updated_at: timestamp(ctx), revision_number: row.revision_number + 1 };
}

/** The `fields=` projection and equality filters every list understands (`?name=x&fields=id`). */
export function listQuery(req: HandlerRequest, rows: Record<string, any>[]): Record<string, any>[] {
  const skip = new Set(['fields', 'limit', 'marker', 'sort_key', 'sort_dir', 'page_reverse', 'all_tenants']);
  const filters = new Map<string, string[]>();
  for (const [k, v] of req.query) if (!skip.has(k)) filters.set(k, [...(filters.get(k) ?? []), v]);
  const out = rows.filter((r) => [...filters].every(([k, vals]) => vals.some((v) => matches(r, k, v))));
  return out.map((r) => project(req, r));
}

function matches(row: Record<string, any>, key: string, want: string): boolean {
  if (key === 'fixed_ips') {
    const [k, v] = want.split('=');
    return (row.fixed_ips ?? []).some((f: Record<string, string>) => f[k] === v);
  }
  if (!(key in row)) return false;
  const have = row[key];
  if (Array.isArray(have)) return have.map(String).includes(want);
  if (typeof have === 'boolean') return String(have) === want.toLowerCase();
  return String(have ?? '') === want || (have === null && want === 'None');
}

/** Keeps only the `fields=` the caller asked for (all when none). */
export function project(req: HandlerRequest, row: Record<string, any>): Record<string, any> {
  const fields = req.query.getAll('fields').filter(Boolean);
  if (!fields.length) return row;
  return Object.fromEntries(fields.filter((f) => f in row).map((f) => [f, row[f]]));
}
