/** PATCH /v2/images/{image_id}: JSON-patch add/replace/remove on image attributes, custom properties and tags. */
import { ApiError, apiError } from '../core/errors.ts';
import type { Handler } from '../core/types.ts';
import { checkReserved } from './images.ts';
import { readOnly } from './messages.ts';
import { enforceOwner, enforceVisibility } from './policy.ts';
import { validateImage } from './schema.ts';
import { findImage, imageView, properties, removeProperty, saveImage, setProperty, setTags, tags, type ImageRow } from './state.ts';

const PATCH_TYPES: Record<string, number> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};
const OPS = ['add', 'remove', 'replace'];
/** What the update deserializer refuses to touch. */
const READ_ONLY = ['created_at', 'updated_at', 'status', 'checksum', 'size', 'virtual_size', 'direct_url', 'self', 'file',
  'schema', 'id', 'os_hash_algo', 'os_hash_value'];
/** Attributes of the domain image: replaced in place, never removed. */
const ATTRIBUTES = ['name', 'visibility', 'os_hidden', 'min_disk', 'min_ram', 'protected', 'owner', 'disk_format', 'container_format', 'tags'];
const NO_LOCATIONS = "It's not allowed to update locations if locations are invisible.";

interface Change {
  op: string;
  path: string;
  value?: unknown;
}

function pointer(p: unknown): string {
  if (typeof p !== 'string' || !p.startsWith('/')) throw apiError(400, `Pointer \`${p}\` does not start with "/".`);
  if (/\/\s*?\//.test(p.slice(1))) throw apiError(400, `Pointer \`${p}\` contains adjacent "/".`);
  if (p.length > 1 && p.endsWith('/')) throw apiError(400, `Pointer \`${p}\` end with "/".`);
  if (/~[^01]/.test(p) || p.endsWith('~')) throw apiError(400, `Pointer \`${p}\` contains "~" not part of a recognized escape sequence.`);
  const parts = p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~').trim());
  if (parts.length !== 1) throw apiError(400, `Invalid JSON pointer for this resource: '/${parts.join('/')}'`);
  return parts[0];
}

/** The request deserializer: content type, operation shape, read-only and reserved names, schema of values. */
function parseChanges(req: Parameters<Handler>[1]): Change[] {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
  const draft = PATCH_TYPES[type];
  if (!draft) {
    const allowed = Object.keys(PATCH_TYPES).sort().join(', ');
    throw new ApiError(415, `The request media type ${type || 'None'} is not supported by this server.\n\nImage PATCH expects Content-Type one of: ${allowed}`, {
      headers: { 'Accept-Patch': allowed },
    });
  }
  if (req.body === undefined) throw apiError(400, 'Body expected in request.');
  if (!Array.isArray(req.body)) throw apiError(400, 'Request body must be a JSON array of operation objects.');
  return req.body.map((raw: any) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw apiError(400, 'Operations must be JSON objects.');
    let op: string;
    let rawPath: unknown;
    if (draft === 10) {
      op = raw.op;
      if (op === undefined) throw apiError(400, `Unable to find \`op\` in JSON Schema change. It must be one of the following: ${OPS.join(', ')}.`);
      if (!OPS.includes(op)) throw apiError(400, `Invalid operation: \`${op}\`. It must be one of the following: ${OPS.join(', ')}.`);
      if (!('path' in raw)) throw apiError(400, "Unable to find 'path' in JSON Schema change");
      rawPath = raw.path;
    } else {
      const named = OPS.filter((o) => o in raw);
      if (named.length > 1) throw apiError(400, 'Operation objects must contain only one member named "add", "remove", or "replace".');
      if (!named.length) throw apiError(400, 'Operation objects must contain exactly one member named "add", "remove", or "replace".');
      op = named[0];
      rawPath = raw[op];
    }
    const path = pointer(rawPath);
    if (op !== 'remove' && !('value' in raw)) throw apiError(400, `Operation "${op}" requires a member named "value".`);
    if (READ_ONLY.includes(path)) throw apiError(403, readOnly(path));
    checkReserved(path);
    if (op !== 'remove' && path !== 'locations') validateImage({ [path]: raw.value });
    return { op, path, value: raw.value };
  });
}

/** PATCH /v2/images/{image_id} */
export const updateImage: Handler = (ctx, req) => {
  const changes = parseChanges(req);
  const img = findImage(ctx, req, req.params.image_id);
  const work: ImageRow = { ...img };
  const props = properties(ctx, img.id);
  let tagList = tags(ctx, img.id);
  for (const { op, path, value } of changes) {
    if (path === 'locations') throw apiError(403, NO_LOCATIONS);
    if (op === 'replace' && path === 'owner' && !req.auth.is_admin) throw apiError(403, "Owner can't be updated by non admin.");
    if (path === 'visibility' && op !== 'remove') enforceVisibility(req, img, value);
    enforceOwner(req, 'modify_image', img);
    if (op === 'remove') {
      if (ATTRIBUTES.includes(path)) throw apiError(403, `Property ${path} may not be removed.`);
      if (!(path in props)) throw apiError(409, `Property ${path} does not exist.`);
      delete props[path];
    } else if (path === 'tags') {
      tagList = value as string[];
    } else if (ATTRIBUTES.includes(path)) {
      if ((path === 'disk_format' || path === 'container_format') && !['queued', 'importing'].includes(img.status)) {
        throw apiError(403, `Attribute ${path} can be only replaced for a queued image.`);
      }
      if ((path === 'min_disk' || path === 'min_ram') && (value as number) < 0) {
        throw apiError(400, `Invalid value '${value}' for parameter '${path}': Cannot be a negative value`);
      }
      (work as any)[path] = value;
    } else {
      if (op === 'replace' && !(path in props)) throw apiError(409, `Property ${path} does not exist.`);
      props[path] = value as string;
    }
  }
  if (!changes.length) return { status: 200, body: imageView(ctx, img) };
  const patch: Partial<ImageRow> = {};
  for (const k of ATTRIBUTES) if (k !== 'tags' && (work as any)[k] !== (img as any)[k]) (patch as any)[k] = (work as any)[k];
  const old = properties(ctx, img.id);
  for (const k of Object.keys(old)) if (!(k in props)) removeProperty(ctx, img.id, k);
  for (const [k, v] of Object.entries(props)) if (old[k] !== v) setProperty(ctx, img.id, k, v);
  setTags(ctx, img.id, tagList);
  return { status: 200, body: imageView(ctx, saveImage(ctx, img.id, patch)) };
};
