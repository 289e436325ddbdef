/** Host aggregates (os-aggregates): groups of compute hosts, admin only. `hypervisor show` lists them. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { atLeast } from './microversion.ts';
import { requireAdmin } from './policy.ts';
import { nextId } from './state.ts';

const AGGREGATES = 'nova_api.aggregates';
const HOSTS = 'nova_api.aggregate_hosts';

function view(ctx: Ctx, req: HandlerRequest, a: any) {
  const hosts = ctx.db.where(HOSTS, (h) => h.aggregate_id === a.id).map((h) => h.host as string);
  const out: Record<string, unknown> = {
    availability_zone: a.availability_zone, created_at: a.created_at, deleted: false, deleted_at: null,
    hosts, id: a.id, metadata: a.availability_zone ? { availability_zone: a.availability_zone } : {},
    name: a.name, updated_at: a.updated_at,
  };
  if (atLeast(req, '2.41')) out.uuid = a.uuid;
  return out;
}

function find(ctx: Ctx, id: string) {
  const a = ctx.db.get(AGGREGATES, id);
  if (!a) throw apiError(404, `Aggregate ${id} could not be found.`);
  return a;
}

/** GET /os-aggregates */
export const listAggregates: Handler = (ctx, req) => {
  requireAdmin(req, 'os-aggregates:index');
  return { status: 200, body: { aggregates: ctx.db.all(AGGREGATES).map((a) => view(ctx, req, a)) } };
};

/** POST /os-aggregates */
export const createAggregate: Handler = (ctx, req) => {
  requireAdmin(req, 'os-aggregates:create');
  const b = req.body?.aggregate;
  if (!b || typeof b.name !== 'string' || !b.name.trim() || b.name.length > 255) {
    throw apiError(400, "Invalid input for field/attribute aggregate. Value: None. 'name' is a required property");
  }
  if (ctx.db.all(AGGREGATES).some((a) => a.name === b.name)) throw apiError(409, `Aggregate ${b.name} already exists.`);
  const id = nextId(ctx, AGGREGATES);
  const row = { id, uuid: ctx.ids.uuid(), name: b.name, availability_zone: b.availability_zone ?? null, created_at: ctx.iso(), updated_at: null };
  ctx.db.insert(AGGREGATES, String(id), row);
  return { status: 200, body: { aggregate: view(ctx, req, row) } };
};

/** GET /os-aggregates/{aggregate_id} */
export const showAggregate: Handler = (ctx, req) => {
  requireAdmin(req, 'os-aggregates:show');
  return { status: 200, body: { aggregate: view(ctx, req, find(ctx, req.params.aggregate_id)) } };
};

/** DELETE /os-aggregates/{aggregate_id}: only an empty aggregate. */
export const deleteAggregate: Handler = (ctx, req) => {
  requireAdmin(req, 'os-aggregates:delete');
  const a = find(ctx, req.params.aggregate_id);
  if (ctx.db.where(HOSTS, (h) => h.aggregate_id === a.id).length) {
    throw apiError(400, `Cannot remove host from aggregate ${a.id}. Reason: Host aggregate is not empty.`);
  }
  ctx.db.remove(AGGREGATES, String(a.id));
  return { status: 200 };
};

/** POST /os-aggregates/{aggregate_id}/action: add_host / remove_host. */
export const aggregateAction: Handler = (ctx, req) => {
  const a = find(ctx, req.params.aggregate_id);
  const [action] = Object.keys(req.body ?? {});
  const host = req.body?.[action]?.host;
  if ((action !== 'add_host' && action !== 'remove_host') || typeof host !== 'string') {
    throw apiError(400, 'Invalid input for field/attribute aggregate action.');
  }
  requireAdmin(req, `os-aggregates:${action}`);
  const key = `${a.id}/${host}`;
  if (action === 'add_host') {
    if (!ctx.db.get('nova_api.host_mappings', host)) {
      throw apiError(404, `Compute host ${host} could not be found.`);
    }
    if (ctx.db.get(HOSTS, key)) throw apiError(409, `Aggregate ${a.id} already has host ${host}.`);
    ctx.db.insert(HOSTS, key, { aggregate_id: a.id, host });
  } else {
    if (!ctx.db.get(HOSTS, key)) throw apiError(404, `Cannot remove host ${host} in aggregate ${a.id}`);
    ctx.db.remove(HOSTS, key);
  }
  return { status: 200, body: { aggregate: view(ctx, req, a) } };
};
