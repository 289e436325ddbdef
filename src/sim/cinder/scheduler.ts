/** cinder-scheduler: picks a back end for a volume (FilterScheduler: AvailabilityZone, Capacity, Capabilities filters). */
import type { Ctx, RpcHandler } from '../core/types.ts';
import { refundGigabytes } from './quotas.ts';
import { liveVolumeServices } from './services.ts';
import { BACKEND, nodeOf, saveVolume, stamp, T, type VolumeRow } from './state.ts';

/** A pool as the volume service reports it to the scheduler. */
export interface PoolStats {
  name: string;
  host: string;
  availability_zone: string;
  total_capacity_gb: number;
  allocated_capacity_gb: number;
  free_capacity_gb: number;
}

/** The pools of the live volume services, with capacity left after the volumes placed on them. */
export function pools(ctx: Ctx): PoolStats[] {
  return liveVolumeServices(ctx).map((s) => {
    const name = `${s.host}#${BACKEND.pool}`;
    const allocated = ctx.db.where<VolumeRow>(T.volumes, (v) => v.host === name).reduce((n, v) => n + v.size, 0);
    return {
      name,
      host: s.host,
      availability_zone: s.availability_zone,
      total_capacity_gb: BACKEND.totalGb,
      allocated_capacity_gb: allocated,
      free_capacity_gb: BACKEND.totalGb - allocated,
    };
  });
}

/** Records a user message (`openstack volume message list`) about a volume that could not be scheduled. */
function noValidBackend(ctx: Ctx, v: VolumeRow): void {
  saveVolume(ctx, v.id, { status: 'error' });
  const id = ctx.ids.uuid();
  ctx.db.insert(T.messages, id, {
    id,
    project_id: v.project_id,
    request_id: ctx.requestId ?? null,
    resource_type: 'VOLUME',
    resource_uuid: v.id,
    event_id: 'VOLUME_VOLUME_001_003',
    user_message: 'schedule allocate volume:Could not find any available weighted backend.',
    message_level: 'ERROR',
    created_at: stamp(ctx),
  });
}

/** Filters the pools for a volume of `size` GB in `zone`, then weighs them by free capacity (CapacityWeigher). */
function choose(ctx: Ctx, size: number, zone: string): PoolStats | undefined {
  return pools(ctx)
    .filter((p) => p.availability_zone === zone && p.free_capacity_gb >= size)
    .sort((a, b) => b.free_capacity_gb - a.free_capacity_gb)[0];
}

/** create_volume: choose a pool, record it as the volume's host and cast to that cinder-volume. */
const createVolume: RpcHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id);
  if (!v || v.status !== 'creating') return; // deleted (or reset) while the message was queued
  const pool = choose(ctx, v.size, v.availability_zone);
  if (!pool) return noValidBackend(ctx, v);
  saveVolume(ctx, v.id, { host: pool.name, scheduled_at: stamp(ctx) });
  ctx.cast(`cinder-volume.${nodeOf(pool.host)}`, 'create_volume', {
    volume_id: v.id,
    request_spec: args.request_spec,
    filter_properties: args.filter_properties,
    allow_reschedule: true,
  });
};

/** extend_volume: the volume's own pool must have room for the growth, else the volume goes back to its status. */
const extendVolume: RpcHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id);
  if (!v || v.status !== 'extending' || !v.host) return;
  const pool = pools(ctx).find((p) => p.name === v.host);
  if (!pool || pool.free_capacity_gb < args.new_size - v.size) {
    saveVolume(ctx, v.id, { status: v.previous_status ?? 'available' });
    refundGigabytes(ctx, v.project_id, args.new_size - v.size, ctx.db.get(T.types, v.volume_type_id)?.name);
    return;
  }
  ctx.cast(`cinder-volume.${nodeOf(v.host)}`, 'extend_volume', { volume_id: v.id, new_size: args.new_size });
};

/** RPC methods of the cinder-scheduler topic. */
export const schedulerRpc: Record<string, RpcHandler> = {
  'cinder-scheduler.create_volume': createVolume,
  'cinder-scheduler.extend_volume': extendVolume,
};
