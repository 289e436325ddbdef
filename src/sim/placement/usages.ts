/** Usages: per provider, and per project summed over its consumers (placement/handlers/usage.py). */
import type { Handler } from '../core/types.ts';
import { placementError } from './errors.ts';
import { atLeast } from './microversion.ts';
import { authorize } from './policy.ts';
import { validateQuery, type Schema } from './schema.ts';
import { ALLOCATIONS, CONSUMERS, inventoriesOf, providerNotFound, requireProvider, usedOf, type AllocationRow, type ConsumerRow } from './state.ts';

/** GET /resource_providers/{uuid}/usages: every inventoried class with what is allocated of it. */
export const listProviderUsages: Handler = (ctx, req) => {
  authorize(req, 'placement:resource_providers:usages');
  const uuid = req.params.uuid;
  const rp = requireProvider(ctx, uuid, `No resource provider with uuid ${uuid} found: ${providerNotFound(uuid)}`);
  const usages: Record<string, number> = {};
  for (const inv of inventoriesOf(ctx, uuid)) usages[inv.resource_class] = usedOf(ctx, uuid, inv.resource_class);
  return { status: 200, body: { resource_provider_generation: rp.generation, usages } };
};

/** GET /usages?project_id=…[&user_id=…] (1.9+): from 1.38 grouped by consumer type with a consumer_count. */
export const listUsages: Handler = (ctx, req) => {
  if (!atLeast(req, '1.9')) throw placementError(404, 'The resource could not be found.');
  const projectId = req.query.get('project_id');
  const userId = req.query.get('user_id');
  // placement:usages also lets a project's reader see its own usage.
  const ownReader = !!projectId && projectId === req.auth.project_id && (req.auth.roles.includes('reader') || req.auth.roles.includes('member'));
  authorize(req, 'placement:usages', ownReader);
  const id: Schema = { type: 'string', minLength: 1, maxLength: 255 };
  const props: Record<string, Schema> = { project_id: id, user_id: id };
  const grouped = atLeast(req, '1.38');
  if (grouped) props.consumer_type = { type: 'string', pattern: '^[A-Z0-9_]+$|^all|^unknown$' };
  validateQuery(req.query, { properties: props, required: ['project_id'] });

  const consumers = new Map(
    ctx.db.where<ConsumerRow>(CONSUMERS, (c) => c.project_id === projectId && (!userId || c.user_id === userId)).map((c) => [c.uuid, c]),
  );
  const rows = ctx.db.where<AllocationRow>(ALLOCATIONS, (a) => consumers.has(a.consumer_id));
  if (!grouped) {
    const usages: Record<string, number> = {};
    for (const a of rows) usages[a.resource_class] = (usages[a.resource_class] ?? 0) + a.used;
    return { status: 200, body: { usages } };
  }
  const wanted = req.query.get('consumer_type');
  const typeOf = (a: AllocationRow): string | undefined => {
    const t = consumers.get(a.consumer_id)!.consumer_type ?? 'unknown';
    if (wanted === 'all') return 'all';
    if (wanted && wanted !== t) return undefined;
    return t;
  };
  const usages: Record<string, Record<string, number>> = {};
  const seen = new Map<string, Set<string>>();
  for (const a of rows) {
    const t = typeOf(a);
    if (!t) continue;
    const g = (usages[t] ??= {});
    g[a.resource_class] = (g[a.resource_class] ?? 0) + a.used;
    (seen.get(t) ?? seen.set(t, new Set()).get(t)!).add(a.consumer_id);
  }
  for (const [t, ids] of seen) usages[t].consumer_count = ids.size;
  return { status: 200, body: { usages } };
};
