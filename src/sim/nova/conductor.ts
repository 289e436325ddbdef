/** nova-conductor (the super conductor): schedules new builds, buries failures in cell0, retries alternates. */
import type { Ctx, Row, RpcHandler } from '../core/types.ts';
import { faultDetails, MaxRetriesExceeded } from './exceptions.ts';
import { claimResources, deleteAllocations } from './placement-client.ts';
import type { RequestSpec, Selection } from './scheduler.ts';
import { addFault, API, cellTable, CELL0, CELL0_UUID, CELL1, nextId, saveInstance, type CellSchema, type Instance } from './state.ts';

/** What nova-api casts with schedule_and_build_instances. */
export interface BuildArgs {
  build_requests: string[];
  image: Row;
  admin_password: string;
  injected_files: unknown[];
  requested_networks: RequestedNetwork[];
  /** Security group ids (resolved by nova-api through Neutron) for the ports compute creates. */
  security_groups: string[];
  block_device_mapping: Row[];
  tags: string[];
  /** The caller's RequestContext as oslo.messaging carries it (its token makes user-owned volumes). */
  context: { auth_token: string; user_id: string; project_id: string };
}

/** One NIC of the request, resolved by nova-api: a network (maybe with a fixed IP) or a port made beforehand. */
export interface RequestedNetwork {
  network_id?: string;
  port_id?: string;
  address?: string;
}

/** _bury_in_cell0: the instance exists only in cell0, in ERROR, with the scheduling failure as its fault. */
function buryInCell0(ctx: Ctx, uuid: string, err: Error): void {
  const br = ctx.db.get(API.buildRequests, uuid);
  if (!br) return;
  const table = cellTable(CELL0, 'instances');
  const inst: Instance = { ...(br.instance as Instance), id: nextId(ctx, table), vm_state: 'error', task_state: null, updated_at: ctx.iso() };
  ctx.db.insert(table, uuid, inst);
  addFault(ctx, CELL0, uuid, 500, err.message, faultDetails(err, 'nova/conductor/manager.py'), null);
  ctx.db.update(API.instanceMappings, uuid, { cell_id: CELL0_UUID });
  ctx.db.remove(API.buildRequests, uuid);
}

/** Creates the instance row in the cell of the chosen host, with its BDMs, and drops the BuildRequest. */
function createInstanceInCell(ctx: Ctx, br: Row, sel: Selection, schema: CellSchema): Instance {
  const table = cellTable(schema, 'instances');
  const inst: Instance = {
    ...(br.instance as Instance),
    id: nextId(ctx, table),
    host: sel.service_host,
    node: sel.nodename,
    availability_zone: 'nova',
    updated_at: ctx.iso(),
  };
  ctx.db.insert(table, inst.uuid, inst);
  const bdmTable = cellTable(schema, 'block_device_mapping');
  for (const bdm of br.block_device_mappings ?? []) ctx.db.insert(bdmTable, bdm.uuid, { ...bdm, id: nextId(ctx, bdmTable), instance_uuid: inst.uuid });
  const actions = cellTable(schema, 'instance_actions');
  ctx.db.insert(actions, `${inst.uuid}:create`, {
    id: nextId(ctx, actions), action: 'create', instance_uuid: inst.uuid, request_id: ctx.requestId ?? null,
    user_id: inst.user_id, project_id: inst.project_id, start_time: inst.created_at, finish_time: null, message: null,
  });
  ctx.db.update(API.instanceMappings, inst.uuid, { cell_id: sel.cell_uuid });
  ctx.db.remove(API.buildRequests, inst.uuid);
  return inst;
}

