/** Servers: list (summary and detail), show, update (rename) and delete. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest, Row } from '../core/types.ts';
import { atLeast } from './microversion.ts';
import { cleanupVolumesLocally, deallocateLocally } from './local-delete.ts';
import { policyError } from './policy.ts';
import { findService, serviceIsUp } from './servicegroup.ts';
import { serverSummary, serverView, statusOf, vmStatesFor } from './server-view.ts';
import { allServers, API, cellTable, findServer, nextId, type Instance, type ServerRef } from './state.ts';
import { bodyObject, checkInt, checkName, noExtraKeys } from './validation.ts';
import { deleteAllocations } from './placement-client.ts';

/** The servers a listing returns after the project scope, filters, sorting and paging. */
function listed(ctx: Ctx, req: HandlerRequest): ServerRef[] {
  const q = req.query;
  const admin = req.auth.is_admin;
  const allTenants = q.has('all_tenants') && !['0', 'false', 'False'].includes(q.get('all_tenants')!);
  if (allTenants && !admin) throw policyError('servers:index:get_all_tenants');
  const deleted = admin && ['true', 'True', '1'].includes(q.get('deleted') ?? '');
  let rows = allServers(ctx, deleted).filter((s) => !deleted || s.inst.deleted);
  const project = allTenants ? q.get('project_id') ?? q.get('tenant_id') : req.auth.project_id;
  if (project) rows = rows.filter((s) => s.inst.project_id === project);
  const name = q.get('name');
  if (name) {
    let re: RegExp;
    try {
      re = new RegExp(name, 'i');
    } catch {
      re = new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    }
    rows = rows.filter((s) => re.test(s.inst.display_name));
  }
  const status = q.get('status');
  if (status) {
    const states = vmStatesFor(status.toUpperCase());
    if (!states.length && atLeast(req, '2.38')) throw apiError(400, `Invalid status value`);
    rows = rows.filter((s) => (s.inst.deleted ? 'DELETED' : statusOf(s.inst.vm_state, s.inst.task_state)) === status.toUpperCase());
  }
  if (admin && q.get('host')) rows = rows.filter((s) => s.inst.host === q.get('host'));
  if (q.get('flavor')) rows = rows.filter((s) => s.inst.flavor.flavorid === q.get('flavor'));
  if (q.get('image')) rows = rows.filter((s) => s.inst.image_ref === q.get('image'));
  if (q.get('ip')) {
    const re = new RegExp(q.get('ip')!);
    rows = rows.filter((s) => JSON.stringify(ctx.db.get(cellTable(s.schema ?? 'nova', 'instance_info_caches'), s.inst.uuid)?.network_info ?? []).match(/"address":"[\d.]+"/g)?.some((m) => re.test(m.slice(11, -1))));
  }
  const since = q.get('changes-since');
  if (since) rows = rows.filter((s) => (s.inst.updated_at ?? s.inst.created_at) >= since);
  rows.sort((a, b) => (a.inst.created_at < b.inst.created_at ? 1 : a.inst.created_at > b.inst.created_at ? -1 : b.inst.launch_index - a.inst.launch_index || (a.inst.uuid < b.inst.uuid ? 1 : -1)));
  if (q.get('sort_dir') === 'asc') rows.reverse();
  const marker = q.get('marker');
  if (marker !== null) {
    const i = rows.findIndex((s) => s.inst.uuid === marker);
    if (i < 0) throw apiError(400, `marker [${marker}] not found`);
    rows = rows.slice(i + 1);
  }
  const limit = q.get('limit');
  if (limit !== null) rows = rows.slice(0, checkInt(limit, 'limit', 0));
  return rows;
}

export const listServers: Handler = (ctx, req) => ({ status: 200, body: { servers: listed(ctx, req).map(serverSummary) } });

export const listServersDetail: Handler = (ctx, req) => ({ status: 200, body: { servers: listed(ctx, req).map((s) => serverView(ctx, req, s, false)) } });

export const showServer: Handler = (ctx, req) => ({ status: 200, body: { server: serverView(ctx, req, findServer(ctx, req, req.params.server_id)) } });

/** Keys the update answer leaves out before 2.75 (it used a reduced view). */
const NOT_IN_UPDATE = /^(OS-EXT-|OS-SRV-USG|os-extended-volumes|config_drive|key_name|security_groups|host_status)/;

