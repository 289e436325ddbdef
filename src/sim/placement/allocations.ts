/** Allocations by consumer and by provider (placement/handlers/allocation.py). */
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { allocationsOf, replaceAllocations, type ConsumerWrite } from './allocation-write.ts';
import { placementError, requireJson } from './errors.ts';
import { atLeast } from './microversion.ts';
import { authorize } from './policy.ts';
import { extractJson, RC_PATTERN, UUID, type Schema } from './schema.ts';
import {
  ALLOCATIONS, allocationsOn, CONSUMERS, getProvider, providerNotFound, requireProvider, type ConsumerRow,
} from './state.ts';

const UUID_KEY = '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$';
const RESOURCES: Schema = { type: 'object', minProperties: 1, patternProperties: { [RC_PATTERN]: { type: 'integer', minimum: 1 } }, additionalProperties: false };
const ID: Schema = { type: 'string', minLength: 1, maxLength: 255 };

/** The per-consumer part of a 1.12+ body: allocations by provider plus who owns them. */
function consumerSchema(req: HandlerRequest, allowEmpty: boolean): Schema {
  const s: Schema = {
    type: 'object',
    properties: {
      allocations: {
        type: 'object',
        ...(allowEmpty ? {} : { minProperties: 1 }),
        patternProperties: { [UUID_KEY]: { type: 'object', properties: { resources: RESOURCES }, required: ['resources'], additionalProperties: false } },
        additionalProperties: false,
      },
      project_id: ID,
      user_id: ID,
    },
    required: ['allocations', 'project_id', 'user_id'],
    additionalProperties: false,
  };
  if (atLeast(req, '1.28')) {
    s.properties!.consumer_generation = { type: ['integer', 'null'] };
    s.required!.push('consumer_generation');
  }
  if (atLeast(req, '1.34')) s.properties!.mappings = { type: 'object' };
  if (atLeast(req, '1.38')) {
    s.properties!.consumer_type = { type: 'string', pattern: RC_PATTERN, maxLength: 255 };
    s.required!.push('consumer_type');
  }
  return s;
}

/** The 1.0–1.11 body: a list of {resource_provider: {uuid}, resources}. */
function listSchema(req: HandlerRequest): Schema {
  const s: Schema = {
    type: 'object',
    properties: {
      allocations: {
        type: 'array',
        items: {
          type: 'object',
          properties: { resource_provider: { type: 'object', properties: { uuid: { type: 'string', format: 'uuid' } }, required: ['uuid'] }, resources: RESOURCES },
          required: ['resource_provider', 'resources'],
          additionalProperties: false,
        },
      },
    },
    required: ['allocations'],
    additionalProperties: false,
  };
  if (atLeast(req, '1.8')) {
    s.properties!.project_id = ID;
    s.properties!.user_id = ID;
    s.required!.push('project_id', 'user_id');
  }
  return s;
}

function toWrite(consumer: string, data: any, req: HandlerRequest): ConsumerWrite {
  const allocations: Record<string, Record<string, number>> = {};
  if (Array.isArray(data.allocations)) {
    if (!data.allocations.length) throw placementError(400, 'JSON does not validate: [] is too short');
    for (const a of data.allocations) allocations[a.resource_provider.uuid] = a.resources;
  } else {
    for (const [rp, v] of Object.entries<any>(data.allocations)) allocations[rp] = v.resources;
  }
  return {
    consumer,
    allocations,
    project_id: data.project_id,
    user_id: data.user_id,
    consumer_generation: atLeast(req, '1.28') ? data.consumer_generation : undefined,
    consumer_type: atLeast(req, '1.38') ? data.consumer_type : undefined,
  };
}

