import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

const CONSUMER = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER = 'aaaaaaaa-0000-4000-8000-000000000002';
const FLAVOR = { VCPU: 1, MEMORY_MB: 64, DISK_GB: 1 };

/** A cloud with one compute node's provider, registered the way nova-compute does it: POST, then PUT inventories. */
function setup() {
  const cloud = createCloud({ computes: [] });
  const admin = login(cloud, 'admin');
  const demo = login(cloud, 'demo');
  const call = (method: string, path: string, body?: unknown, version = '1.39', token = admin.token) =>
    api(cloud, token, method, `placement:${path}`, body, { 'OpenStack-API-Version': `placement ${version}` });
  const rp = (call('POST', '/resource_providers', { name: 'compute1' }).body as any).uuid as string;
  const inv = call('PUT', `/resource_providers/${rp}/inventories`, {
    resource_provider_generation: 0,
    inventories: {
      VCPU: { total: 4, allocation_ratio: 4.0, max_unit: 4 },
      MEMORY_MB: { total: 8192, reserved: 512, max_unit: 8192 },
      DISK_GB: { total: 40, max_unit: 40 },
    },
  });
  expect(inv.status).toBe(200);
  const claim = (consumer: string, resources: Record<string, number>, generation: number | null = null) =>
    call('PUT', `/allocations/${consumer}`, {
      allocations: { [rp]: { resources } },
      project_id: demo.projectId,
      user_id: demo.userId,
      consumer_generation: generation,
      consumer_type: 'INSTANCE',
    });
  return { cloud, admin, demo, call, rp, claim };
}

const detail = (res: { body?: unknown }) => (res.body as any).errors[0].detail as string;
const code = (res: { body?: unknown }) => (res.body as any).errors[0].code as string;

