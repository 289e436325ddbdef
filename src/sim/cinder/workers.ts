/** cinder.workers: what cinder-volume has started, so a restarted service can clean up after itself (CleanableManager). */
import type { Ctx } from '../core/types.ts';
import { backendHost, nodeOf, saveVolume, stamp, T, type VolumeRow } from './state.ts';

/** Records that this cinder-volume started `status` work on volume `id` (the set_workers decorator). */
export function startWork(ctx: Ctx, id: string, status: string): void {
  const row = { resource_type: 'Volume', resource_id: id, status, service_host: backendHost(ctx.host), created_at: stamp(ctx) };
  if (ctx.db.get(T.workers, id)) ctx.db.update(T.workers, id, row);
  else ctx.db.insert(T.workers, id, row);
}

/** The work on volume `id` is over (done or failed). */
export function endWork(ctx: Ctx, id: string): void {
  if (ctx.db.get(T.workers, id)) ctx.db.remove(T.workers, id);
}

/**
 * init_host's _do_cleanup for work the stopped process left unfinished: a delete is resumed, a create or download
 * becomes `error`. Work still queued for it was never started, has no worker row, and simply runs now.
 */
export function cleanupWork(ctx: Ctx): void {
  for (const w of ctx.db.where(T.workers, (r) => r.service_host === backendHost(ctx.host))) {
    const v = ctx.db.get<VolumeRow>(T.volumes, w.resource_id);
    if (v?.status === 'deleting') {
      ctx.cast(`cinder-volume.${nodeOf(w.service_host)}`, 'delete_volume', { volume_id: v.id });
      continue;
    }
    if (v && (v.status === 'creating' || v.status === 'downloading')) saveVolume(ctx, v.id, { status: 'error' });
    endWork(ctx, w.resource_id);
  }
}
