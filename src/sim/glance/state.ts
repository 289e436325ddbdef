/** Glance's tables (named as in the glance database) and the reads every handler shares. */
import { apiError } from '../core/errors.ts';
import type { Ctx, HandlerRequest } from '../core/types.ts';
import { imageNotFound } from './messages.ts';

export const IMAGES = 'glance.images';
export const PROPERTIES = 'glance.image_properties';
export const TAGS = 'glance.image_tags';
export const MEMBERS = 'glance.image_members';
export const LOCATIONS = 'glance.image_locations';
/** The `fs` store: files under /var/lib/glance/images on the controller (glance_store's filesystem driver). */
export const FILES = 'glance_store.files';

/** The store the install guide configures (`enabled_backends = fs:file`). */
export const STORE = 'fs';
/** Where staged data waits for an import (`node_staging_uri = file:///tmp/staging/`). */
export const STAGING = 'glance_store.staging';
export const STORE_DIR = '/var/lib/glance/images';

/** A row of glance.images. */
export interface ImageRow {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  protected: boolean;
  os_hidden: boolean;
  disk_format: string | null;
  container_format: string | null;
  size: number | null;
  virtual_size: number | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  min_disk: number;
  min_ram: number;
  owner: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted: boolean;
}

/** The image with `id` unless it is missing or deleted. */
export function getImage(ctx: Ctx, id: string): ImageRow | undefined {
  const row = ctx.db.get<ImageRow>(IMAGES, id);
  return row && !row.deleted ? row : undefined;
}

/** The custom properties of an image, by name. */
export function properties(ctx: Ctx, id: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of ctx.db.where(PROPERTIES, (r) => r.image_id === id)) out[p.name] = p.value;
  return out;
}

/** The tags of an image, in the order they were added. */
export function tags(ctx: Ctx, id: string): string[] {
  return ctx.db.where(TAGS, (r) => r.image_id === id).map((r) => r.value as string);
}

/** The membership of `project` in a shared image, if any. */
export function membership(ctx: Ctx, imageId: string, project: string) {
  return ctx.db.get(MEMBERS, `${imageId}/${project}`);
}

/** glance.db's is_image_visible: admins see all; others their own, public, community and shared-with-them images. */
export function canSee(ctx: Ctx, req: HandlerRequest, img: ImageRow): boolean {
  if (req.auth.is_admin) return true;
  if (img.owner && img.owner === req.auth.project_id) return true;
  if (img.visibility === 'public' || img.visibility === 'community') return true;
  return img.visibility === 'shared' && !!membership(ctx, img.id, req.auth.project_id);
}

/** The image the caller may see, or 404 (a private image of another project looks missing). */
export function findImage(ctx: Ctx, req: HandlerRequest, id: string): ImageRow {
  const img = getImage(ctx, id);
  if (!img || !canSee(ctx, req, img)) throw apiError(404, imageNotFound(id));
  return img;
}

/** Writes `patch` to the image and bumps updated_at. */
export function saveImage(ctx: Ctx, id: string, patch: Partial<ImageRow>): ImageRow {
  return ctx.db.update<ImageRow>(IMAGES, id, { ...patch, updated_at: ctx.iso() });
}

/** Adds or changes one custom property. */
export function setProperty(ctx: Ctx, imageId: string, name: string, value: string): void {
  const key = `${imageId}/${name}`;
  const row = ctx.db.get(PROPERTIES, key);
  if (!row) ctx.db.insert(PROPERTIES, key, { image_id: imageId, name, value });
  else if (row.value !== value) ctx.db.update(PROPERTIES, key, { value });
}

/** Removes one custom property. */
export function removeProperty(ctx: Ctx, imageId: string, name: string): void {
  ctx.db.remove(PROPERTIES, `${imageId}/${name}`);
}

/** Deletes every row of `table` for which `pred` holds. */
export function removeWhere(ctx: Ctx, table: string, pred: (row: Record<string, any>) => boolean): void {
  for (const [key, row] of Object.entries(ctx.db.tables[table] ?? {})) if (pred(row)) ctx.db.remove(table, key);
}

/** Replaces the image's tags with `wanted` (duplicates collapse, as Glance keeps a set). */
export function setTags(ctx: Ctx, imageId: string, wanted: string[]): void {
  const want = new Set(wanted);
  for (const t of tags(ctx, imageId)) if (!want.has(t)) ctx.db.remove(TAGS, `${imageId}/${t}`);
  for (const t of want) if (!ctx.db.get(TAGS, `${imageId}/${t}`)) ctx.db.insert(TAGS, `${imageId}/${t}`, { image_id: imageId, value: t });
}

/** Glance prints times with seconds only: 2026-01-05T09:00:00Z (oslo timeutils.isotime). */
export function isotime(stored: string): string {
  return stored.replace(/\.\d+Z$/, 'Z');
}

/** The image as the v2 API shows it: custom properties as top-level keys, then the base attributes. */
export function imageView(ctx: Ctx, img: ImageRow): Record<string, unknown> {
  const view: Record<string, unknown> = { ...properties(ctx, img.id) };
  for (const k of ['name', 'disk_format', 'container_format', 'visibility', 'size', 'virtual_size', 'status', 'checksum',
    'protected', 'min_ram', 'min_disk', 'owner', 'os_hidden', 'os_hash_algo', 'os_hash_value'] as const) {
    view[k] = img[k];
  }
  view.id = img.id;
  view.created_at = isotime(img.created_at);
  view.updated_at = isotime(img.updated_at);
  view.tags = tags(ctx, img.id);
  view.self = `/v2/images/${img.id}`;
  view.file = `/v2/images/${img.id}/file`;
  view.schema = '/v2/schemas/image';
  // With enabled_backends set, Glance names the stores that hold the data.
  if (ctx.db.get(LOCATIONS, img.id)?.status === 'active') view.stores = STORE;
  return view;
}
