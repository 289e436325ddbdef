/** Inventories of a resource provider, all at once or one class at a time (placement/handlers/inventory.py). */
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { CODES, placementError, requireJson } from './errors.ts';
import { atLeast } from './microversion.ts';
import { authorize } from './policy.ts';
import { extractJson, MAX_INT, RC_PATTERN, type Schema } from './schema.ts';
import {
  bumpGeneration, INVENTORIES, inventoriesOf, providerNotFound, requireProvider, resourceClassExists, usedOf, type InventoryRow,
  type ProviderRow,
} from './state.ts';

const INT = (minimum: number): Schema => ({ type: 'integer', minimum, maximum: MAX_INT });
const RECORD: Record<string, Schema> = {
  total: INT(1),
  reserved: INT(0),
  min_unit: INT(1),
  max_unit: INT(1),
  step_size: INT(1),
  allocation_ratio: { type: 'number', maximum: 3.40282e38 },
};
const DEFAULTS = { reserved: 0, min_unit: 1, max_unit: MAX_INT, step_size: 1, allocation_ratio: 1.0 };
const FIELDS = ['total', 'reserved', 'min_unit', 'max_unit', 'step_size', 'allocation_ratio'] as const;

type InventoryData = Pick<InventoryRow, (typeof FIELDS)[number]>;

function view(inv: InventoryData): Record<string, number> {
  return Object.fromEntries(FIELDS.map((f) => [f, inv[f]]));
}

function inventoriesBody(ctx: Ctx, rp: ProviderRow) {
  const invs: Record<string, unknown> = {};
  for (const i of inventoriesOf(ctx, rp.uuid)) invs[i.resource_class] = view(i);
  return { resource_provider_generation: rp.generation, inventories: invs };
}

/** _validate_inventory_capacity: reserved must stay below total (or may equal it from 1.26). */
function checkCapacity(req: HandlerRequest, rp: ProviderRow, rc: string, inv: InventoryData, prefix: string): void {
  const capacity = (inv.total - inv.reserved) * inv.allocation_ratio;
  const canEqual = atLeast(req, '1.26');
  if (canEqual ? capacity >= 0 : capacity > 0) return;
  const tail = canEqual ? 'The reserved value is greater than total.' : 'The reserved value is greater than or equal to total.';
  throw placementError(400, `${prefix}: Invalid inventory for '${rc}' on resource provider '${rp.uuid}'. ${tail}`);
}

function inUse(ctx: Ctx, rp: ProviderRow, classes: string[]): string[] {
  return classes.filter((rc) => usedOf(ctx, rp.uuid, rc) > 0);
}

const inUseText = (rp: ProviderRow, classes: string[]) => `Inventory for '${classes.join(', ')}' on resource provider '${rp.uuid}' in use.`;

function writeInventory(ctx: Ctx, rp: ProviderRow, rc: string, data: InventoryData): void {
  const key = `${rp.uuid}/${rc}`;
  const now = ctx.iso();
  if (ctx.db.get(INVENTORIES, key)) ctx.db.update(INVENTORIES, key, { ...view(data), updated_at: now });
  else ctx.db.insert(INVENTORIES, key, { resource_provider_uuid: rp.uuid, resource_class: rc, ...view(data), created_at: now, updated_at: now });
}

function lookupProvider(ctx: Ctx, uuid: string): ProviderRow {
  return requireProvider(ctx, uuid, `No resource provider with uuid ${uuid} found : ${providerNotFound(uuid)}`);
}

/** GET /resource_providers/{uuid}/inventories */
export const listInventories: Handler = (ctx, req) => {
  authorize(req, 'placement:resource_providers:inventories:list');
  return { status: 200, body: inventoriesBody(ctx, lookupProvider(ctx, req.params.uuid)) };
};

/** PUT /resource_providers/{uuid}/inventories: replaces every inventory; the generation must match. */
export const setInventories: Handler = (ctx, req) => {
  requireJson(req.headers);
  authorize(req, 'placement:resource_providers:inventories:update');
  const rp = requireProvider(ctx, req.params.uuid);
  const data = extractJson(req.body, {
    type: 'object',
    properties: {
      resource_provider_generation: { type: 'integer' },
      inventories: { type: 'object', patternProperties: { [RC_PATTERN]: { type: 'object', properties: RECORD, required: ['total'], additionalProperties: false } } },
    },
    required: ['resource_provider_generation', 'inventories'],
    additionalProperties: false,
  });
  if (data.resource_provider_generation !== rp.generation) {
    throw placementError(409, 'resource provider generation conflict', CODES.concurrentUpdate);
  }
  const wanted: Record<string, InventoryData> = {};
  for (const [rc, raw] of Object.entries<any>(data.inventories)) wanted[rc] = { ...DEFAULTS, ...raw };
  const prefix = `Unable to update inventory for resource provider ${rp.uuid}`;
  for (const [rc, inv] of Object.entries(wanted)) checkCapacity(req, rp, rc, inv, prefix);
  for (const rc of Object.keys(wanted)) {
    if (!resourceClassExists(ctx, rc)) {
      throw placementError(400, `Unknown resource class in inventory for resource provider ${rp.uuid}: No such resource class ${rc}.`);
    }
  }
  const removed = inventoriesOf(ctx, rp.uuid).map((i) => i.resource_class).filter((rc) => !(rc in wanted));
  const busy = inUse(ctx, rp, removed);
  if (busy.length) throw placementError(409, `update conflict: ${inUseText(rp, busy)}`, CODES.inventoryInUse);
  for (const rc of removed) ctx.db.remove(INVENTORIES, `${rp.uuid}/${rc}`);
  for (const [rc, inv] of Object.entries(wanted)) writeInventory(ctx, rp, rc, inv);
  return { status: 200, body: inventoriesBody(ctx, bumpGeneration(ctx, rp.uuid)) };
};

