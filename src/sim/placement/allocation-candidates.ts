/**
 * GET /allocation_candidates (1.10+): which providers could satisfy a request, and what to PUT to claim it.
 * Each provider is considered on its own (the install guide's compute nodes have no nested or sharing providers),
 * so every request group of a candidate lands on the same provider.
 */
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { placementError } from './errors.ts';
import { atLeast } from './microversion.ts';
import { authorize } from './policy.ts';
import {
  hasCapacity, memberOfFilter, parseResources, parseTraits, requireClasses, traitsMatch, unknownTraits, type TraitFilter,
} from './provider-filters.ts';
import { validateQuery, type Schema } from './schema.ts';
import { capacityOf, getProvider, inventoriesOf, PROVIDERS, traitsOf, usedOf, type ProviderRow } from './state.ts';

interface Group {
  resources: Record<string, number>;
  traits?: TraitFilter;
  memberOf?: (uuid: string, ctx: Ctx) => boolean;
  inTree?: string;
}

function querySchema(req: HandlerRequest): Schema {
  const props: Record<string, Schema> = {};
  const patterns: Record<string, Schema> = {};
  if (atLeast(req, '1.16')) props.limit = { type: 'string', pattern: '^[1-9][0-9]*$' };
  if (!atLeast(req, '1.25')) {
    props.resources = { type: 'string' };
    if (atLeast(req, '1.17')) props.required = { type: 'string' };
    if (atLeast(req, '1.21')) props.member_of = { type: 'string' };
    return { properties: props, required: ['resources'] };
  }
  const suffix = atLeast(req, '1.33') ? '[a-zA-Z0-9_-]{1,64}' : '[1-9][0-9]*';
  const kinds = ['resources', 'required', 'member_of', ...(atLeast(req, '1.31') ? ['in_tree'] : [])];
  for (const k of kinds) patterns[`^${k}(${suffix})?$`] = { type: 'string' };
  props.group_policy = { type: 'string', enum: ['none', 'isolate'] };
  if (atLeast(req, '1.35')) props.root_required = { type: 'string' };
  return { properties: props, patternProperties: patterns };
}

/** The request groups by suffix ('' is the unnumbered group), checked the way placement.lib.RequestGroup does. */
function parseGroups(ctx: Ctx, req: HandlerRequest): Map<string, Group> {
  const groups = new Map<string, Group>();
  const group = (suffix: string) => groups.get(suffix) ?? groups.set(suffix, { resources: {} }).get(suffix)!;
  for (const key of new Set(req.query.keys())) {
    const m = /^(resources|required|member_of|in_tree)(.*)$/.exec(key);
    if (!m) continue;
    const g = group(m[2]);
    const values = req.query.getAll(key);
    if (m[1] === 'resources') g.resources = parseResources(values[values.length - 1]);
    if (m[1] === 'required') g.traits = parseTraits(req, values);
    if (m[1] === 'member_of') g.memberOf = memberOfFilter(req, atLeast(req, '1.24') ? values : [values[values.length - 1]]);
    if (m[1] === 'in_tree') g.inTree = values[values.length - 1];
  }
  const orphans = [...groups].filter(([, g]) => g.traits && !Object.keys(g.resources).length).map(([s]) => `required${s}`);
  if (orphans.length) {
    throw placementError(400, `All traits parameters must be associated with resources.  Found the following orphaned traits keys: ${orphans.join(', ')}`);
  }
  if ([...groups.values()].some((g) => !Object.keys(g.resources).length)) throw placementError(400, 'All request groups must specify resources.');
  if (!groups.size) throw placementError(400, 'At least one request group (`resources` or `resources{$S}`) is required.');
  for (const g of groups.values()) {
    requireClasses(ctx, g.resources, (rc) => `Invalid resource class in resources parameter: No such resource class ${rc}.`);
    const unknown = g.traits ? unknownTraits(ctx, g.traits) : [];
    if (unknown.length) throw placementError(400, `No such trait(s): ${unknown.join(', ')}.`);
  }
  return groups;
}

/** The candidates' summary of one provider at the request's microversion. */
function summary(ctx: Ctx, req: HandlerRequest, rp: ProviderRow, requested: Set<string>) {
  const resources: Record<string, { capacity: number; used: number }> = {};
  for (const inv of inventoriesOf(ctx, rp.uuid)) {
    if (!atLeast(req, '1.27') && !requested.has(inv.resource_class)) continue;
    resources[inv.resource_class] = { capacity: Math.floor(capacityOf(inv)), used: usedOf(ctx, rp.uuid, inv.resource_class) };
  }
  const out: Record<string, unknown> = { resources };
  if (atLeast(req, '1.17')) out.traits = traitsOf(ctx, rp.uuid);
  if (atLeast(req, '1.29')) {
    out.parent_provider_uuid = rp.parent_provider_uuid;
    out.root_provider_uuid = rp.root_provider_uuid;
  }
  return out;
}

/** GET /allocation_candidates?resources=VCPU:1,MEMORY_MB:64,DISK_GB:1&limit=N: 200 even when nothing fits. */
export const listAllocationCandidates: Handler = (ctx, req) => {
  if (!atLeast(req, '1.10')) throw placementError(404, 'The resource could not be found.');
  authorize(req, 'placement:allocation_candidates:list');
  validateQuery(req.query, querySchema(req));
  const groups = parseGroups(ctx, req);
  const numbered = [...groups.keys()].filter((s) => s !== '');
  const policy = req.query.get('group_policy');
  if (numbered.length > 1 && !policy) {
    throw placementError(400, 'The "group_policy" parameter is required when specifying more than one "resources{N}" parameter.');
  }
  const rootRequired = req.query.has('root_required') ? parseTraits(req, [req.query.get('root_required')!]) : undefined;
  const combined: Record<string, number> = {};
  for (const g of groups.values()) for (const [rc, n] of Object.entries(g.resources)) combined[rc] = (combined[rc] ?? 0) + n;

  // With group_policy=isolate, numbered groups need different providers: a lone provider cannot serve two.
  const possible = !(policy === 'isolate' && numbered.length > 1);
  let rps = ctx.db.all<ProviderRow>(PROVIDERS).sort((a, b) => a.id - b.id).filter((rp) =>
    possible &&
    hasCapacity(ctx, rp.uuid, combined) &&
    [...groups.values()].every((g) =>
      (!g.traits || traitsMatch(ctx, rp.uuid, g.traits)) &&
      (!g.memberOf || g.memberOf(rp.uuid, ctx)) &&
      (!g.inTree || getProvider(ctx, g.inTree)?.root_provider_uuid === rp.root_provider_uuid)) &&
    (!rootRequired || traitsMatch(ctx, rp.root_provider_uuid, rootRequired)));
  if (req.query.has('limit')) rps = rps.slice(0, Number(req.query.get('limit')));

  const allocation_requests = rps.map((rp) => {
    if (!atLeast(req, '1.12')) return { allocations: [{ resource_provider: { uuid: rp.uuid }, resources: combined }] };
    const ar: Record<string, unknown> = { allocations: { [rp.uuid]: { resources: combined } } };
    if (atLeast(req, '1.34')) ar.mappings = Object.fromEntries([...groups.keys()].map((s) => [s, [rp.uuid]]));
    return ar;
  });
  const requested = new Set(Object.keys(combined));
  const provider_summaries = Object.fromEntries(rps.map((rp) => [rp.uuid, summary(ctx, req, rp, requested)]));
  return { status: 200, body: { allocation_requests, provider_summaries } };
};