/** PUT /allocations/{consumer_uuid}: claims (or with `{}` from 1.28, releases) a consumer's resources; 204. */
export const updateAllocations: Handler = (ctx, req) => {
  requireJson(req.headers);
  authorize(req, 'placement:allocations:update');
  const consumer = req.params.consumer_uuid;
  if (!UUID.test(consumer)) throw placementError(400, `Malformed consumer_uuid: ${consumer}`);
  const schema = atLeast(req, '1.12') ? consumerSchema(req, atLeast(req, '1.28')) : listSchema(req);
  const write = toWrite(consumer, extractJson(req.body, schema), req);
  replaceAllocations(ctx, req, [write], {
    unknownClass: (c, rc) => `Unable to allocate inventory for consumer ${c}: No such resource class ${rc}.`,
  });
  return { status: 204 };
};

/** POST /allocations (1.13+): several consumers at once, as a move needs (one transaction). */
export const manageAllocations: Handler = (ctx, req) => {
  if (!atLeast(req, '1.13')) throw placementError(405, 'The method POST is not allowed for this resource.');
  requireJson(req.headers);
  authorize(req, 'placement:allocations:manage');
  const data = extractJson<Record<string, any>>(req.body, {
    type: 'object',
    minProperties: 1,
    patternProperties: { [UUID_KEY]: consumerSchema(req, true) },
    additionalProperties: false,
  });
  const writes = Object.entries(data).map(([consumer, body]) => toWrite(consumer, body, req));
  replaceAllocations(ctx, req, writes, { unknownClass: (_c, rc) => `Unable to allocate inventory No such resource class ${rc}.` });
  return { status: 204 };
};

/** GET /allocations/{consumer_uuid}: never 404, an unknown consumer just has no allocations. */
export const showAllocations: Handler = (ctx, req) => {
  authorize(req, 'placement:allocations:list');
  const consumer = req.params.consumer_uuid;
  const rows = allocationsOf(ctx, consumer);
  const allocations: Record<string, { generation: number; resources: Record<string, number> }> = {};
  for (const a of rows) {
    const entry = (allocations[a.resource_provider_uuid] ??= { generation: getProvider(ctx, a.resource_provider_uuid)!.generation, resources: {} });
    entry.resources[a.resource_class] = a.used;
  }
  const body: Record<string, unknown> = { allocations };
  const c = ctx.db.get<ConsumerRow>(CONSUMERS, consumer);
  if (rows.length && c && atLeast(req, '1.12')) {
    body.project_id = c.project_id;
    body.user_id = c.user_id;
    if (atLeast(req, '1.28')) body.consumer_generation = c.generation;
    if (atLeast(req, '1.38')) body.consumer_type = c.consumer_type ?? 'unknown';
  }
  return { status: 200, body };
};

/** DELETE /allocations/{consumer_uuid}: 404 when the consumer holds nothing. */
export const deleteAllocations: Handler = (ctx, req) => {
  authorize(req, 'placement:allocations:delete');
  const consumer = req.params.consumer_uuid;
  if (!allocationsOf(ctx, consumer).length) throw placementError(404, `No allocations for consumer '${consumer}'`);
  for (const a of ctx.db.by(ALLOCATIONS, 'consumer_id', consumer)) ctx.db.remove(ALLOCATIONS, `${consumer}/${a.resource_provider_uuid}/${a.resource_class}`);
  ctx.db.remove(CONSUMERS, consumer);
  return { status: 204 };
};

/** GET /resource_providers/{uuid}/allocations: the provider's allocations by consumer. */
export const listProviderAllocations: Handler = (ctx: Ctx, req) => {
  authorize(req, 'placement:resource_providers:allocations:list');
  const uuid = req.params.uuid;
  const rp = requireProvider(ctx, uuid, `Resource provider '${uuid}' not found: ${providerNotFound(uuid)}`);
  const allocations: Record<string, { resources: Record<string, number>; consumer_generation?: number | null }> = {};
  for (const a of allocationsOn(ctx, uuid)) {
    const entry = (allocations[a.consumer_id] ??= { resources: {} });
    entry.resources[a.resource_class] = a.used;
    if (atLeast(req, '1.28')) entry.consumer_generation = ctx.db.get<ConsumerRow>(CONSUMERS, a.consumer_id)?.generation ?? null;
  }
  return { status: 200, body: { allocations, resource_provider_generation: rp.generation } };
};
