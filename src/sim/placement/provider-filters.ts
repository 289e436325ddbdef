/** Query filters shared by GET /resource_providers and GET /allocation_candidates: resources, required, member_of, in_tree. */
import type { Ctx, HandlerRequest } from '../core/types.ts';
import { placementError } from './errors.ts';
import { atLeast } from './microversion.ts';
import { UUID, validateQuery, type Schema } from './schema.ts';
import {
  aggregatesOf, capacityOf, getProvider, inventoriesOf, resourceClassExists, TRAITS, traitsOf, usedOf, type ProviderRow,
} from './state.ts';

const FORM = '?resources=VCPU:2,MEMORY_MB:1024';

/** util.normalize_resources_qs_param: `VCPU:2,MEMORY_MB:1024` → amounts by class. */
export function parseResources(qs: string): Record<string, number> {
  if (qs.trim() === '') {
    throw placementError(400, `Badly formed resources parameter. Expected resources query string parameter in form: ${FORM}. Got: empty string.`);
  }
  const out: Record<string, number> = {};
  for (const rt of qs.split(',')) {
    const parts = rt.split(':');
    if (parts.length !== 2) {
      throw placementError(400, `Badly formed resources parameter. Expected resources query string parameter in form: ${FORM}. Got: ${rt}.`);
    }
    const [rc, raw] = parts;
    if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw placementError(400, `Requested resource ${rc} expected positive integer amount. Got: ${raw}.`);
    const n = Number(raw);
    if (n < 1) throw placementError(400, `Requested resource ${rc} requires amount >= 1. Got: ${n}.`);
    out[rc] = n;
  }
  return out;
}

/** Throws `message(name)` for the first resource class placement does not know. */
export function requireClasses(ctx: Ctx, amounts: Record<string, number>, message: (rc: string) => string): void {
  for (const rc of Object.keys(amounts)) if (!resourceClassExists(ctx, rc)) throw placementError(400, message(rc));
}

/** Required traits as AND-of-ORs plus forbidden ones (util.normalize_traits_qs_param). */
export interface TraitFilter {
  required: string[][];
  forbidden: string[];
}

/** Parses `required` values: `A,!B` (forbidden from 1.22) or `in:A,B` (any of, from 1.39). */
export function parseTraits(req: HandlerRequest, values: string[]): TraitFilter {
  const out: TraitFilter = { required: [], forbidden: [] };
  const allowForbidden = atLeast(req, '1.22');
  const example = allowForbidden ? 'HW_CPU_X86_VMX,!CUSTOM_MAGIC' : 'HW_CPU_X86_VMX,CUSTOM_MAGIC';
  const bad = (v: string) => placementError(400, `Invalid query string parameters: Expected 'required' parameter value of the form: ${example}. Got: ${v}`);
  for (const v of values) {
    if (v.startsWith('in:')) {
      if (!atLeast(req, '1.39')) throw bad(v);
      const any = v.slice(3).split(',');
      if (any.some((t) => !t || t.startsWith('!'))) throw bad(v);
      out.required.push(any);
      continue;
    }
    for (const t of v.split(',')) {
      if (!t || (t.startsWith('!') && !allowForbidden) || t === '!') throw bad(v);
      if (t.startsWith('!')) out.forbidden.push(t.slice(1));
      else out.required.push([t]);
    }
  }
  return out;
}

/** The trait names of a filter that placement does not know. */
export function unknownTraits(ctx: Ctx, f: TraitFilter): string[] {
  return [...new Set([...f.required.flat(), ...f.forbidden])].filter((t) => !ctx.db.get(TRAITS, t));
}

/** Whether the provider's traits satisfy the filter. */
export function traitsMatch(ctx: Ctx, uuid: string, f: TraitFilter): boolean {
  const have = new Set(traitsOf(ctx, uuid));
  return f.required.every((any) => any.some((t) => have.has(t))) && f.forbidden.every((t) => !have.has(t));
}

/** `member_of` values: `in:agg1,agg2`, `agg1`, and (from 1.32) `!agg` forbidden; each value is ANDed. */
export function memberOfFilter(req: HandlerRequest, values: string[]): (uuid: string, ctx: Ctx) => boolean {
  const groups: { any: string[]; not: boolean }[] = [];
  for (const raw of values) {
    const not = raw.startsWith('!') && atLeast(req, '1.32');
    const v = not ? raw.slice(1) : raw;
    const list = v.startsWith('in:') ? v.slice(3).split(',') : [v];
    if (list.some((u) => !UUID.test(u))) {
      throw placementError(400, `Invalid query string parameters: Expected 'member_of' parameter to contain valid UUID(s). Got: ${raw}`);
    }
    groups.push({ any: list, not });
  }
  return (uuid, ctx) => {
    const mine = new Set(aggregatesOf(ctx, uuid));
    return groups.every((g) => g.any.some((a) => mine.has(a)) !== g.not);
  };
}

/** Room on the provider for every amount: inventory present, min/max/step respected, used + amount <= capacity. */
export function hasCapacity(ctx: Ctx, uuid: string, amounts: Record<string, number>): boolean {
  const inv = inventoriesOf(ctx, uuid);
  return Object.entries(amounts).every(([rc, n]) => {
    const i = inv.find((x) => x.resource_class === rc);
    if (!i || n < i.min_unit || n > i.max_unit || n % i.step_size !== 0) return false;
    return usedOf(ctx, uuid, rc) + n <= capacityOf(i);
  });
}

/** The query filters of GET /resource_providers at the request's microversion, as one predicate. */
export function providerFilters(ctx: Ctx, req: HandlerRequest): (rp: ProviderRow) => boolean {
  const props: Record<string, Schema> = { name: { type: 'string' }, uuid: { type: 'string', format: 'uuid' } };
  if (atLeast(req, '1.3')) props.member_of = { type: 'string' };
  if (atLeast(req, '1.4')) props.resources = { type: 'string' };
  if (atLeast(req, '1.14')) props.in_tree = { type: 'string', format: 'uuid' };
  if (atLeast(req, '1.18')) props.required = { type: 'string' };
  validateQuery(req.query, { properties: props });
  const q = req.query;
  const tests: ((rp: ProviderRow) => boolean)[] = [];
  if (q.has('name')) tests.push((rp) => rp.name === q.get('name'));
  if (q.has('uuid')) tests.push((rp) => rp.uuid === q.get('uuid'));
  if (q.has('in_tree')) {
    const root = getProvider(ctx, q.get('in_tree')!)?.root_provider_uuid;
    tests.push((rp) => rp.root_provider_uuid === root);
  }
  if (q.has('member_of')) {
    const memberOf = memberOfFilter(req, atLeast(req, '1.24') ? q.getAll('member_of') : [q.get('member_of')!]);
    tests.push((rp) => memberOf(rp.uuid, ctx));
  }
  if (q.has('resources')) {
    const amounts = parseResources(q.get('resources')!);
    requireClasses(ctx, amounts, (rc) => `Invalid resource class in resources parameter: No such resource class ${rc}.`);
    tests.push((rp) => hasCapacity(ctx, rp.uuid, amounts));
  }
  if (q.has('required')) {
    const traits = parseTraits(req, q.getAll('required'));
    const unknown = unknownTraits(ctx, traits);
    if (unknown.length) throw placementError(400, `Invalid trait(s) in "required" parameter: No such trait(s): ${unknown.join(', ')}.`);
    tests.push((rp) => traitsMatch(ctx, rp.uuid, traits));
  }
  return (rp) => tests.every((t) => t(rp));
}