/** DELETE /resource_providers/{uuid}/inventories (1.5+; 405 before). */
export const deleteInventories: Handler = (ctx, req) => {
  if (!atLeast(req, '1.5')) throw placementError(405, 'The method DELETE is not allowed for this resource.');
  authorize(req, 'placement:resource_providers:inventories:delete');
  const rp = requireProvider(ctx, req.params.uuid);
  const all = inventoriesOf(ctx, rp.uuid).map((i) => i.resource_class);
  const busy = inUse(ctx, rp, all);
  if (busy.length) throw placementError(409, inUseText(rp, busy), CODES.inventoryInUse);
  for (const rc of all) ctx.db.remove(INVENTORIES, `${rp.uuid}/${rc}`);
  bumpGeneration(ctx, rp.uuid);
  return { status: 204 };
};

/** POST /resource_providers/{uuid}/inventories: adds one class (201). */
export const createInventory: Handler = (ctx, req) => {
  requireJson(req.headers);
  authorize(req, 'placement:resource_providers:inventories:create');
  const rp = requireProvider(ctx, req.params.uuid);
  const data = extractJson(req.body, {
    type: 'object',
    properties: { resource_class: { type: 'string', pattern: RC_PATTERN }, ...RECORD },
    required: ['total', 'resource_class'],
    additionalProperties: false,
  });
  const { resource_class: rc, ...raw } = data;
  const inv: InventoryData = { ...DEFAULTS, ...raw };
  const prefix = `Unable to create inventory for resource provider ${rp.uuid}`;
  checkCapacity(req, rp, rc, inv, prefix);
  if (!resourceClassExists(ctx, rc)) throw placementError(400, `${prefix}: No such resource class ${rc}.`);
  if (ctx.db.get(INVENTORIES, `${rp.uuid}/${rc}`)) {
    throw placementError(409, `Update conflict: Inventory for '${rc}' on resource provider '${rp.uuid}' already exists.`, CODES.concurrentUpdate);
  }
  writeInventory(ctx, rp, rc, inv);
  const after = bumpGeneration(ctx, rp.uuid);
  return {
    status: 201,
    headers: { Location: `http://controller:8778/resource_providers/${rp.uuid}/inventories/${rc}` },
    body: { ...view(inv), resource_provider_generation: after.generation },
  };
};

/** GET /resource_providers/{uuid}/inventories/{resource_class} */
export const showInventory: Handler = (ctx, req) => {
  authorize(req, 'placement:resource_providers:inventories:show');
  const rp = lookupProvider(ctx, req.params.uuid);
  const inv = ctx.db.get<InventoryRow>(INVENTORIES, `${rp.uuid}/${req.params.resource_class}`);
  if (!inv) throw placementError(404, `No inventory of class ${req.params.resource_class} for ${rp.uuid}`);
  return { status: 200, body: { ...view(inv), resource_provider_generation: rp.generation } };
};

/** PUT /resource_providers/{uuid}/inventories/{resource_class}: changes an existing class. */
export const updateInventory: Handler = (ctx, req) => {
  requireJson(req.headers);
  authorize(req, 'placement:resource_providers:inventories:update');
  const rp = requireProvider(ctx, req.params.uuid);
  const rc = req.params.resource_class;
  const data = extractJson(req.body, {
    type: 'object',
    properties: { resource_provider_generation: { type: 'integer' }, ...RECORD },
    required: ['total', 'resource_provider_generation'],
    additionalProperties: false,
  });
  if (data.resource_provider_generation !== rp.generation) {
    throw placementError(409, 'resource provider generation conflict', CODES.concurrentUpdate);
  }
  const { resource_provider_generation: _gen, ...raw } = data;
  const inv: InventoryData = { ...DEFAULTS, ...raw };
  checkCapacity(req, rp, rc, inv, `Unable to update inventory for resource provider ${rp.uuid}`);
  if (!ctx.db.get(INVENTORIES, `${rp.uuid}/${rc}`)) {
    throw placementError(400, `No inventory record with resource class for resource provider ${rp.uuid}: No inventory of class ${rc} found.`);
  }
  writeInventory(ctx, rp, rc, inv);
  const after = bumpGeneration(ctx, rp.uuid);
  return { status: 200, body: { ...view(inv), resource_provider_generation: after.generation } };
};

/** DELETE /resource_providers/{uuid}/inventories/{resource_class}: 409 while allocations use it. */
export const deleteInventory: Handler = (ctx, req) => {
  authorize(req, 'placement:resource_providers:inventories:delete');
  const rp = requireProvider(ctx, req.params.uuid);
  const rc = req.params.resource_class;
  if (inUse(ctx, rp, [rc]).length) {
    // The real handler tags this conflict with the concurrent-update code too.
    throw placementError(409, `Unable to delete inventory of class ${rc}: ${inUseText(rp, [rc])}`, CODES.concurrentUpdate);
  }
  if (!ctx.db.get(INVENTORIES, `${rp.uuid}/${rc}`)) {
    throw placementError(404, `No inventory of class ${rc} found for delete: No inventory of class ${rc} found for delete`);
  }
  ctx.db.remove(INVENTORIES, `${rp.uuid}/${rc}`);
  bumpGeneration(ctx, rp.uuid);
  return { status: 204 };
};
