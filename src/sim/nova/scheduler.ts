/** nova-scheduler: select_destinations asks Placement for candidates, filters and weighs hosts, and claims. */
import type { Ctx, Row, RpcHandler } from '../core/types.ts';
import { NoValidHost } from './exceptions.ts';
import { claimResources, deleteAllocations, getAllocationCandidates, resourcesQuery } from './placement-client.ts';
import { serviceIsUp, findService } from './servicegroup.ts';
import { CELL, type FlavorSnapshot } from './state.ts';
import { cellUuid } from './bootstrap.ts';

/** `[scheduler] max_attempts`: the selected host plus up to two alternates. */
export const MAX_ATTEMPTS = 3;

/** What the conductor passes in and keeps: the RequestSpec, as stored in nova_api.request_specs. */
export interface RequestSpec {
  instance_uuid: string;
  project_id: string;
  user_id: string;
  flavor: FlavorSnapshot;
  image: Row;
  num_instances: number;
  availability_zone: string | null;
  is_bfv: boolean;
  ignore_hosts: string[];
}

/** One answer of the scheduler: a host and the allocation request that fits it. */
export interface Selection {
  service_host: string;
  nodename: string;
  compute_node_uuid: string;
  cell_uuid: string;
  limits: Record<string, unknown>;
  allocation_request: string;
  allocation_request_version: string;
}

interface HostState {
  host: string;
  node: Row;
  service: Row | undefined;
  freeRamMb: number;
  allocationRequest: unknown;
}

/** ComputeFilter: the host's nova-compute service must be enabled and up. */
function computeFilter(ctx: Ctx, h: HostState): boolean {
  return !!h.service && !h.service.disabled && serviceIsUp(ctx, h.service);
}

/** AvailabilityZoneFilter: every host is in the default zone `nova` (no aggregates in the guide). */
function availabilityZoneFilter(_ctx: Ctx, h: HostState, spec: RequestSpec): boolean {
  return !spec.availability_zone || spec.availability_zone === 'nova' || spec.availability_zone === `nova:${h.host}`;
}

/** ImagePropertiesFilter: the image's hw_architecture / img_hv_type must match an x86_64 QEMU host. */
function imagePropertiesFilter(_ctx: Ctx, _h: HostState, spec: RequestSpec): boolean {
  const arch = spec.image?.hw_architecture ?? spec.image?.architecture;
  const hv = spec.image?.img_hv_type ?? spec.image?.hypervisor_type;
  if (arch && !['x86_64', 'i686'].includes(String(arch).toLowerCase())) return false;
  if (hv && !['qemu', 'kvm'].includes(String(hv).toLowerCase())) return false;
  return true;
}

const FILTERS = [computeFilter, availabilityZoneFilter, imagePropertiesFilter];

/** The hosts Placement offered, as HostStates. */
function hostStates(ctx: Ctx, candidates: ReturnType<typeof getAllocationCandidates>, spec: RequestSpec): HostState[] {
  const nodes = ctx.db.all(CELL.computeNodes).filter((n) => !n.deleted);
  const out: HostState[] = [];
  for (const req of candidates.allocation_requests) {
    const rp = Object.keys(req.allocations ?? {})[0];
    const node = nodes.find((n) => n.uuid === rp);
    if (!node || spec.ignore_hosts.includes(node.host)) continue;
    const mem = candidates.provider_summaries[rp]?.resources?.MEMORY_MB;
    out.push({
      host: node.host,
      node,
      service: findService(ctx, 'nova-compute', node.host),
      freeRamMb: mem ? mem.capacity - mem.used : 0,
      allocationRequest: req,
    });
  }
  return out;
}

/** RAMWeigher: the most free RAM first; equal hosts in name order so the choice is repeatable. */
function weigh(hosts: HostState[]): HostState[] {
  return [...hosts].sort((a, b) => b.freeRamMb - a.freeRamMb || a.host.localeCompare(b.host));
}

function selection(ctx: Ctx, h: HostState): Selection {
  return {
    service_host: h.host,
    nodename: h.node.hypervisor_hostname,
    compute_node_uuid: h.node.uuid,
    cell_uuid: cellUuid(ctx, 'cell1'),
    limits: {},
    allocation_request: JSON.stringify(h.allocationRequest),
    allocation_request_version: '1.36',
  };
}

/** select_destinations: one list per instance, the claimed host first, then its alternates. */
export const selectDestinations: RpcHandler = (ctx, args: { request_spec: RequestSpec; instance_uuids: string[] }) => {
  const spec = args.request_spec;
  const candidates = getAllocationCandidates(ctx, resourcesQuery(spec.flavor, spec.is_bfv));
  if (!candidates.allocation_requests.length) throw new NoValidHost('');
  let passed = weigh(hostStates(ctx, candidates, spec).filter((h) => FILTERS.every((f) => f(ctx, h, spec))));
  if (!passed.length) throw new NoValidHost('There are not enough hosts available.');
  const lists: Selection[][] = [];
  for (const uuid of args.instance_uuids) {
    const chosen = passed.find((h) => claimResources(ctx, uuid, (h.allocationRequest as any).allocations, spec.project_id, spec.user_id));
    if (!chosen) {
      // As the scheduler's _cleanup_allocations: drop the claims already made for this request.
      for (const done of args.instance_uuids.slice(0, lists.length)) deleteAllocations(ctx, done);
      throw new NoValidHost('There are not enough hosts available.');
    }
    const alternates = passed.filter((h) => h !== chosen).slice(0, MAX_ATTEMPTS - 1);
    lists.push([chosen, ...alternates].map((h) => selection(ctx, h)));
    // HostState.consume_from_request: the next instance of the request sees less free RAM here.
    chosen.freeRamMb -= spec.flavor.memory_mb;
    passed = weigh(passed);
  }
  return lists;
};
