/** GET /v2/images: filters, visibility rules, sorting and marker/limit paging (glance.db.sqlalchemy image_get_all). */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { imageNotFound } from './messages.ts';
import { canListImages, enforce } from './policy.ts';
import { getImage, IMAGES, imageView, membership, properties, tags, type ImageRow } from './state.ts';

/** CONF.limit_param_default and CONF.api_limit_max. */
const LIMIT_DEFAULT = 25;
const LIMIT_MAX = 1000;
const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'];
/** Query keys that are not filters. */
const CONTROL = ['limit', 'marker', 'member_status', 'tag', 'sort', 'sort_key', 'sort_dir'];
/** Filters on columns of glance.images; any other key filters on a custom property. */
const COLUMNS = ['name', 'id', 'status', 'container_format', 'disk_format', 'owner', 'visibility', 'checksum', 'os_hash_value'];

type Filter = (img: ImageRow) => boolean;

function bool(q: URLSearchParams, key: string, lower: boolean): boolean | undefined {
  const raw = q.get(key);
  if (raw === null) return undefined;
  const v = lower ? raw.toLowerCase() : raw;
  if (v !== 'true' && v !== 'false') throw apiError(400, `Invalid value '${v}' for '${key}' filter. Valid values are 'true' or 'false'.`);
  return v === 'true';
}

/** glance.common.utils.split_filter_op: `in:a,b`, `eq:a` or a plain value. */
function columnFilter(key: keyof ImageRow, expr: string): Filter {
  const colon = expr.indexOf(':');
  const [op, value] = colon < 0 ? ['eq', expr] : [expr.slice(0, colon), expr.slice(colon + 1)];
  if (op === 'eq') return (img) => String(img[key]) === value;
  if (op === 'in') {
    const wanted = value.split(',').map((v) => v.trim().replace(/^"(.*)"$/, '$1'));
    return (img) => wanted.includes(String(img[key]));
  }
  throw apiError(400, `Unable to filter by unknown operator '${op}'.`);
}

function sorting(q: URLSearchParams): { keys: string[]; dirs: string[] } {
  const checkKey = (k: string) => {
    if (!SORT_KEYS.includes(k)) throw apiError(400, `Invalid sort key: ${k}. It must be one of the following: ${SORT_KEYS.join(', ')}.`);
    return k;
  };
  const checkDir = (d: string) => {
    if (d !== 'asc' && d !== 'desc') throw apiError(400, `Invalid sort direction: ${d}`);
    return d;
  };
  const keys: string[] = [];
  let dirs: string[] = [];
  if (q.has('sort')) {
    if (q.has('sort_key') || q.has('sort_dir')) throw apiError(400, 'Old and new sorting syntax cannot be combined');
    for (const part of q.get('sort')!.trim().split(',')) {
      const [k, d] = part.split(':');
      keys.push(checkKey(k.trim()));
      dirs.push(checkDir((d ?? 'desc').trim()));
    }
  } else {
    keys.push(...q.getAll('sort_key').map((k) => checkKey(k.trim())));
    dirs = q.getAll('sort_dir').map((d) => checkDir(d.trim()));
    if (dirs.length > 1 && dirs.length !== keys.length) throw apiError(400, 'Number of sort dirs does not match the number of sort keys');
  }
  if (!keys.length) keys.push('created_at');
  if (!dirs.length) dirs.push('desc');
  while (dirs.length < keys.length) dirs.push(dirs[0]);
  // The database layer always ends the order with created_at and id, descending.
  for (const k of ['created_at', 'id']) if (!keys.includes(k)) {
    keys.push(k);
    dirs.push('desc');
  }
  return { keys, dirs };
}

function compare(a: ImageRow, b: ImageRow, keys: string[], dirs: string[]): number {
  for (let i = 0; i < keys.length; i += 1) {
    const x = (a as any)[keys[i]];
    const y = (b as any)[keys[i]];
    if (x === y) continue;
    const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    return dirs[i] === 'asc' ? c : -c;
  }
  return 0;
}

