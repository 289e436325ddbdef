/** The resource tracker's view of a compute node: what its instances use, as compute_nodes records it. */
import type { Ctx, Row } from '../core/types.ts';
import { remote } from './conductor-objects.ts';
import { deleteAllocations, providerConsumers, RESERVED_HOST_MEMORY_MB } from './placement-client.ts';
import { CELL, cellTable, CELL1, type Instance } from './state.ts';

/** Usage of the node: vCPUs, RAM (with the reserved host memory) and local disk of its live instances. */
export function nodeUsage(ctx: Ctx, node: Row) {
  const insts = ctx.db.where<Instance>(cellTable(CELL1, 'instances'), (i) => i.node === node.hypervisor_hostname && !i.deleted);
  const vcpus = insts.reduce((n, i) => n + i.flavor.vcpus, 0);
  const ram = RESERVED_HOST_MEMORY_MB + insts.reduce((n, i) => n + i.flavor.memory_mb, 0);
  const disk = insts.reduce((n, i) => n + (i.image_ref ? i.flavor.root_gb : 0) + i.flavor.ephemeral_gb, 0);
  return { insts, vcpus, ram, disk, busy: insts.filter((i) => i.task_state !== null).length };
}

/** update_available_resource for this host: writes the usage columns of its compute_nodes row (through the conductor). */
export function updateAvailableResource(ctx: Ctx): void {
  const node = ctx.db.all(CELL.computeNodes).find((n) => n.host === ctx.host && !n.deleted);
  if (!node) return;
  const u = nodeUsage(ctx, node);
  const updates = {
    vcpus_used: u.vcpus, memory_mb_used: u.ram, local_gb_used: u.disk, free_ram_mb: node.memory_mb - u.ram,
    free_disk_gb: node.local_gb - u.disk, running_vms: u.insts.length, current_workload: u.busy,
  };
  if (Object.entries(updates).every(([k, v]) => node[k] === v)) return;
  remote(ctx, 'ComputeNode', 'save', { uuid: node.uuid, updates });
}

/**
 * _remove_deleted_instances_allocations: allocations against this node that belong to deleted instances go, such as those
 * nova-api could not remove when it deleted a server locally while this host was down and Placement unreachable.
 * Consumers with no instance row may be builds the scheduler just claimed for, so they stay.
 */
export function removeDeletedInstancesAllocations(ctx: Ctx, node: Row): void {
  for (const consumer of providerConsumers(ctx, node.uuid)) {
    const inst = ctx.db.get<Instance>(cellTable(CELL1, 'instances'), consumer);
    if (inst?.deleted) deleteAllocations(ctx, consumer);
  }
}
