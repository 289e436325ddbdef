/** Helpers nova-compute's handlers share: read the instance, save through the conductor, network_info, BDMs. */
import type { Ctx, Row } from '../core/types.ts';
import { remote } from './conductor-objects.ts';
import { deallocateForInstance, type Vif } from './network.ts';
import { cellTable, CELL1, type Instance } from './state.ts';

/** The instance if it is still meant for this host (not deleted, host is us). */
export function loadInstance(ctx: Ctx, uuid: string): Instance | undefined {
  const inst = ctx.db.get<Instance>(cellTable(CELL1, 'instances'), uuid);
  return inst && !inst.deleted && inst.host === ctx.host ? inst : undefined;
}

/** instance.save(expected_task_state=...) through the conductor. */
export function save(ctx: Ctx, uuid: string, updates: Partial<Instance>, expected?: (string | null)[]): Instance {
  return remote(ctx, 'Instance', 'save', { uuid, updates, ...(expected ? { expected_task_state: expected } : {}) });
}

/** The instance's network_info from its info cache. */
export function vifsOf(ctx: Ctx, uuid: string): Vif[] {
  return (ctx.db.get(cellTable(CELL1, 'instance_info_caches'), uuid)?.network_info ?? []) as Vif[];
}

/** Saves network_info in the info cache through the conductor. */
export function saveVifs(ctx: Ctx, uuid: string, vifs: Vif[]): void {
  remote(ctx, 'InstanceInfoCache', 'save', { uuid, network_info: vifs });
}

/** The instance's block device mappings that are volumes, boot volume first. */
export function volumeBdms(ctx: Ctx, uuid: string): Row[] {
  return ctx.db
    .where(cellTable(CELL1, 'block_device_mapping'), (b) => b.instance_uuid === uuid && b.destination_type === 'volume' && !b.deleted)
    .sort((a, b) => (a.boot_index ?? 99) - (b.boot_index ?? 99));
}

/** Releases the instance's ports in Neutron and empties its info cache. */
export function cleanupNetworks(ctx: Ctx, uuid: string): void {
  const vifs = vifsOf(ctx, uuid);
  deallocateForInstance(ctx, uuid, vifs);
  if (vifs.length) saveVifs(ctx, uuid, []);
}