/** The images a caller may list before filters: admins all; others public, community, own and accepted shared ones. */
function candidates(ctx: Ctx, req: HandlerRequest, memberStatus: string): ImageRow[] {
  const all = ctx.db.where<ImageRow>(IMAGES, (i) => !i.deleted && i.status !== 'killed');
  if (req.auth.is_admin) return all;
  const project = req.auth.project_id;
  return all.filter((i) => {
    if (i.visibility === 'public' || i.visibility === 'community' || i.owner === project) return true;
    if (i.visibility !== 'shared') return false;
    const m = membership(ctx, i.id, project);
    return !!m && (memberStatus === 'all' || m.status === memberStatus);
  });
}

/** GET /v2/images */
export const listImages: Handler = (ctx, req) => {
  enforce('get_images', canListImages(req));
  const q = req.query;
  let limit = LIMIT_DEFAULT;
  if (q.has('limit')) {
    const raw = q.get('limit')!.trim();
    if (!/^[-+]?\d+$/.test(raw)) throw apiError(400, 'limit param must be an integer');
    limit = Number(raw);
    if (limit < 0) throw apiError(400, 'limit param must be positive');
  }
  limit = Math.min(limit, LIMIT_MAX);
  const memberStatus = q.get('member_status') ?? 'accepted';
  if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatus)) throw apiError(400, `Invalid status: ${memberStatus}`);
  const visibility = q.get('visibility');
  if (visibility && !['community', 'public', 'private', 'shared', 'all'].includes(visibility)) {
    throw apiError(400, `Invalid visibility value: ${visibility}`);
  }
  if (q.has('changes-since')) throw apiError(400, 'The "changes-since" filter is no longer available on v2.');
  const { keys, dirs } = sorting(q);

  const filters: Filter[] = [];
  const hidden = bool(q, 'os_hidden', true) ?? false;
  filters.push((i) => i.os_hidden === hidden);
  const prot = bool(q, 'protected', false);
  if (prot !== undefined) filters.push((i) => i.protected === prot);
  // Without a visibility filter, community images show only to their owner.
  if (visibility && visibility !== 'all') filters.push((i) => i.visibility === visibility);
  if (!visibility) filters.push((i) => i.visibility !== 'community' || i.owner === req.auth.project_id);
  for (const t of q.getAll('tag')) filters.push((i) => tags(ctx, i.id).includes(t.trim()));
  for (const [k, v] of q.entries()) {
    if (CONTROL.includes(k) || ['os_hidden', 'protected', 'visibility'].includes(k)) continue;
    if (k === 'size_min' || k === 'size_max') {
      if (!/^[-+]?\d+$/.test(v.trim())) throw apiError(400, 'Unable to filter on a range with a non-numeric value.');
      const n = Number(v);
      filters.push(k === 'size_min' ? (i) => i.size !== null && i.size >= n : (i) => i.size !== null && i.size <= n);
    } else if (['name', 'id', 'status', 'container_format', 'disk_format'].includes(k)) {
      filters.push(columnFilter(k as keyof ImageRow, v));
    } else if (COLUMNS.includes(k)) {
      filters.push((i) => String((i as any)[k]) === v);
    } else {
      filters.push((i) => properties(ctx, i.id)[k] === v);
    }
  }

  let rows = candidates(ctx, req, memberStatus).filter((i) => filters.every((f) => f(i)));
  rows.sort((a, b) => compare(a, b, keys, dirs));
  const marker = q.get('marker');
  if (marker !== null) {
    const m = getImage(ctx, marker);
    if (!m || !candidates(ctx, req, 'all').some((i) => i.id === marker)) throw apiError(400, imageNotFound(marker));
    rows = rows.filter((r) => compare(r, m, keys, dirs) > 0);
  }
  const page = rows.slice(0, limit);

  const params = new URLSearchParams([...q.entries()].filter(([k]) => k !== 'marker'));
  const body: Record<string, unknown> = {
    images: page.map((i) => imageView(ctx, i)),
    first: params.size ? `/v2/images?${params}` : '/v2/images',
    schema: '/v2/schemas/images',
  };
  if (page.length && page.length === limit) {
    params.append('marker', page[page.length - 1].id);
    body.next = `/v2/images?${params}`;
  }
  return { status: 200, body };
};
