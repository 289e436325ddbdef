/** Volumes: list, show, update and delete (cinder/api/v3/volumes.py). */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { deleteRefused } from './messages.ts';
import { atLeast, MV } from './microversion.ts';
import { releaseVolume } from './quotas.ts';
import { findVolume, nodeOf, saveVolume, T, type VolumeRow } from './state.ts';
import { checkMetadata, checkText, requireObject } from './validate.ts';
import { volumeDetail, volumeSummary } from './views.ts';

const TRUE = /^(true|1|yes|on|y|t)$/i;

/** The volumes a list request sees: the project's own, or every project's for an admin with all_tenants. */
function visible(ctx: Ctx, req: HandlerRequest): VolumeRow[] {
  const q = req.query;
  const all = req.auth.is_admin && TRUE.test(q.get('all_tenants') ?? '');
  const project = all ? q.get('project_id') : req.auth.project_id;
  const rows = ctx.db.all<VolumeRow>(T.volumes).filter((v) =>
    (!project || v.project_id === project) &&
    (q.get('name') === null || v.display_name === q.get('name')) &&
    (q.get('status') === null || v.status === q.get('status')) &&
    (q.get('availability_zone') === null || v.availability_zone === q.get('availability_zone')) &&
    (q.get('bootable') === null || v.bootable === TRUE.test(q.get('bootable')!)));
  // The default sort is created_at descending: the newest volume first.
  const sorted = rows.map((v, i) => ({ v, i })).sort((a, b) => b.v.created_at.localeCompare(a.v.created_at) || b.i - a.i).map((x) => x.v);
  const limit = Number(q.get('limit'));
  return Number.isInteger(limit) && limit > 0 ? sorted.slice(0, limit) : sorted;
}

function withCount(req: HandlerRequest, body: Record<string, unknown>, n: number) {
  if (atLeast(req, MV.countInfo) && TRUE.test(req.query.get('with_count') ?? '')) body.count = n;
  return { status: 200, body };
}

/** GET /volumes: id, name and links of each volume. */
export const listVolumes: Handler = (ctx, req) => {
  const rows = visible(ctx, req);
  return withCount(req, { volumes: rows.map(volumeSummary) }, rows.length);
};

/** GET /volumes/detail: every field of each volume. */
export const listVolumesDetail: Handler = (ctx, req) => {
  const rows = visible(ctx, req);
  return withCount(req, { volumes: rows.map((v) => volumeDetail(ctx, req, v)) }, rows.length);
};

/** GET /volumes/{volume_id} */
export const showVolume: Handler = (ctx, req) => ({
  status: 200,
  body: { volume: volumeDetail(ctx, req, findVolume(ctx, req, req.params.volume_id)) },
});

/** PUT /volumes/{volume_id}: renames, re-describes or sets metadata. */
export const updateVolume: Handler = (ctx, req) => {
  const v = findVolume(ctx, req, req.params.volume_id);
  const u = requireObject(req.body, 'volume');
  const extra = Object.keys(u).filter((k) => !['name', 'description', 'display_name', 'display_description', 'metadata'].includes(k));
  if (extra.length) throw apiError(400, `Additional properties are not allowed ('${extra[0]}' was unexpected)`);
  const patch: Partial<VolumeRow> = {};
  const name = checkText(u, 'name', 'name') ?? checkText(u, 'display_name', 'name');
  const description = checkText(u, 'description', 'description') ?? checkText(u, 'display_description', 'description');
  const metadata = checkMetadata(u, 'metadata');
  if ('name' in u || 'display_name' in u) patch.display_name = name ?? null;
  if ('description' in u || 'display_description' in u) patch.display_description = description ?? null;
  if (metadata) patch.metadata = metadata;
  const row = saveVolume(ctx, v.id, patch);
  return { status: 200, body: { volume: volumeDetail(ctx, req, row) } };
};

/** Statuses a volume may be deleted from without force (cinder/volume/api.py delete). */
const DELETABLE = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];

/** Deletes a volume: one never scheduled goes at once; otherwise `deleting` and a cast to its cinder-volume. */
export function beginDelete(ctx: Ctx, v: VolumeRow, force: boolean): void {
  if (!v.host) {
    // Never reached a back end (scheduling failed or still queued): the API destroys the row itself, whatever its status.
    releaseVolume(ctx, v.project_id, v.size, ctx.db.get(T.types, v.volume_type_id)?.name);
    ctx.db.remove(T.volumes, v.id);
    return;
  }
  if (v.attach_status === 'attached' || v.migration_status === 'migrating' || v.group_id || v.consistencygroup_id) throw apiError(400, deleteRefused(force));
  if (!force && !DELETABLE.includes(v.status)) throw apiError(400, deleteRefused(false));
  saveVolume(ctx, v.id, { status: 'deleting', previous_status: v.status });
  ctx.cast(`cinder-volume.${nodeOf(v.host)}`, 'delete_volume', { volume_id: v.id });
}

/** DELETE /volumes/{volume_id}: 202; the volume is `deleting` until cinder-volume removes it. */
export const deleteVolume: Handler = (ctx, req) => {
  const v = findVolume(ctx, req, req.params.volume_id);
  beginDelete(ctx, v, false);
  return { status: 202 };
};
