/** Flavors: list, show, create (admin), update the description, delete. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest, Row } from '../core/types.ts';
import { atLeast } from './microversion.ts';
import { requireAdmin } from './policy.ts';
import { API, nextId, type FlavorSnapshot } from './state.ts';
import { bodyObject, checkInt, checkName, invalid, noExtraKeys, pyRepr, requireKey } from './validation.ts';

const BASE = 'http://controller:8774';

/** self and bookmark links of a resource, as Nova builds them. */
export function links(collection: string, id: string) {
  return [
    { rel: 'self', href: `${BASE}/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${BASE}/${collection}/${id}` },
  ];
}

/** The flavor `id` the caller may see (public, or private with access, or any for admins); 404 otherwise. */
export function findFlavor(ctx: Ctx, req: HandlerRequest, id: string): Row {
  const f = ctx.db.get(API.flavors, id);
  if (!f || !canSee(ctx, req, f)) throw apiError(404, `Flavor ${id} could not be found.`);
  return f;
}

function canSee(ctx: Ctx, req: HandlerRequest, f: Row): boolean {
  return req.auth.is_admin || f.is_public || !!ctx.db.get(API.flavorProjects, `${f.flavorid}:${req.auth.project_id}`);
}

/** The copy of a flavor an instance keeps. */
export function snapshot(f: Row): FlavorSnapshot {
  return {
    flavorid: f.flavorid, name: f.name, memory_mb: f.memory_mb, vcpus: f.vcpus, root_gb: f.root_gb,
    ephemeral_gb: f.ephemeral_gb, swap: f.swap, extra_specs: { ...f.extra_specs },
  };
}

function summary(req: HandlerRequest, f: Row) {
  const out: Row = { id: f.flavorid, name: f.name, links: links('flavors', f.flavorid) };
  if (atLeast(req, '2.55')) out.description = f.description;
  return out;
}

/** The detailed flavor view of the request's microversion. */
export function flavorView(req: HandlerRequest, f: Row) {
  const out: Row = {
    id: f.flavorid,
    name: f.name,
    ram: f.memory_mb,
    disk: f.root_gb,
    swap: f.swap || (atLeast(req, '2.75') ? 0 : ''),
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral_gb,
    'OS-FLV-DISABLED:disabled': f.disabled,
    vcpus: f.vcpus,
    'os-flavor-access:is_public': f.is_public,
    rxtx_factor: f.rxtx_factor,
    links: links('flavors', f.flavorid),
  };
  if (atLeast(req, '2.55')) out.description = f.description;
  if (atLeast(req, '2.61')) out.extra_specs = { ...f.extra_specs };
  return out;
}

/** The flavors a listing returns, after is_public, minRam/minDisk, sort, marker and limit. */
function listed(ctx: Ctx, req: HandlerRequest): Row[] {
  const q = req.query;
  let publicFilter: boolean | null = true;
  if (req.auth.is_admin && q.has('is_public')) {
    const v = q.get('is_public')!.toLowerCase();
    if (v === 'none') publicFilter = null;
    else if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) publicFilter = true;
    else if (['false', '0', 'no', 'off', 'f', 'n'].includes(v)) publicFilter = false;
    else throw apiError(400, `Invalid is_public filter [${q.get('is_public')}]`);
  }
  let rows = ctx.db.all(API.flavors).filter((f) => {
    if (publicFilter === null) return true;
    if (f.is_public === publicFilter) return true;
    return publicFilter && !!ctx.db.get(API.flavorProjects, `${f.flavorid}:${req.auth.project_id}`);
  });
  if (!req.auth.is_admin) rows = rows.filter((f) => !f.disabled);
  const minRam = q.get('minRam');
  const minDisk = q.get('minDisk');
  if (minRam !== null) rows = rows.filter((f) => f.memory_mb >= Number(minRam));
  if (minDisk !== null) rows = rows.filter((f) => f.root_gb >= Number(minDisk));
  const key = q.get('sort_key') ?? 'flavorid';
  const column = ({ id: 'flavorid', ram: 'memory_mb', disk: 'root_gb' } as Record<string, string>)[key] ?? key;
  const dir = q.get('sort_dir') === 'desc' ? -1 : 1;
  rows.sort((a, b) => (a[column] < b[column] ? -dir : a[column] > b[column] ? dir : 0));
  const marker = q.get('marker');
  if (marker !== null) {
    const i = rows.findIndex((f) => f.flavorid === marker);
    if (i < 0) throw apiError(400, `marker [${marker}] not found`);
    rows = rows.slice(i + 1);
  }
  const limit = q.get('limit');
  if (limit !== null) rows = rows.slice(0, checkInt(limit, 'limit', 0));
  return rows;
}

