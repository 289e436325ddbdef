/** os-services (admin): list the Nova services with their liveness; enable, disable or force down nova-compute. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest, Row } from '../core/types.ts';
import { atLeast } from './microversion.ts';
import { requireAdmin } from './policy.ts';
import { serviceIsUp, serviceUpdatedAt } from './servicegroup.ts';
import { API, CELL, cellTable, CELL1 } from './state.ts';
import { isUuid } from './validation.ts';

/** The service entry of the request's microversion (uuid ids from 2.53, forced_down from 2.11). */
export function serviceView(ctx: Ctx, req: HandlerRequest, svc: Row): Row {
  const out: Row = {
    id: atLeast(req, '2.53') ? svc.uuid : svc.id,
    binary: svc.binary,
    disabled_reason: svc.disabled_reason,
    host: svc.host,
    state: serviceIsUp(ctx, svc) ? 'up' : 'down',
    status: svc.disabled ? 'disabled' : 'enabled',
    updated_at: serviceUpdatedAt(ctx, svc),
    zone: svc.binary === 'nova-compute' ? 'nova' : 'internal',
  };
  if (atLeast(req, '2.11')) out.forced_down = !!svc.forced_down;
  return out;
}

function services(ctx: Ctx): Row[] {
  return ctx.db.all(CELL.services).filter((s) => !s.deleted);
}

/** GET /os-services (?host=, ?binary=). */
export const listServices: Handler = (ctx, req) => {
  requireAdmin(req, 'os-services:list');
  const host = req.query.get('host');
  const binary = req.query.get('binary');
  const rows = services(ctx).filter((s) => (!host || s.host === host) && (!binary || s.binary === binary));
  return { status: 200, body: { services: rows.map((s) => serviceView(ctx, req, s)) } };
};

function notCompute(binary: string) {
  return apiError(400, `Updating a ${binary} service is not supported. Only nova-compute services can be updated.`);
}

/** PUT /os-services/{id}: from 2.53 the id is the service uuid and the body says what to change. */
export const updateService: Handler = (ctx, req) => {
  const id = req.params.service_id;
  if (!atLeast(req, '2.53')) return legacyAction(ctx, req, id);
  if (!isUuid(id)) throw apiError(400, `Invalid uuid ${id}`);
  requireAdmin(req, 'os-services:update');
  const svc = services(ctx).find((s) => s.uuid === id);
  if (!svc) throw apiError(404, `Service ${id} not found.`);
  if (svc.binary !== 'nova-compute') throw notCompute(svc.binary);
  const b = (req.body ?? {}) as Row;
  const patch: Row = {};
  if (b.status === 'enabled') {
    if (b.disabled_reason) throw apiError(400, "Specifying 'disabled_reason' with status 'enabled' is invalid.");
    Object.assign(patch, { disabled: false, disabled_reason: null });
  } else if (b.status === 'disabled') Object.assign(patch, { disabled: true, disabled_reason: b.disabled_reason ?? null });
  else if (b.status !== undefined) throw apiError(400, `Invalid input for field/attribute status. Value: ${b.status}. '${b.status}' is not one of ['enabled', 'disabled']`);
  if (b.forced_down !== undefined) patch.forced_down = b.forced_down === true || b.forced_down === 'true' || b.forced_down === 'True';
  if (!Object.keys(patch).length) throw apiError(400, "No updates were requested. Fields 'status' or 'forced_down' should be specified.");
  const row = ctx.db.update(CELL.services, String(svc.id), { ...patch, updated_at: ctx.iso() });
  return { status: 200, body: { service: serviceView(ctx, req, row) } };
};

/** The pre-2.53 actions: PUT /os-services/enable, /disable, /disable-log-reason, /force-down with host and binary. */
function legacyAction(ctx: Ctx, req: HandlerRequest, action: string) {
  requireAdmin(req, 'os-services:update');
  const b = (req.body ?? {}) as Row;
  const known = ['enable', 'disable', 'disable-log-reason', ...(atLeast(req, '2.11') ? ['force-down'] : [])];
  if (!known.includes(action)) throw apiError(404, 'Unknown action');
  if (b.binary !== 'nova-compute') throw notCompute(b.binary);
  const svc = services(ctx).find((s) => s.host === b.host && s.binary === b.binary);
  if (!svc) throw apiError(404, `Could not find binary ${b.binary} on host ${b.host}.`);
  const out: Row = { host: b.host, binary: b.binary };
  if (action === 'force-down') {
    if (b.forced_down === undefined) throw apiError(400, 'Missing forced_down field');
    ctx.db.update(CELL.services, String(svc.id), { forced_down: !!b.forced_down });
    out.forced_down = !!b.forced_down;
  } else if (action === 'enable') {
    ctx.db.update(CELL.services, String(svc.id), { disabled: false, disabled_reason: null });
    out.status = 'enabled';
  } else {
    if (action === 'disable-log-reason' && !b.disabled_reason) throw apiError(400, 'Missing disabled reason field');
    ctx.db.update(CELL.services, String(svc.id), { disabled: true, disabled_reason: b.disabled_reason ?? null });
    out.status = 'disabled';
    if (action === 'disable-log-reason') out.disabled_reason = b.disabled_reason;
  }
  return { status: 200, body: { service: out } };
}

/** DELETE /os-services/{id}: removes a compute service that hosts nothing, with its node, provider and host mapping. */
export const deleteService: Handler = (ctx, req) => {
  requireAdmin(req, 'os-services:delete');
  const id = req.params.service_id;
  const uuids = atLeast(req, '2.53');
  if (uuids && !isUuid(id)) throw apiError(400, `Invalid uuid ${id}`);
  const svc = services(ctx).find((s) => (uuids ? s.uuid === id : String(s.id) === id));
  if (!svc) throw apiError(404, `Service ${id} not found.`);
  if (svc.binary === 'nova-compute') {
    const busy = ctx.db.where(cellTable(CELL1, 'instances'), (i) => i.host === svc.host && !i.deleted);
    if (busy.length) throw apiError(409, 'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.');
    for (const node of ctx.db.where(CELL.computeNodes, (n) => n.host === svc.host && !n.deleted)) {
      ctx.http('placement', 'DELETE', `/resource_providers/${node.uuid}`);
      ctx.db.update(CELL.computeNodes, node.uuid, { deleted: node.id, deleted_at: ctx.iso() });
    }
    ctx.db.remove(API.hostMappings, svc.host);
  }
  ctx.db.update(CELL.services, String(svc.id), { deleted: svc.id, deleted_at: ctx.iso() });
  return { status: 204 };
};
