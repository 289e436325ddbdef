/** The conductor's object indirection API: nova-compute has no database access, so every save is an RPC call here. */
import type { Ctx, RpcHandler } from '../core/types.ts';
import { addFault, cellTable, CELL1, saveInstance, type Instance } from './state.ts';

/** A save that found the instance in another task_state than the caller expected (Nova's UnexpectedTaskStateError). */
export class UnexpectedTaskStateError extends Error {
  constructor(uuid: string, expected: (string | null)[], actual: string | null) {
    super(`Conflict updating instance ${uuid}. Expected: {'task_state': [${expected.map((e) => (e === null ? 'None' : `'${e}'`)).join(', ')}]}. Actual: {'task_state': ${actual === null ? 'None' : `'${actual}'`}}`);
    this.name = actual === 'deleting' ? 'UnexpectedDeletingTaskStateError' : 'UnexpectedTaskStateError';
  }
}

/** The instance was deleted under the caller (Nova's InstanceNotFound). */
export class InstanceNotFound extends Error {
  constructor(uuid: string) {
    super(`Instance ${uuid} could not be found.`);
    this.name = 'InstanceNotFound';
  }
}

type ObjectAction = (ctx: Ctx, a: any) => unknown;

const ACTIONS: Record<string, ObjectAction> = {
  'Instance.save': (ctx, a: { uuid: string; updates: Partial<Instance>; expected_task_state?: (string | null)[] }) => {
    const inst = ctx.db.get<Instance>(cellTable(CELL1, 'instances'), a.uuid);
    if (!inst || inst.deleted) throw new InstanceNotFound(a.uuid);
    if (a.expected_task_state && !a.expected_task_state.includes(inst.task_state)) {
      throw new UnexpectedTaskStateError(a.uuid, a.expected_task_state, inst.task_state);
    }
    return saveInstance(ctx, CELL1, a.uuid, a.updates);
  },
  'Instance.destroy': (ctx, a: { uuid: string }) => {
    const inst = ctx.db.get<Instance>(cellTable(CELL1, 'instances'), a.uuid);
    if (!inst || inst.deleted) throw new InstanceNotFound(a.uuid);
    // Soft delete, as Nova's models do: `deleted` takes the row id.
    return saveInstance(ctx, CELL1, a.uuid, { deleted: inst.id, deleted_at: ctx.iso() });
  },
  'InstanceInfoCache.save': (ctx, a: { uuid: string; network_info: unknown[] }) => {
    const table = cellTable(CELL1, 'instance_info_caches');
    const row = { instance_uuid: a.uuid, network_info: a.network_info, updated_at: ctx.iso() };
    if (ctx.db.get(table, a.uuid)) ctx.db.update(table, a.uuid, row);
    else ctx.db.insert(table, a.uuid, { ...row, created_at: ctx.iso() });
    return null;
  },
  'BlockDeviceMapping.save': (ctx, a: { uuid: string; updates: Record<string, unknown> }) => {
    return ctx.db.update(cellTable(CELL1, 'block_device_mapping'), a.uuid, { ...a.updates, updated_at: ctx.iso() });
  },
  'BlockDeviceMapping.create': (ctx, a: { bdm: Record<string, any> }) => {
    const table = cellTable(CELL1, 'block_device_mapping');
    const id = ctx.db.all(table).reduce((m, r) => Math.max(m, Number(r.id) || 0), 0) + 1;
    return ctx.db.insert(table, a.bdm.uuid, { ...a.bdm, id, created_at: ctx.iso(), deleted: 0 });
  },
  'ConsoleAuthToken.authorize': (ctx, a: { row: Record<string, any> }) => {
    const table = cellTable(CELL1, 'console_auth_tokens');
    const id = ctx.db.all(table).reduce((m, r) => Math.max(m, Number(r.id) || 0), 0) + 1;
    ctx.db.insert(table, a.row.token_hash, { ...a.row, id, created_at: ctx.iso() });
    return null;
  },
  'ComputeNode.save': (ctx, a: { uuid: string; updates: Record<string, unknown> }) => {
    return ctx.db.update('nova.compute_nodes', a.uuid, { ...a.updates, updated_at: ctx.iso() });
  },
  'BlockDeviceMapping.destroy': (ctx, a: { uuid: string }) => {
    ctx.db.remove(cellTable(CELL1, 'block_device_mapping'), a.uuid);
    return null;
  },
  'InstanceFault.create': (ctx, a: { uuid: string; code: number; message: string; details: string; host: string }) => {
    addFault(ctx, CELL1, a.uuid, a.code, a.message, a.details, a.host);
    return null;
  },
};

/** object_action / object_class_action_versions: applies one object method for nova-compute. */
export const objectAction: RpcHandler = (ctx, args: { objname: string; objmethod: string }) => {
  const fn = ACTIONS[`${args.objname}.${args.objmethod}`];
  if (!fn) throw new Error(`conductor has no object action ${args.objname}.${args.objmethod}`);
  return fn(ctx, args);
};

/** Saves through the conductor (as nova-compute must): an RPC call `object_action`. */
export function remote(ctx: Ctx, objname: string, objmethod: string, args: Record<string, unknown>): any {
  return ctx.call('conductor', 'object_action', { objname, objmethod, ...args });
}
