/** nova-api's _local_delete: the cleanup the API does itself when no compute host can (no host, or host down). */
import type { Ctx } from '../core/types.ts';
import { cinder } from './compute-volumes.ts';
import { deallocateForInstance, type Vif } from './network.ts';
import { cellTable, type ServerRef } from './state.ts';

/** Releases the server's ports in Neutron (deleting those Nova made, unbinding the user's). */
export function deallocateLocally(ctx: Ctx, ref: ServerRef): void {
  if (!ref.schema) return;
  const cache = ctx.db.get(cellTable(ref.schema, 'instance_info_caches'), ref.inst.uuid);
  deallocateForInstance(ctx, ref.inst.uuid, (cache?.network_info ?? []) as Vif[]);
  if (cache) ctx.db.update(cellTable(ref.schema, 'instance_info_caches'), ref.inst.uuid, { network_info: [] });
}

/** Deletes the server's volume attachments (and volumes marked delete_on_termination), then its BDMs. */
export function cleanupVolumesLocally(ctx: Ctx, ref: ServerRef): void {
  if (!ref.schema) return;
  const table = cellTable(ref.schema, 'block_device_mapping');
  for (const bdm of ctx.db.where(table, (b) => b.instance_uuid === ref.inst.uuid)) {
    if (bdm.attachment_id) cinder(ctx, 'DELETE', `/v3/attachments/${bdm.attachment_id}`);
    if (bdm.volume_id && bdm.delete_on_termination && bdm.destination_type === 'volume') cinder(ctx, 'DELETE', `/v3/volumes/${bdm.volume_id}`);
    ctx.db.remove(table, bdm.uuid);
  }
}
