/** The aggregates a resource provider belongs to (1.1+; placement/handlers/aggregate.py). */
import type { Handler, HandlerRequest } from '../core/types.ts';
import { CODES, placementError, requireJson } from './errors.ts';
import { atLeast, since } from './microversion.ts';
import { authorize } from './policy.ts';
import { extractJson, type Schema } from './schema.ts';
import { aggregatesOf, bumpGeneration, PROVIDER_AGGREGATES, removeWhere, requireProvider, type ProviderRow } from './state.ts';

const UUID_LIST: Schema = { type: 'array', items: { type: 'string', format: 'uuid' } };

function body(req: HandlerRequest, rp: ProviderRow, aggregates: string[]) {
  const out: Record<string, unknown> = { aggregates };
  // The generation rides along from 1.19, when aggregate writes started checking it.
  if (atLeast(req, '1.19')) out.resource_provider_generation = rp.generation;
  return out;
}

/** GET /resource_providers/{uuid}/aggregates */
export const listProviderAggregates: Handler = (ctx, req) => {
  since(req, '1.1');
  authorize(req, 'placement:resource_providers:aggregates:list');
  const rp = requireProvider(ctx, req.params.uuid);
  return { status: 200, body: body(req, rp, aggregatesOf(ctx, rp.uuid)) };
};

/** PUT /resource_providers/{uuid}/aggregates: a bare list before 1.19, then {aggregates, resource_provider_generation}. */
export const updateProviderAggregates: Handler = (ctx, req) => {
  since(req, '1.1');
  requireJson(req.headers);
  authorize(req, 'placement:resource_providers:aggregates:update');
  let rp = requireProvider(ctx, req.params.uuid);
  const withGeneration = atLeast(req, '1.19');
  const data = extractJson(req.body, withGeneration
    ? { type: 'object', properties: { aggregates: UUID_LIST, resource_provider_generation: { type: 'integer' } }, required: ['aggregates', 'resource_provider_generation'], additionalProperties: false }
    : UUID_LIST);
  if (withGeneration && data.resource_provider_generation !== rp.generation) {
    throw placementError(409, "Resource provider's generation already changed. Please update the generation and try again.", CODES.concurrentUpdate);
  }
  const wanted: string[] = [...new Set<string>(withGeneration ? data.aggregates : data)];
  removeWhere(ctx, PROVIDER_AGGREGATES, (a) => a.resource_provider_uuid === rp.uuid && !wanted.includes(a.aggregate_uuid));
  for (const agg of wanted) {
    const key = `${rp.uuid}/${agg}`;
    if (!ctx.db.get(PROVIDER_AGGREGATES, key)) ctx.db.insert(PROVIDER_AGGREGATES, key, { resource_provider_uuid: rp.uuid, aggregate_uuid: agg });
  }
  if (withGeneration) rp = bumpGeneration(ctx, rp.uuid);
  return { status: 200, body: body(req, rp, wanted) };
};