export const listFlavors: Handler = (ctx, req) => ({ status: 200, body: { flavors: listed(ctx, req).map((f) => summary(req, f)) } });

export const listFlavorsDetail: Handler = (ctx, req) => ({ status: 200, body: { flavors: listed(ctx, req).map((f) => flavorView(req, f)) } });

export const showFlavor: Handler = (ctx, req) => ({ status: 200, body: { flavor: flavorView(req, findFlavor(ctx, req, req.params.flavor_id)) } });

const CREATE_KEYS = ['name', 'id', 'ram', 'vcpus', 'disk', 'OS-FLV-EXT-DATA:ephemeral', 'swap', 'rxtx_factor', 'os-flavor-access:is_public'];

/** POST /flavors (admin): 409 on a duplicate name or id. */
export const createFlavor: Handler = (ctx, req) => {
  requireAdmin(req, 'os-flavor-manage:create');
  const b = bodyObject(req.body, 'flavor');
  noExtraKeys(b, atLeast(req, '2.55') ? [...CREATE_KEYS, 'description'] : CREATE_KEYS, 'flavor');
  for (const k of ['name', 'ram', 'vcpus', 'disk']) requireKey(b, k, 'flavor');
  const name = checkName(b.name, 'name');
  let id: string = b.id === undefined || b.id === null ? ctx.ids.uuid() : b.id;
  if (typeof id !== 'string' || !/^(?! )[a-zA-Z0-9. _-]+(?<! )$/.test(id) || id.length > 255) {
    throw invalid('id', b.id, `${pyRepr(b.id)} does not match '^(?! )[a-zA-Z0-9. _-]+(?<! )$'`);
  }
  if (id === 'auto') id = ctx.ids.uuid();
  const rxtx = b.rxtx_factor ?? 1.0;
  if (typeof rxtx !== 'number' || rxtx <= 0) throw invalid('rxtx_factor', rxtx, `${pyRepr(rxtx)} is less than or equal to the minimum of 0`);
  const isPublic = b['os-flavor-access:is_public'] ?? true;
  if (typeof isPublic !== 'boolean') throw invalid('os-flavor-access:is_public', isPublic, `${pyRepr(isPublic)} is not of type 'boolean'`);
  const row = {
    id: nextId(ctx, API.flavors),
    flavorid: id,
    name,
    memory_mb: checkInt(b.ram, 'ram', 1),
    vcpus: checkInt(b.vcpus, 'vcpus', 1),
    root_gb: checkInt(b.disk, 'disk', 0),
    ephemeral_gb: checkInt(b['OS-FLV-EXT-DATA:ephemeral'] ?? 0, 'OS-FLV-EXT-DATA:ephemeral', 0),
    swap: checkInt(b.swap ?? 0, 'swap', 0),
    rxtx_factor: rxtx,
    vcpu_weight: null,
    disabled: false,
    is_public: isPublic,
    description: b.description ?? null,
    extra_specs: {},
    created_at: ctx.iso(),
  };
  if (ctx.db.all(API.flavors).some((f) => f.name === name)) throw apiError(409, `Flavor with name ${name} already exists.`);
  if (ctx.db.get(API.flavors, id)) throw apiError(409, `Flavor with ID ${id} already exists.`);
  ctx.db.insert(API.flavors, id, row);
  return { status: 200, body: { flavor: flavorView(req, row) } };
};

/** PUT /flavors/{id} (2.55+, admin): only the description can change. */
export const updateFlavor: Handler = (ctx, req) => {
  if (!atLeast(req, '2.55')) throw apiError(404, 'The resource could not be found.');
  requireAdmin(req, 'os-flavor-manage:update');
  const b = bodyObject(req.body, 'flavor');
  noExtraKeys(b, ['description'], 'flavor');
  requireKey(b, 'description', 'flavor');
  const f = findFlavor(ctx, req, req.params.flavor_id);
  const row = ctx.db.update(API.flavors, f.flavorid, { description: b.description });
  return { status: 200, body: { flavor: flavorView(req, row) } };
};

/** DELETE /flavors/{id} (admin): 202. Servers keep their copy of the flavor. */
export const deleteFlavor: Handler = (ctx, req) => {
  requireAdmin(req, 'os-flavor-manage:delete');
  const f = findFlavor(ctx, req, req.params.flavor_id);
  ctx.db.remove(API.flavors, f.flavorid);
  for (const a of ctx.db.where(API.flavorProjects, (x) => x.flavor_id === f.flavorid)) ctx.db.remove(API.flavorProjects, `${a.flavor_id}:${a.project_id}`);
  return { status: 202 };
};