describe('placement inventories and allocations', () => {
  it('shows inventories with the generation they produced, and refuses a stale generation', () => {
    const { cloud, call, rp } = setup();
    const res = call('GET', `/resource_providers/${rp}/inventories`);
    expect(res.body).toMatchObject({
      resource_provider_generation: 1,
      inventories: { VCPU: { total: 4, reserved: 0, min_unit: 1, max_unit: 4, step_size: 1, allocation_ratio: 4 } },
    });
    const before = cloud.tables();
    const stale = call('PUT', `/resource_providers/${rp}/inventories`, { resource_provider_generation: 0, inventories: {} });
    expect(stale.status).toBe(409);
    expect(code(stale)).toBe('placement.concurrent_update');
    expect(detail(stale)).toContain('resource provider generation conflict');
    const bad = call('PUT', `/resource_providers/${rp}/inventories`, { resource_provider_generation: 1, inventories: { VCPU: { total: 4, reserved: 5 } } });
    expect(bad.status).toBe(400);
    expect(detail(bad)).toContain("Invalid inventory for 'VCPU' on resource provider '" + rp + "'. The reserved value is greater than total.");
    // Before 1.26 reserved may not even equal total.
    const equal = call('PUT', `/resource_providers/${rp}/inventories`, { resource_provider_generation: 1, inventories: { VCPU: { total: 4, reserved: 4 } } }, '1.25');
    expect(equal.status).toBe(400);
    expect(detail(equal)).toContain('The reserved value is greater than or equal to total.');
    expect(cloud.tables()).toEqual(before);
  });

  it('offers the provider as a candidate with capacity (total - reserved) * ratio', () => {
    const { call, rp } = setup();
    const res = call('GET', '/allocation_candidates?resources=VCPU:1,MEMORY_MB:64,DISK_GB:1&limit=1000');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      allocation_requests: [{ allocations: { [rp]: { resources: FLAVOR } }, mappings: { '': [rp] } }],
      provider_summaries: {
        [rp]: {
          resources: { VCPU: { capacity: 16, used: 0 }, MEMORY_MB: { capacity: 7680, used: 0 }, DISK_GB: { capacity: 40, used: 0 } },
          traits: [],
          parent_provider_uuid: null,
          root_provider_uuid: rp,
        },
      },
    });
    // Too big for the node (max_unit) or for what is left: an empty answer, still 200.
    const none = call('GET', '/allocation_candidates?resources=VCPU:1,MEMORY_MB:9000');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ allocation_requests: [], provider_summaries: {} });
    expect(call('GET', '/allocation_candidates?resources=VCPU:1', undefined, '1.9').status).toBe(404);
    const bad = call('GET', '/allocation_candidates?resources=VCPU');
    expect(bad.status).toBe(400);
    expect(detail(bad)).toContain('Badly formed resources parameter');
  });

  it('claims a candidate, bumping the provider and consumer generations', () => {
    const { cloud, call, rp, claim, demo } = setup();
    const mark = cloud.mark();
    const candidates = call('GET', '/allocation_candidates?resources=VCPU:1,MEMORY_MB:64,DISK_GB:1').body as any;
    const put = claim(CONSUMER, candidates.allocation_requests[0].allocations[rp].resources);
    expect(put.status).toBe(204);
    const shown = call('GET', `/allocations/${CONSUMER}`);
    expect(shown.body).toEqual({
      allocations: { [rp]: { generation: 2, resources: FLAVOR } },
      project_id: demo.projectId,
      user_id: demo.userId,
      consumer_generation: 1,
      consumer_type: 'INSTANCE',
    });
    const summary = (call('GET', '/allocation_candidates?resources=VCPU:1').body as any).provider_summaries[rp].resources;
    expect(summary.VCPU.used).toBe(1);
    // The trace has the two calls, then the rows the claim wrote.
    const http = cloud.trace(mark).filter((r) => r.kind === 'http').map((r) => `${r.summary.split('?')[0]} ${r.status}`);
    expect(http.slice(0, 3)).toEqual(['GET /allocation_candidates 200', `PUT /allocations/${CONSUMER} 204`, `GET /allocations/${CONSUMER} 200`]);
    const writes = cloud.trace(mark).filter((r) => r.kind === 'db').map((r) => r.summary.split(' ').slice(0, 2).join(' '));
    expect(writes).toEqual([
      'INSERT placement.allocations', 'INSERT placement.allocations', 'INSERT placement.allocations',
      'UPDATE placement.resource_providers', 'INSERT placement.consumers',
    ]);
  });

  it('refuses to go over capacity with 409 and writes nothing', () => {
    const { cloud, claim, rp } = setup();
    expect(claim(CONSUMER, { VCPU: 4, MEMORY_MB: 7000, DISK_GB: 30 }).status).toBe(204);
    const before = cloud.tables();
    const res = claim(OTHER, { VCPU: 1, MEMORY_MB: 1024, DISK_GB: 1 });
    expect(res.status).toBe(409);
    expect(detail(res)).toContain(`Unable to allocate inventory: Unable to create allocation for 'MEMORY_MB' on resource provider '${rp}'. The requested amount would exceed the capacity.`);
    const tooBig = claim(OTHER, { VCPU: 5 });
    expect(tooBig.status).toBe(409);
    expect(detail(tooBig)).toContain('would violate inventory constraints');
    expect(cloud.tables()).toEqual(before);
  });

  it('checks the consumer generation: null for a new consumer, the current one after', () => {
    const { cloud, claim } = setup();
    expect(claim(CONSUMER, FLAVOR).status).toBe(204);
    const before = cloud.tables();
    const stale = claim(CONSUMER, { ...FLAVOR, VCPU: 2 }, null);
    expect(stale.status).toBe(409);
    expect(code(stale)).toBe('placement.concurrent_update');
    expect(detail(stale)).toContain('consumer generation conflict - expected 1 but got None');
    const fresh = claim(OTHER, FLAVOR, 3);
    expect(fresh.status).toBe(409);
    expect(detail(fresh)).toContain('consumer generation conflict - expected null but got 3');
    expect(cloud.tables()).toEqual(before);
    // With the right generation the consumer's allocations are replaced, not added to.
    expect(claim(CONSUMER, { ...FLAVOR, VCPU: 2 }, 1).status).toBe(204);
  });

  it('refuses unknown providers and resource classes with 400', () => {
    const { cloud, call, demo, rp } = setup();
    const before = cloud.tables();
    const ghost = '99999999-9999-4999-8999-999999999999';
    const body = (alloc: unknown) => ({ allocations: alloc, project_id: demo.projectId, user_id: demo.userId, consumer_generation: null, consumer_type: 'INSTANCE' });
    const noRp = call('PUT', `/allocations/${CONSUMER}`, body({ [ghost]: { resources: FLAVOR } }));
    expect(noRp.status).toBe(400);
    expect(detail(noRp)).toContain(`Allocation for resource provider '${ghost}' that does not exist.`);
    const noRc = call('PUT', `/allocations/${CONSUMER}`, body({ [rp]: { resources: { GOLD: 1 } } }));
    expect(noRc.status).toBe(400);
    expect(detail(noRc)).toContain('No such resource class GOLD.');
    const noType = call('PUT', `/allocations/${CONSUMER}`, { allocations: { [rp]: { resources: FLAVOR } }, project_id: 'p', user_id: 'u', consumer_generation: null });
    expect(noType.status).toBe(400);
    expect(detail(noType)).toContain("JSON does not validate: 'consumer_type' is a required property");
    expect(cloud.tables()).toEqual(before);
  });

  it('reports usages equal to the sum of allocations, per provider and per project', () => {
    const { call, claim, rp, demo } = setup();
    claim(CONSUMER, FLAVOR);
    claim(OTHER, { VCPU: 2, MEMORY_MB: 128, DISK_GB: 5 });
    const perRp = call('GET', `/resource_providers/${rp}/usages`).body as any;
    expect(perRp.usages).toEqual({ VCPU: 3, MEMORY_MB: 192, DISK_GB: 6 });
    const allocs = (call('GET', `/resource_providers/${rp}/allocations`).body as any).allocations;
    const sum: Record<string, number> = {};
    for (const c of Object.values<any>(allocs)) for (const [rc, n] of Object.entries<number>(c.resources)) sum[rc] = (sum[rc] ?? 0) + n;
    expect(sum).toEqual(perRp.usages);
    expect((call('GET', `/usages?project_id=${demo.projectId}`).body as any).usages).toEqual({
      INSTANCE: { VCPU: 3, MEMORY_MB: 192, DISK_GB: 6, consumer_count: 2 },
    });
    expect((call('GET', `/usages?project_id=${demo.projectId}`, undefined, '1.9').body as any).usages).toEqual({ VCPU: 3, MEMORY_MB: 192, DISK_GB: 6 });
    // A project reader may see its own usage, but nobody else's.
    expect(call('GET', `/usages?project_id=${demo.projectId}`, undefined, '1.39', demo.token).status).toBe(200);
    expect(call('GET', '/usages?project_id=someone-else', undefined, '1.39', demo.token).status).toBe(403);
  });

  it('releases allocations: 204, then 404 for a consumer with none; the provider can then go', () => {
    const { call, claim, rp } = setup();
    claim(CONSUMER, FLAVOR);
    const busy = call('DELETE', `/resource_providers/${rp}`);
    expect(busy.status).toBe(409);
    expect(code(busy)).toBe('placement.resource_provider.inuse');
    const inUse = call('PUT', `/resource_providers/${rp}/inventories`, { resource_provider_generation: 2, inventories: { DISK_GB: { total: 40 } } });
    expect(inUse.status).toBe(409);
    expect(code(inUse)).toBe('placement.inventory.inuse');
    expect(call('DELETE', `/allocations/${CONSUMER}`).status).toBe(204);
    expect(call('GET', `/allocations/${CONSUMER}`).body).toEqual({ allocations: {} });
    const again = call('DELETE', `/allocations/${CONSUMER}`);
    expect(again.status).toBe(404);
    expect(detail(again)).toContain(`No allocations for consumer '${CONSUMER}'`);
    expect(call('DELETE', `/resource_providers/${rp}`).status).toBe(204);
  });

  it('moves allocations between consumers atomically with POST /allocations', () => {
    const { cloud, call, claim, rp, demo } = setup();
    claim(CONSUMER, FLAVOR);
    const owner = { project_id: demo.projectId, user_id: demo.userId };
    const move = call('POST', '/allocations', {
      [CONSUMER]: { allocations: {}, ...owner, consumer_generation: 1, consumer_type: 'INSTANCE' },
      [OTHER]: { allocations: { [rp]: { resources: FLAVOR } }, ...owner, consumer_generation: null, consumer_type: 'MIGRATION' },
    });
    expect(move.status).toBe(204);
    expect((call('GET', `/allocations/${CONSUMER}`).body as any).allocations).toEqual({});
    expect((call('GET', `/allocations/${OTHER}`).body as any).consumer_type).toBe('MIGRATION');
    // A conflict on either consumer rolls back both.
    const before = cloud.tables();
    const bad = call('POST', '/allocations', {
      [OTHER]: { allocations: {}, ...owner, consumer_generation: 1, consumer_type: 'MIGRATION' },
      [CONSUMER]: { allocations: { [rp]: { resources: { VCPU: 99 } } }, ...owner, consumer_generation: null, consumer_type: 'INSTANCE' },
    });
    expect(bad.status).toBe(409);
    expect(cloud.tables()).toEqual(before);
  });
});
