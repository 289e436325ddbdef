/** Writing allocations: consumers and their generations, then the capacity check (placement/objects/allocation.py replace_all). */
import type { Ctx, HandlerRequest } from '../core/types.ts';
import { CODES, placementError } from './errors.ts';
import { atLeast } from './microversion.ts';
import {
  ALLOCATIONS, bumpGeneration, capacityOf, CONSUMERS, getProvider, inventoriesOf, nextId, resourceClassExists,
  usedOf, type AllocationRow, type ConsumerRow,
} from './state.ts';

/** [placement] incomplete_consumer_project_id / _user_id: who owns allocations written before 1.8. */
export const INCOMPLETE_CONSUMER = '00000000-0000-0000-0000-000000000000';

/** One consumer's new allocations, as a PUT or POST body gives them. */
export interface ConsumerWrite {
  consumer: string;
  /** rp uuid → resource class → amount; empty means "remove this consumer's allocations". */
  allocations: Record<string, Record<string, number>>;
  project_id?: string;
  user_id?: string;
  consumer_generation?: number | null;
  consumer_type?: string;
}

/** Messages that differ between PUT /allocations/{c} and POST /allocations. */
export interface WriteWording {
  unknownClass: (consumer: string, rc: string) => string;
}

/** util.ensure_consumer's generation check (1.28+): a new consumer needs null, an existing one its current generation. */
function checkConsumerGeneration(ctx: Ctx, req: HandlerRequest, w: ConsumerWrite): void {
  if (!atLeast(req, '1.28')) return;
  const existing = ctx.db.get<ConsumerRow>(CONSUMERS, w.consumer);
  const got = w.consumer_generation ?? null;
  if (existing && existing.generation !== got) {
    throw placementError(409, `consumer generation conflict - expected ${existing.generation} but got ${got ?? 'None'}`, CODES.concurrentUpdate);
  }
  if (!existing && got !== null) {
    throw placementError(409, `consumer generation conflict - expected null but got ${got}`, CODES.concurrentUpdate);
  }
}

/** Allocations of a consumer. */
export function allocationsOf(ctx: Ctx, consumer: string): AllocationRow[] {
  return ctx.db.by<AllocationRow>(ALLOCATIONS, 'consumer_id', consumer);
}

/** Refuses the write if any provider would go over capacity or break min_unit/max_unit/step_size. */
function checkCapacity(ctx: Ctx, writes: ConsumerWrite[], prevUsed: Map<string, number>, wording: WriteWording): void {
  const asked = new Map<string, number>();
  for (const w of writes) {
    for (const [rp, resources] of Object.entries(w.allocations)) {
      for (const rc of Object.keys(resources)) {
        if (!resourceClassExists(ctx, rc)) throw placementError(400, wording.unknownClass(w.consumer, rc));
      }
      const inv = inventoriesOf(ctx, rp);
      if (!inv.some((i) => i.resource_class in resources)) {
        const classes = Object.keys(resources).join(', ');
        throw placementError(409, `Unable to allocate inventory: Inventory for '${classes}' on resource provider '${rp}' invalid.`);
      }
      for (const [rc, amount] of Object.entries(resources)) {
        const key = `${rp}/${rc}`;
        asked.set(key, (asked.get(key) ?? 0) + amount);
        const i = inv.find((x) => x.resource_class === rc);
        if (!i) throw placementError(409, `Unable to allocate inventory: Inventory for '${rc}' on resource provider '${rp}' invalid.`);
        if (amount < i.min_unit || amount > i.max_unit || amount % i.step_size !== 0) {
          throw placementError(409, `Unable to allocate inventory: Unable to create allocation for '${rc}' on resource provider '${rp}'. The requested amount would violate inventory constraints.`);
        }
        const used = usedOf(ctx, rp, rc);
        const total = used + asked.get(key)!;
        // Over capacity is tolerated only if it makes an existing overage no worse.
        if (capacityOf(i) < total && !(prevUsed.has(key) && total <= prevUsed.get(key)!)) {
          throw placementError(409, `Unable to allocate inventory: Unable to create allocation for '${rc}' on resource provider '${rp}'. The requested amount would exceed the capacity.`);
        }
      }
    }
  }
}

/**
 * Replaces the allocations of every consumer in `writes` in one transaction: the old allocations go, the new
 * ones are checked against capacity and written, each provider's and consumer's generation goes up, and
 * consumers left with nothing are deleted. Any error leaves nothing changed (the engine rolls back).
 */
export function replaceAllocations(ctx: Ctx, req: HandlerRequest, writes: ConsumerWrite[], wording: WriteWording): void {
  for (const w of writes) checkConsumerGeneration(ctx, req, w);
  for (const w of writes) for (const rp of Object.keys(w.allocations)) {
    if (!getProvider(ctx, rp)) throw placementError(400, `Allocation for resource provider '${rp}' that does not exist.`);
  }
  const prevUsed = new Map<string, number>();
  for (const w of writes) for (const [rp, resources] of Object.entries(w.allocations)) {
    for (const rc of Object.keys(resources)) prevUsed.set(`${rp}/${rc}`, usedOf(ctx, rp, rc));
  }
  const consumers = new Set(writes.map((w) => w.consumer));
  for (const c of consumers) for (const a of ctx.db.by(ALLOCATIONS, 'consumer_id', c)) ctx.db.remove(ALLOCATIONS, `${a.consumer_id}/${a.resource_provider_uuid}/${a.resource_class}`);
  checkCapacity(ctx, writes, prevUsed, wording);

  const now = ctx.iso();
  const touched = new Set<string>();
  for (const w of writes) {
    for (const [rp, resources] of Object.entries(w.allocations)) {
      touched.add(rp);
      for (const [rc, used] of Object.entries(resources)) {
        const row: AllocationRow = { id: nextId(ctx, ALLOCATIONS), resource_provider_uuid: rp, consumer_id: w.consumer, resource_class: rc, used, created_at: now };
        ctx.db.insert(ALLOCATIONS, `${w.consumer}/${rp}/${rc}`, row);
      }
    }
  }
  for (const rp of touched) bumpGeneration(ctx, rp);
  for (const w of writes) saveConsumer(ctx, w, now);
}

function saveConsumer(ctx: Ctx, w: ConsumerWrite, now: string): void {
  const existing = ctx.db.get<ConsumerRow>(CONSUMERS, w.consumer);
  if (!allocationsOf(ctx, w.consumer).length) {
    if (existing) ctx.db.remove(CONSUMERS, w.consumer);
    return;
  }
  const project_id = w.project_id ?? INCOMPLETE_CONSUMER;
  const user_id = w.user_id ?? INCOMPLETE_CONSUMER;
  if (!existing) {
    // Created at generation 0, then bumped with the allocations it now holds.
    ctx.db.insert<ConsumerRow>(CONSUMERS, w.consumer, {
      uuid: w.consumer, project_id, user_id, generation: 1, consumer_type: w.consumer_type ?? null, created_at: now, updated_at: now,
    });
    return;
  }
  ctx.db.update<ConsumerRow>(CONSUMERS, w.consumer, {
    project_id,
    user_id,
    consumer_type: w.consumer_type ?? existing.consumer_type,
    generation: existing.generation + 1,
    updated_at: now,
  });
}
