/** POST /volumes: the API's part of creating a volume (cinder/volume/flows/api/create_volume.py). */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { imageNotFound, invalidInput, volumeNotFound } from './messages.ts';
import { chargeVolume } from './quotas.ts';
import { stamp, T, type VolumeRow } from './state.ts';
import { checkMetadata, checkSize, checkText, requireObject } from './validate.ts';
import { volumeCreated } from './views.ts';
import { defaultType, findType } from './volume-types.ts';

const GB = 1024 ** 3;

/** Glance's image as the caller sees it; 404 ImageNotFound when Glance does not show it. */
function fetchImage(ctx: Ctx, req: HandlerRequest, imageId: string): Record<string, any> {
  const r = ctx.http('glance', 'GET', `/v2/images/${encodeURIComponent(imageId)}`, undefined, { 'X-Auth-Token': req.auth.token });
  if (r.status !== 200 || !r.body || typeof r.body !== 'object') throw apiError(404, imageNotFound(imageId));
  return r.body as Record<string, any>;
}

/** check_image_metadata: the image must be active and fit the volume. */
function checkImage(image: Record<string, any>, size: number): void {
  if (image.status !== 'active') throw apiError(400, invalidInput(`Image ${image.id} is not active.`));
  const gb = Math.ceil(Number(image.size ?? 0) / GB);
  if (gb > size) throw apiError(400, invalidInput(`Size of specified image ${gb}GB is larger than volume size ${size}GB.`));
  const minDisk = Number(image.min_disk ?? 0);
  if (size < minDisk) throw apiError(400, invalidInput(`Volume size ${size}GB cannot be smaller than the image minDisk size ${minDisk}GB.`));
}

function refuseUnsupportedSources(ctx: Ctx, req: HandlerRequest, v: Record<string, any>): VolumeRow | undefined {
  if (v.snapshot_id != null) throw apiError(404, `Snapshot ${v.snapshot_id} could not be found.`);
  if (v.backup_id != null) throw apiError(404, `Backup ${v.backup_id} could not be found.`);
  if (v.consistencygroup_id != null) throw apiError(404, `Group ${v.consistencygroup_id} could not be found.`);
  if (v.group_id != null) throw apiError(404, `Group ${v.group_id} could not be found.`);
  if (v.source_volid == null) return undefined;
  const src = ctx.db.get<VolumeRow>(T.volumes, String(v.source_volid));
  if (!src || (!req.auth.is_admin && src.project_id !== req.auth.project_id)) throw apiError(404, volumeNotFound(String(v.source_volid)));
  return src;
}

/** POST /volumes: validates, charges the quota, writes the row as `creating` and casts to cinder-scheduler; 202. */
export const createVolume: Handler = (ctx, req) => {
  const v = requireObject(req.body, 'volume');
  const name = checkText(v, 'name', 'name') ?? checkText(v, 'display_name', 'name') ?? null;
  const description = checkText(v, 'description', 'description') ?? checkText(v, 'display_description', 'description') ?? null;
  let size = checkSize(v, 'size');
  const metadata = checkMetadata(v, 'metadata') ?? {};
  const type = v.volume_type ? findType(ctx, String(v.volume_type)) : defaultType(ctx);
  const source = refuseUnsupportedSources(ctx, req, v);
  if (v.multiattach === true || v.multiattach === 'true') {
    throw apiError(400, 'multiattach parameter has been removed. The default behavior is to use multiattach enabled volume types. Contact your administrator to create a multiattach enabled volume type and use it to create multiattach volumes.');
  }
  if (size === undefined && source) size = source.size;
  if (size === undefined) throw apiError(400, invalidInput("Volume size 'None' must be an integer and greater than 0"));
  if (source && size < source.size) {
    throw apiError(400, invalidInput(`Volume size '${size}'GB cannot be smaller than original volume size  ${source.size}GB. They must be >= original volume size.`));
  }
  const imageRef = v.imageRef ?? v.image_id ?? null;
  const image = imageRef ? fetchImage(ctx, req, String(imageRef)) : undefined;
  if (image) checkImage(image, size);
  const az = v.availability_zone ?? 'nova';
  const zones = new Set(ctx.db.where(T.services, (s) => s.binary === 'cinder-volume').map((s) => s.availability_zone));
  if (!zones.has(az)) throw apiError(400, invalidInput(`Availability zone '${az}' is invalid.`));
  chargeVolume(ctx, req.auth.project_id, size, type.name);
  const row: VolumeRow = {
    id: ctx.ids.uuid(),
    project_id: req.auth.project_id,
    user_id: req.auth.user_id,
    display_name: name,
    display_description: description,
    size,
    status: 'creating',
    attach_status: 'detached',
    previous_status: null,
    availability_zone: az,
    host: null,
    volume_type_id: type.id,
    bootable: false,
    multiattach: false,
    snapshot_id: null,
    source_volid: source?.id ?? null,
    consistencygroup_id: null,
    group_id: null,
    image_id: image?.id ?? null,
    metadata,
    volume_image_metadata: null,
    provider_location: null,
    provider_auth: null,
    migration_status: null,
    replication_status: null,
    service_uuid: null,
    shared_targets: false,
    use_quota: true,
    created_at: stamp(ctx),
    updated_at: null,
    launched_at: null,
    scheduled_at: null,
  };
  ctx.db.insert(T.volumes, row.id, row);
  const requestSpec = {
    volume_id: row.id,
    volume_properties: { size, availability_zone: az, project_id: row.project_id, volume_type_id: type.id },
    volume_type: { id: type.id, name: type.name },
    image_id: row.image_id,
    source_volid: row.source_volid,
  };
  ctx.cast('cinder-scheduler', 'create_volume', { volume_id: row.id, image_id: row.image_id, request_spec: requestSpec, filter_properties: {} });
  return { status: 202, body: { volume: volumeCreated(ctx, req, row) } };
};
