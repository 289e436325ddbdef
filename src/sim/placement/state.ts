/** Placement's tables (named as in the placement database) and the reads the handlers share. */
import type { Ctx } from '../core/types.ts';
import { placementError } from './errors.ts';

export const PROVIDERS = 'placement.resource_providers';
export const INVENTORIES = 'placement.inventories';
export const ALLOCATIONS = 'placement.allocations';
export const CONSUMERS = 'placement.consumers';
export const RESOURCE_CLASSES = 'placement.resource_classes';
export const TRAITS = 'placement.traits';
export const PROVIDER_TRAITS = 'placement.resource_provider_traits';
export const PROVIDER_AGGREGATES = 'placement.resource_provider_aggregates';

/** Every table, created by `placement-manage db sync`. */
export const ALL_TABLES = [PROVIDERS, INVENTORIES, ALLOCATIONS, CONSUMERS, RESOURCE_CLASSES, TRAITS, PROVIDER_TRAITS, PROVIDER_AGGREGATES];

/** A row of placement.resource_providers, keyed by uuid. */
export interface ProviderRow {
  id: number;
  uuid: string;
  name: string;
  generation: number;
  parent_provider_uuid: string | null;
  root_provider_uuid: string;
  created_at: string;
  updated_at: string;
}

/** A row of placement.inventories, keyed `<rp uuid>/<resource class>`. */
export interface InventoryRow {
  resource_provider_uuid: string;
  resource_class: string;
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  allocation_ratio: number;
  created_at: string;
  updated_at: string;
}

/** A row of placement.allocations, keyed `<consumer>/<rp uuid>/<resource class>`. */
export interface AllocationRow {
  id: number;
  resource_provider_uuid: string;
  consumer_id: string;
  resource_class: string;
  used: number;
  created_at: string;
}

/** A row of placement.consumers, keyed by uuid (project and user are their keystone ids). */
export interface ConsumerRow {
  uuid: string;
  project_id: string;
  user_id: string;
  generation: number;
  consumer_type: string | null;
  created_at: string;
  updated_at: string;
}

/** ResourceProvider.get_by_uuid's NotFound text. */
export const providerNotFound = (uuid: string) => `No resource provider with uuid ${uuid} found`;

/** The provider with `uuid`, or undefined. */
export function getProvider(ctx: Ctx, uuid: string): ProviderRow | undefined {
  return ctx.db.get<ProviderRow>(PROVIDERS, uuid);
}

/** The provider, or 404 with `detail` (default: the object layer's NotFound text). */
export function requireProvider(ctx: Ctx, uuid: string, detail = providerNotFound(uuid)): ProviderRow {
  const rp = getProvider(ctx, uuid);
  if (!rp) throw placementError(404, detail);
  return rp;
}

/** The next integer id of a table whose rows carry `id`. */
export function nextId(ctx: Ctx, table: string): number {
  return ctx.db.all(table).reduce((m, r) => Math.max(m, r.id ?? 0), 0) + 1;
}

/** Increments a provider's generation (every inventory, allocation or trait change does). */
export function bumpGeneration(ctx: Ctx, uuid: string): ProviderRow {
  const rp = getProvider(ctx, uuid)!;
  return ctx.db.update<ProviderRow>(PROVIDERS, uuid, { generation: rp.generation + 1, updated_at: ctx.iso() });
}

/** The inventories of a provider. */
export function inventoriesOf(ctx: Ctx, uuid: string): InventoryRow[] {
  return ctx.db.by<InventoryRow>(INVENTORIES, 'resource_provider_uuid', uuid);
}

/** The allocations against a provider. */
export function allocationsOn(ctx: Ctx, uuid: string): AllocationRow[] {
  return ctx.db.by<AllocationRow>(ALLOCATIONS, 'resource_provider_uuid', uuid);
}

/** How much of `rc` is allocated on the provider. */
export function usedOf(ctx: Ctx, uuid: string, rc: string): number {
  return allocationsOn(ctx, uuid).filter((a) => a.resource_class === rc).reduce((n, a) => n + a.used, 0);
}

/** The capacity rule: (total - reserved) * allocation_ratio. */
export function capacityOf(inv: InventoryRow): number {
  return (inv.total - inv.reserved) * inv.allocation_ratio;
}

/** True when `rc` is a standard or custom resource class known to placement. */
export function resourceClassExists(ctx: Ctx, rc: string): boolean {
  return !!ctx.db.get(RESOURCE_CLASSES, rc);
}

/** Trait names on a provider, sorted. */
export function traitsOf(ctx: Ctx, uuid: string): string[] {
  return ctx.db.where(PROVIDER_TRAITS, (t) => t.resource_provider_uuid === uuid).map((t) => t.trait as string).sort();
}

/** Aggregate uuids a provider belongs to. */
export function aggregatesOf(ctx: Ctx, uuid: string): string[] {
  return ctx.db.where(PROVIDER_AGGREGATES, (a) => a.resource_provider_uuid === uuid).map((a) => a.aggregate_uuid as string);
}

/** Deletes every row of `table` for which `pred` holds. */
export function removeWhere(ctx: Ctx, table: string, pred: (row: Record<string, any>) => boolean): void {
  for (const [key, row] of Object.entries(ctx.db.tables[table] ?? {})) if (pred(row)) ctx.db.remove(table, key);
}