/** PUT /servers/{id}: name (and description from 2.19, hostname from 2.90). */
export const updateServer: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  const b = bodyObject(req.body, 'server');
  noExtraKeys(b, ['name', 'accessIPv4', 'accessIPv6', 'OS-DCF:diskConfig', ...(atLeast(req, '2.19') ? ['description'] : []), ...(atLeast(req, '2.90') ? ['hostname'] : [])], 'server');
  const patch: Partial<Instance> = {};
  if (b.name !== undefined) patch.display_name = checkName(b.name, 'name');
  if (b.description !== undefined) patch.display_description = b.description;
  if (b.accessIPv4 !== undefined) patch.access_ip_v4 = b.accessIPv4;
  if (b.accessIPv6 !== undefined) patch.access_ip_v6 = b.accessIPv6;
  if (b.hostname !== undefined) patch.hostname = b.hostname;
  let updated: ServerRef;
  if (!ref.schema) {
    const br = ctx.db.get(API.buildRequests, ref.inst.uuid)!;
    const inst = { ...br.instance, ...patch };
    ctx.db.update(API.buildRequests, ref.inst.uuid, { instance: inst });
    updated = { inst, schema: null };
  } else {
    const inst = ctx.db.update<Instance>(cellTable(ref.schema, 'instances'), ref.inst.uuid, { ...patch, updated_at: ctx.iso() });
    updated = { inst, schema: ref.schema };
  }
  const view: Row = serverView(ctx, req, updated);
  if (!atLeast(req, '2.75')) for (const k of Object.keys(view)) if (NOT_IN_UPDATE.test(k)) delete view[k];
  return { status: 200, body: { server: view } };
};

/** Records an instance action (what `openstack server event list` shows). */
export function recordAction(ctx: Ctx, req: HandlerRequest, ref: ServerRef, action: string): void {
  if (!ref.schema) return;
  const table = cellTable(ref.schema, 'instance_actions');
  ctx.db.insert(table, `${ref.inst.uuid}:${action}:${req.requestId}`, {
    id: nextId(ctx, table), action, instance_uuid: ref.inst.uuid, request_id: req.requestId, user_id: req.auth.user_id,
    project_id: req.auth.project_id, start_time: ctx.iso(), finish_time: null, message: null,
  });
}

/** check_instance_lock: a locked server refuses changes from non-admins. */
export function checkLock(req: HandlerRequest, inst: Instance): void {
  if (inst.locked_by && !req.auth.is_admin) throw apiError(409, `Instance ${inst.uuid} is locked`);
}

/** DELETE /servers/{id}: 204; the compute host terminates it, or the API deletes locally when there is none. */
export const deleteServer: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  const inst = ref.inst;
  checkLock(req, inst);
  if (!ref.schema) {
    // Still a BuildRequest: nothing was built, so deleting it is enough (the conductor gives any claim back).
    ctx.db.remove(API.buildRequests, inst.uuid);
    ctx.db.remove(API.requestSpecs, inst.uuid);
    ctx.db.remove(API.instanceMappings, inst.uuid);
    return { status: 204 };
  }
  const table = cellTable(ref.schema, 'instances');
  ctx.db.update(API.instanceMappings, inst.uuid, { queued_for_delete: true });
  recordAction(ctx, req, ref, 'delete');
  const service = inst.host ? findService(ctx, 'nova-compute', inst.host) : undefined;
  if (!inst.host || !service || !serviceIsUp(ctx, service)) {
    // _local_delete: no host, or its compute service is down; nova-api cleans up itself.
    deallocateLocally(ctx, ref);
    cleanupVolumesLocally(ctx, ref);
    deleteAllocations(ctx, inst.uuid);
    ctx.db.update(table, inst.uuid, {
      vm_state: 'deleted', task_state: null, power_state: 0, terminated_at: ctx.iso(), updated_at: ctx.iso(), deleted: inst.id, deleted_at: ctx.iso(),
    });
    return { status: 204 };
  }
  ctx.db.update(table, inst.uuid, { task_state: 'deleting', progress: 0, updated_at: ctx.iso() });
  ctx.cast(`compute.${inst.host}`, 'terminate_instance', { instance: inst.uuid, bdms: [], delete_type: 'delete' });
  return { status: 204 };
};