/** The message that starts the build on the chosen host. */
function castBuild(ctx: Ctx, uuid: string, args: BuildArgs, spec: RequestSpec, list: Selection[], attempts: string[][]): void {
  const sel = list[0];
  ctx.cast(`compute.${sel.service_host}`, 'build_and_run_instance', {
    instance: uuid,
    image: args.image,
    request_spec: spec,
    filter_properties: { retry: { num_attempts: attempts.length, hosts: attempts } },
    admin_password: args.admin_password,
    injected_files: args.injected_files,
    requested_networks: args.requested_networks,
    security_groups: args.security_groups,
    block_device_mapping: args.block_device_mapping,
    tags: args.tags,
    context: args.context,
    host: sel.service_host,
    node: sel.nodename,
    limits: sel.limits,
    host_list: list.slice(1),
  });
}

/** schedule_and_build_instances: ask the scheduler, create each instance in its cell, cast the build to its host. */
export const scheduleAndBuildInstances: RpcHandler = (ctx, args: BuildArgs) => {
  const uuids = args.build_requests;
  // One spec serves the whole multi-create; the user may already have deleted the first server (its spec went with it).
  const spec = uuids.map((u) => ctx.db.get(API.requestSpecs, u)?.spec).find(Boolean) as RequestSpec | undefined;
  if (!spec) return;
  let lists: Selection[][];
  try {
    lists = ctx.call('scheduler', 'select_destinations', {
      request_spec: spec,
      instance_uuids: uuids,
      return_objects: true,
      return_alternates: true,
    }) as Selection[][];
  } catch (e) {
    for (const uuid of uuids) buryInCell0(ctx, uuid, e as Error);
    return;
  }
  uuids.forEach((uuid, i) => {
    const list = lists[i];
    const sel = list[0];
    const br = ctx.db.get(API.buildRequests, uuid);
    if (!br) {
      // Deleted by the user while it was being scheduled: give the claim back.
      deleteAllocations(ctx, uuid);
      return;
    }
    const mapping = ctx.db.get(API.hostMappings, sel.service_host);
    if (!mapping) {
      deleteAllocations(ctx, uuid);
      buryInCell0(ctx, uuid, Object.assign(new Error(`Host '${sel.service_host}' is not mapped to any cell`), { name: 'HostMappingNotFound' }));
      return;
    }
    createInstanceInCell(ctx, br, { ...sel, cell_uuid: mapping.cell_id }, CELL1);
    castBuild(ctx, uuid, args, { ...spec, instance_uuid: uuid }, list, [[sel.service_host, sel.nodename]]);
  });
};

/** What nova-compute casts back when a build must be rescheduled. */
interface RebuildArgs extends BuildArgs {
  instances: string[];
  request_spec: RequestSpec;
  filter_properties: { retry: { num_attempts: number; hosts: string[][] } };
  host_lists: Selection[][];
}

/** build_instances (a reschedule): claim the next alternate and cast the build there; none left → ERROR. */
export const buildInstances: RpcHandler = (ctx, args: RebuildArgs) => {
  const uuid = args.instances[0];
  const table = cellTable(CELL1, 'instances');
  const inst = ctx.db.get<Instance>(table, uuid);
  if (!inst || inst.deleted || inst.task_state === 'deleting') return;
  const alternates = [...(args.host_lists?.[0] ?? [])];
  let chosen: Selection | undefined;
  while (alternates.length) {
    const sel = alternates.shift()!;
    const req = JSON.parse(sel.allocation_request);
    if (claimResources(ctx, uuid, req.allocations, inst.project_id, inst.user_id)) {
      chosen = sel;
      break;
    }
  }
  if (!chosen) {
    const err = new MaxRetriesExceeded(`Exhausted all hosts available for retrying build failures for instance ${uuid}.`);
    saveInstance(ctx, CELL1, uuid, { vm_state: 'error', task_state: null });
    addFault(ctx, CELL1, uuid, 500, err.message, faultDetails(err, 'nova/conductor/manager.py'), null);
    return;
  }
  saveInstance(ctx, CELL1, uuid, { host: chosen.service_host, node: chosen.nodename });
  const attempts = [...(args.filter_properties?.retry?.hosts ?? []), [chosen.service_host, chosen.nodename]];
  castBuild(ctx, uuid, args, args.request_spec, [chosen, ...alternates], attempts);
};

