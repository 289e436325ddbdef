/** Nova's Placement report client: the REST calls nova-compute and the scheduler make to Placement. */
import type { Ctx, SimResponse } from '../core/types.ts';

/** The microversions Nova's report client pins for each kind of call. */
const V = {
  providers: 'placement 1.20',
  inventories: 'placement 1.26',
  candidates: 'placement 1.36',
  allocations: 'placement 1.38',
} as const;

function placement(ctx: Ctx, method: string, path: string, version: string, body?: unknown): SimResponse {
  return ctx.http('placement', method, path, body, { 'OpenStack-API-Version': version });
}

/** `initial_*_allocation_ratio` and `reserved_host_memory_mb` defaults at Nova master. */
export const CPU_ALLOCATION_RATIO = 4.0;
export const RESERVED_HOST_MEMORY_MB = 512;

/** The inventory nova-compute reports for a node of this size. */
export function inventoryFor(vcpus: number, memoryMb: number, diskGb: number) {
  return {
    VCPU: { total: vcpus, reserved: 0, min_unit: 1, max_unit: vcpus, step_size: 1, allocation_ratio: CPU_ALLOCATION_RATIO },
    MEMORY_MB: { total: memoryMb, reserved: RESERVED_HOST_MEMORY_MB, min_unit: 1, max_unit: memoryMb, step_size: 1, allocation_ratio: 1.0 },
    DISK_GB: { total: diskGb, reserved: 0, min_unit: 1, max_unit: diskGb, step_size: 1, allocation_ratio: 1.0 },
  };
}

/** Makes sure the compute node's resource provider exists with the right inventory; false if Placement refused. */
export function ensureResourceProvider(ctx: Ctx, uuid: string, name: string, inventories: Record<string, unknown>): boolean {
  let generation: number | undefined;
  const got = placement(ctx, 'GET', `/resource_providers/${uuid}`, V.providers);
  if (got.status === 200) generation = (got.body as any)?.generation;
  else {
    const made = placement(ctx, 'POST', '/resource_providers', V.providers, { name, uuid });
    if (made.status !== 200 && made.status !== 201) return false;
    generation = (made.body as any)?.generation ?? 0;
  }
  const put = placement(ctx, 'PUT', `/resource_providers/${uuid}/inventories`, V.inventories, {
    resource_provider_generation: generation ?? 0,
    inventories,
  });
  return put.status === 200;
}

/** The `resources=` query of a flavor (sorted as Nova builds it; no DISK_GB for a volume-backed root). */
export function resourcesQuery(flavor: { vcpus: number; memory_mb: number; root_gb: number; ephemeral_gb: number; swap: number }, volumeBacked: boolean): string {
  const disk = (volumeBacked ? 0 : flavor.root_gb) + flavor.ephemeral_gb + Math.ceil(flavor.swap / 1024);
  const res: Record<string, number> = { MEMORY_MB: flavor.memory_mb, VCPU: flavor.vcpus };
  if (disk > 0) res.DISK_GB = disk;
  return Object.keys(res).sort().map((k) => `${k}:${res[k]}`).join(',');
}

/** GET /allocation_candidates for the request; an error answer counts as no candidates, as the scheduler treats it. */
export function getAllocationCandidates(ctx: Ctx, resources: string): { allocation_requests: any[]; provider_summaries: Record<string, any> } {
  const r = placement(ctx, 'GET', `/allocation_candidates?resources=${resources}&limit=1000`, V.candidates);
  const body = r.body as any;
  if (r.status !== 200 || !body || !Array.isArray(body.allocation_requests)) return { allocation_requests: [], provider_summaries: {} };
  return { allocation_requests: body.allocation_requests, provider_summaries: body.provider_summaries ?? {} };
}

/** Claims `allocations` for the consumer (PUT /allocations/{uuid}); true on 204. */
export function claimResources(ctx: Ctx, consumer: string, allocations: unknown, projectId: string, userId: string): boolean {
  const r = placement(ctx, 'PUT', `/allocations/${consumer}`, V.allocations, {
    allocations,
    project_id: projectId,
    user_id: userId,
    consumer_generation: null,
    consumer_type: 'INSTANCE',
  });
  return r.status === 204;
}

/** Reads the consumer's allocations back (what nova-compute does before its resource claim). */
export function getAllocations(ctx: Ctx, consumer: string): Record<string, any> {
  const r = placement(ctx, 'GET', `/allocations/${consumer}`, V.allocations);
  return r.status === 200 ? ((r.body as any)?.allocations ?? {}) : {};
}

/** The consumers holding allocations against the provider (GET /resource_providers/{uuid}/allocations). */
export function providerConsumers(ctx: Ctx, rpUuid: string): string[] {
  const r = placement(ctx, 'GET', `/resource_providers/${rpUuid}/allocations`, V.allocations);
  return r.status === 200 ? Object.keys((r.body as any)?.allocations ?? {}) : [];
}

/** Removes the consumer's allocations (DELETE /allocations/{uuid}); a 404 is fine. */
export function deleteAllocations(ctx: Ctx, consumer: string): void {
  placement(ctx, 'DELETE', `/allocations/${consumer}`, V.allocations);
}
