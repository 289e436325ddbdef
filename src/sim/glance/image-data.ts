/** Image data: upload (queued → saving → active) and download (glance/api/v2/image_data.py). */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerResponse } from '../core/types.ts';
import { md5, sha512, toBytes } from './hash.ts';
import { badTransition, DEACTIVATED_DOWNLOAD, formatsRequired, unsupportedMediaType } from './messages.ts';
import { enforce, enforceOwner } from './policy.ts';
import { FILES, findImage, LOCATIONS, saveImage, STORE, STORE_DIR, type ImageRow } from './state.ts';

/** glance_store writes files in chunks of 64 KiB. */
const CHUNK = 65536;

/** The request body as bytes: a latin1 string from the HTTP layer, text from a test, or JSON a client sent by mistake. */
export function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) {
    let s = '';
    for (const b of body) s += String.fromCharCode(b);
    return s;
  }
  return JSON.stringify(body);
}

/** Stores `data` in the fs store and records its location: what glance_store's filesystem driver does. */
/** Stores `data` as the image's file and makes it active with its size and digests (upload and import end here). */
export function activateWithData(ctx: Ctx, img: ImageRow, data: string, standIn?: string): void {
  storeData(ctx, img, data, standIn);
  const bytes = toBytes(data);
  saveImage(ctx, img.id, {
    status: 'active',
    size: bytes.length,
    // The format inspector knows a raw image's virtual size; the simulator's data is never a real qcow2.
    virtual_size: img.disk_format === 'raw' ? bytes.length : null,
    checksum: md5(bytes),
    os_hash_algo: 'sha512',
    os_hash_value: sha512(bytes),
  });
}

export function storeData(ctx: Ctx, img: ImageRow, data: string, standIn?: string): void {
  const path = `${STORE_DIR}/${img.id}`;
  const chunks: string[] = [];
  for (let i = 0; i < data.length; i += CHUNK) chunks.push(data.slice(i, i + CHUNK));
  ctx.db.insert(FILES, img.id, { image_id: img.id, path, chunks, ...(standIn ? { stand_in: standIn } : {}) });
  ctx.db.insert(LOCATIONS, img.id, { image_id: img.id, value: `file://${path}`, meta_data: { store: STORE }, status: 'active', deleted: false });
}

/** PUT /v2/images/{image_id}/file: 204 once the data is stored and the image is active. */
export const uploadImageFile: Handler = (ctx, req) => {
  const type = req.headers['content-type']?.split(';')[0].trim();
  if (type !== 'application/octet-stream') throw apiError(415, unsupportedMediaType(type));
  const img = findImage(ctx, req, req.params.image_id);
  enforceOwner(req, 'upload_image', img);
  if (img.status !== 'queued') throw apiError(409, badTransition(img.status, 'saving'));
  const missing = (['disk_format', 'container_format'] as const).filter((k) => !img[k]);
  if (missing.length) throw apiError(400, formatsRequired(missing));
  // The API saves 'saving' before it reads the body, so other readers see the upload in progress.
  saveImage(ctx, img.id, { status: 'saving' });
  activateWithData(ctx, img, bodyText(req.body));
  return { status: 204 };
};

/** GET /v2/images/{image_id}/file: the data (200), or 204 when the image has none yet. */
export const downloadImageFile: Handler = (ctx, req): HandlerResponse => {
  const img = findImage(ctx, req, req.params.image_id);
  if (img.status === 'deactivated' && !req.auth.is_admin) throw apiError(403, DEACTIVATED_DOWNLOAD);
  enforce('download_image', req.auth.is_admin || req.auth.roles.includes('member'));
  const file = ctx.db.get(FILES, img.id);
  if (!file) return { status: 204 };
  if (file.stand_in) {
    // The install guide's CirrOS file is 12 MiB: the simulator keeps only its metadata.
    return {
      status: 200,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: `${file.stand_in}: ${img.size} bytes of ${img.disk_format} data (not stored by the simulator)\n`,
    };
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'application/octet-stream', 'Content-MD5': img.checksum ?? '' },
    body: (file.chunks as string[]).join(''),
  };
};
