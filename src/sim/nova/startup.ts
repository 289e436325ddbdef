/** What each Nova binary does when it starts: register its service row; nova-compute also reports its node. */
import type { Ctx, Row, TaskHandler } from '../core/types.ts';
import { cellUuid } from './bootstrap.ts';
import { initHost } from './compute.ts';
import { ensureResourceProvider, inventoryFor, RESERVED_HOST_MEMORY_MB } from './placement-client.ts';
import { removeDeletedInstancesAllocations } from './resource-tracker.ts';
import { findService } from './servicegroup.ts';
import { API, CELL, nextId } from './state.ts';

/** The service version a 2025.1 nova reports. */
const SERVICE_VERSION = 68;

/** Creates (or finds) the `nova.services` row of this binary on this host. */
function registerService(ctx: Ctx, binary: string, topic: string): Row {
  const existing = findService(ctx, binary, ctx.host);
  if (existing) return existing;
  const id = nextId(ctx, CELL.services);
  return ctx.db.insert(CELL.services, String(id), {
    id,
    uuid: ctx.ids.uuid(),
    host: ctx.host,
    binary,
    topic,
    report_count: 0,
    disabled: false,
    disabled_reason: null,
    forced_down: false,
    version: SERVICE_VERSION,
    created_at: ctx.iso(),
    updated_at: ctx.iso(),
    deleted: 0,
  });
}

/** The compute_nodes row of this host, created from the node's size on first start. */
function registerComputeNode(ctx: Ctx, service: Row): Row {
  const existing = ctx.db.all(CELL.computeNodes).find((n) => n.host === ctx.host && !n.deleted);
  if (existing) return existing;
  const node = ctx.nodes().find((n) => n.name === ctx.host);
  const vcpus = node?.vcpus ?? 1;
  const memory = node?.memory_mb ?? 2048;
  const disk = node?.disk_gb ?? 20;
  const id = nextId(ctx, CELL.computeNodes);
  const uuid = ctx.ids.uuid();
  return ctx.db.insert(CELL.computeNodes, uuid, {
    id,
    uuid,
    service_id: service.id,
    host: ctx.host,
    hypervisor_hostname: ctx.host,
    hypervisor_type: 'QEMU',
    hypervisor_version: 8002002,
    vcpus,
    memory_mb: memory,
    local_gb: disk,
    vcpus_used: 0,
    memory_mb_used: RESERVED_HOST_MEMORY_MB,
    local_gb_used: 0,
    free_ram_mb: memory - RESERVED_HOST_MEMORY_MB,
    free_disk_gb: disk,
    running_vms: 0,
    current_workload: 0,
    host_ip: node?.management_ip ?? null,
    cpu_info: { arch: 'x86_64', model: 'Nehalem', vendor: 'Intel', topology: { cells: 1, sockets: vcpus, cores: 1, threads: 1 }, features: ['sse4.2', 'sse4.1', 'ssse3', 'vmx'] },
    created_at: ctx.iso(),
    deleted: 0,
  });
}

/** nova-compute start: service, compute node, resource provider in Placement, host mapping, then its instances. */
const startCompute: TaskHandler = (ctx) => {
  const service = registerService(ctx, 'nova-compute', 'compute');
  const node = registerComputeNode(ctx, service);
  if (!ensureResourceProvider(ctx, node.uuid, node.hypervisor_hostname, inventoryFor(node.vcpus, node.memory_mb, node.local_gb))) {
    ctx.act('event', `nova-compute@${ctx.host}: could not report the resource provider to Placement`);
  }
  // What `nova-manage cell_v2 discover_hosts` (or the scheduler's discover_hosts_in_cells_interval) records.
  if (!ctx.db.get(API.hostMappings, ctx.host)) {
    ctx.db.insert(API.hostMappings, ctx.host, { id: nextId(ctx, API.hostMappings), host: ctx.host, cell_id: cellUuid(ctx, 'cell1') });
  }
  initHost(ctx);
  removeDeletedInstancesAllocations(ctx, node);
};

/** The onStart hooks of the Nova binaries that register a service. */
export const onStart: Record<string, TaskHandler> = {
  'nova-conductor': (ctx) => void registerService(ctx, 'nova-conductor', 'conductor'),
  'nova-scheduler': (ctx) => void registerService(ctx, 'nova-scheduler', 'scheduler'),
  'nova-compute': startCompute,
};
