/** Images: create, show and delete (glance/api/v2/images.py ImagesController). */
import { apiError } from '../core/errors.ts';
import type { Handler } from '../core/types.ts';
import { duplicateImage, imageProtected, notYourOwner, readOnly, reserved } from './messages.ts';
import { enforce, enforceOwner, enforceVisibility, isOwnerMember } from './policy.ts';
import { validateImage } from './schema.ts';
import {
  FILES, findImage, IMAGES, imageView, LOCATIONS, MEMBERS, PROPERTIES, removeWhere, saveImage, setProperty, setTags, STAGING, TAGS,
  type ImageRow,
} from './state.ts';

/** Keys the request deserializer refuses outright. */
const DISALLOWED = ['direct_url', 'self', 'file', 'schema', 'stores'];
/** Keys the image factory refuses because Glance sets them itself. */
const READ_ONLY = ['created_at', 'updated_at', 'status', 'checksum', 'os_hash_algo', 'os_hash_value', 'size', 'virtual_size'];
/** Base attributes taken out of the body; everything else is a custom property. */
const BASE = ['checksum', 'created_at', 'container_format', 'disk_format', 'id', 'min_disk', 'min_ram', 'name', 'size',
  'virtual_size', 'status', 'tags', 'owner', 'updated_at', 'visibility', 'protected', 'os_hidden'];

/** Custom property names Glance keeps for itself. */
export function checkReserved(key: string): void {
  if (['location', 'deleted', 'deleted_at'].includes(key) || key.startsWith('os_glance')) throw apiError(403, reserved(key));
}

/** POST /v2/images: a queued image record with no data (201, the bare image). */
export const createImage: Handler = (ctx, req) => {
  const body = req.body;
  if (body === undefined || body === null || body === '') throw apiError(400, 'Body expected in request.');
  if (typeof body === 'object' && !Array.isArray(body)) for (const k of DISALLOWED) if (k in body) throw apiError(403, readOnly(k));
  validateImage(body);
  const custom = Object.keys(body).filter((k) => !BASE.includes(k));
  for (const k of custom) {
    if (k.length > 255) throw apiError(400, 'Custom property should not be greater than 255 characters.');
    checkReserved(k);
  }
  const owner: string = body.owner ?? req.auth.project_id;
  if (!isOwnerMember(req, { owner })) {
    if (owner !== req.auth.project_id) throw apiError(403, notYourOwner(owner));
    enforce('add_image', false);
  }
  enforceVisibility(req, { owner }, body.visibility);
  for (const k of READ_ONLY) if (k in body) throw apiError(403, readOnly(k));
  const id: string = body.id ?? ctx.ids.uuid();
  // Deleted rows stay in glance.images, so an id can never be reused.
  if (ctx.db.get(IMAGES, id)) throw apiError(409, duplicateImage(id));
  const now = ctx.iso();
  const row: ImageRow = {
    id,
    name: body.name ?? null,
    status: 'queued',
    // Since Ocata an image without an explicit visibility is 'shared' (shareable by its owner).
    visibility: body.visibility ?? 'shared',
    protected: body.protected ?? false,
    os_hidden: body.os_hidden ?? false,
    disk_format: body.disk_format ?? null,
    container_format: body.container_format ?? null,
    size: null,
    virtual_size: null,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    min_disk: body.min_disk ?? 0,
    min_ram: body.min_ram ?? 0,
    owner,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    deleted: false,
  };
  for (const k of ['min_disk', 'min_ram'] as const) {
    if (row[k] < 0) throw apiError(400, `Invalid value '${row[k]}' for parameter '${k}': Cannot be a negative value`);
  }
  ctx.db.insert(IMAGES, id, row);
  for (const k of custom) setProperty(ctx, id, k, body[k]);
  setTags(ctx, id, body.tags ?? []);
  return {
    status: 201,
    body: imageView(ctx, row),
    headers: {
      Location: `http://controller:9292/v2/images/${id}`,
      'OpenStack-image-import-methods': 'glance-direct,web-download,copy-image',
      'OpenStack-image-store-ids': 'fs',
    },
  };
};

/** GET /v2/images/{image_id}: 404 when missing or not visible to the caller. */
export const showImage: Handler = (ctx, req) => ({ status: 200, body: imageView(ctx, findImage(ctx, req, req.params.image_id)) });

/** DELETE /v2/images/{image_id}: 204; 403 while `protected` is true. The row stays behind, marked deleted. */
export const deleteImage: Handler = (ctx, req) => {
  const img = findImage(ctx, req, req.params.image_id);
  enforceOwner(req, 'delete_image', img);
  if (img.protected) throw apiError(403, imageProtected(img.id));
  saveImage(ctx, img.id, { status: 'deleted', deleted: true, deleted_at: ctx.iso() });
  // glance_store removes the file; the location, properties, tags and members go with the image.
  ctx.db.remove(FILES, img.id);
  ctx.db.remove(STAGING, img.id);
  if (ctx.db.get(LOCATIONS, img.id)) ctx.db.update(LOCATIONS, img.id, { status: 'deleted', deleted: true });
  for (const t of [PROPERTIES, TAGS, MEMBERS]) removeWhere(ctx, t, (r) => r.image_id === img.id);
  return { status: 204 };
};
