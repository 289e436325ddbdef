/**
 * Interoperable image import: stage data (queued → uploading), then import it (→ importing → active) in a
 * background task, as glance's api_image_import task flow does. web-download cannot reach the internet here:
 * the CirrOS URL of the install guide yields the CirrOS image, any other URI a stand-in file.
 */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, TaskHandler } from '../core/types.ts';
import { CIRROS } from './bootstrap.ts';
import { badTransition, unsupportedMediaType } from './messages.ts';
import { activateWithData, bodyText, storeData } from './image-data.ts';
import { enforceOwner } from './policy.ts';
import { findImage, getImage, removeProperty, saveImage, setProperty, STAGING } from './state.ts';

const METHODS = ['glance-direct', 'web-download', 'copy-image'];
const CIRROS_URL = 'http://download.cirros-cloud.net/0.4.0/cirros-0.4.0-x86_64-disk.img';
/** How long the import task takes: a fixed start-up plus time per 64 KiB chunk written to the store. */
const importMs = (bytes: number) => 500 + Math.ceil(bytes / 65536);

/** PUT /v2/images/{image_id}/stage: 204; the image waits in `uploading` for POST /import. */
export const stageImageData: Handler = (ctx, req) => {
  const type = req.headers['content-type']?.split(';')[0].trim();
  if (type !== 'application/octet-stream') throw apiError(415, unsupportedMediaType(type));
  const img = findImage(ctx, req, req.params.image_id);
  enforceOwner(req, 'modify_image', img);
  if (img.status !== 'queued') throw apiError(409, badTransition(img.status, 'uploading'));
  const data = bodyText(req.body);
  ctx.db.insert(STAGING, img.id, { image_id: img.id, path: `/tmp/staging/${img.id}`, data });
  saveImage(ctx, img.id, { status: 'uploading' });
  return { status: 204 };
};

/** POST /v2/images/{image_id}/import `{"method": {"name": "glance-direct" | "web-download", "uri"?}}`: 202. */
export const importImage: Handler = (ctx, req) => {
  const method = req.body?.method;
  if (!method || typeof method !== 'object') throw apiError(400, "Import request requires a 'method' field.");
  if (!('name' in method)) throw apiError(400, "Import request requires a 'name' field.");
  if (!METHODS.includes(method.name)) throw apiError(400, `Unknown import method name '${method.name}'.`);
  const img = findImage(ctx, req, req.params.image_id);
  const name: string = method.name;
  if (img.status === 'active' && name !== 'copy-image') throw apiError(409, 'Image with status active cannot be target for import');
  if (img.status !== 'active' && name === 'copy-image') throw apiError(409, 'Only images with status active can be targeted for copying');
  if (img.status !== 'queued' && name === 'web-download') throw apiError(409, "Image needs to be in 'queued' state to use 'web-download' method");
  if (img.status !== 'uploading' && name === 'glance-direct') throw apiError(409, "Image needs to be staged before 'glance-direct' method can be used");
  if (!img.container_format) throw apiError(409, "'container_format' needs to be set before import");
  if (!img.disk_format) throw apiError(409, "'disk_format' needs to be set before import");
  enforceOwner(req, 'modify_image', img);
  // The install guide has one store, and the image is already in it.
  if (name === 'copy-image') throw apiError(400, "Image is already present at store 'fs'");
  if (name === 'web-download' && typeof method.uri !== 'string') throw apiError(400, 'URI for web-download does not pass filtering: None');
  const task = ctx.ids.uuid();
  setProperty(ctx, img.id, 'os_glance_import_task', task);
  setProperty(ctx, img.id, 'os_glance_importing_to_stores', 'fs');
  saveImage(ctx, img.id, { status: 'importing' });
  const size = name === 'glance-direct' ? String(ctx.db.get(STAGING, img.id)?.data ?? '').length : CIRROS.size;
  ctx.after(importMs(size), 'import_image', { image_id: img.id, method: name, uri: method.uri ?? null, task });
  return { status: 202 };
};

/** The api_image_import task: writes the data to the fs store, records its digests, and makes the image active. */
export const runImport: TaskHandler = (ctx: Ctx, args: { image_id: string; method: string; uri: string | null; task: string }) => {
  const img = getImage(ctx, args.image_id);
  if (!img || img.status !== 'importing') return; // deleted meanwhile: nothing to do
  ctx.act('event', `glance task ${args.task}: api_image_import (${args.method}) of image ${img.id}`);
  if (args.method === 'web-download' && args.uri === CIRROS_URL) {
    storeData(ctx, img, '', CIRROS.file);
    saveImage(ctx, img.id, { status: 'active', size: CIRROS.size, virtual_size: CIRROS.virtual_size, checksum: CIRROS.checksum, os_hash_algo: 'sha512', os_hash_value: CIRROS.os_hash_value });
  } else {
    const staged = ctx.db.get(STAGING, img.id);
    const data = args.method === 'glance-direct' ? String(staged?.data ?? '') : `stand-in for ${args.uri}\n`;
    ctx.db.remove(STAGING, img.id);
    activateWithData(ctx, img, data, args.method === 'web-download' ? args.uri! : undefined);
  }
  // The flow releases its lock and leaves the bookkeeping properties empty.
  removeProperty(ctx, img.id, 'os_glance_import_task');
  setProperty(ctx, img.id, 'os_glance_importing_to_stores', '');
  setProperty(ctx, img.id, 'os_glance_failed_import', '');
};
