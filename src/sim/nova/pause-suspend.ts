/** pause/unpause and suspend/resume: the API checks and casts, nova-compute asks libvirt and saves the new state. */
import type { Ctx, HandlerRequest, RpcHandler, TaskHandler } from '../core/types.ts';
import { loadInstance, save } from './compute-common.ts';
import { HV, instanceName, type ServerRef } from './state.ts';
import { checkHost, checkState } from './instance-checks.ts';
import { checkLock, recordAction } from './servers.ts';

interface PowerOp {
  from: string;
  task: string;
  rpc: string;
  virsh: string;
  domain: string;
  vm_state: string;
  power_state: number;
}

/** Each operation: the vm_state it needs, its task_state, its RPC, what libvirt does and the state it ends in. */
const OPS: Record<string, PowerOp> = {
  pause: { from: 'active', task: 'pausing', rpc: 'pause_instance', virsh: 'virsh suspend', domain: 'paused', vm_state: 'paused', power_state: 3 },
  unpause: { from: 'paused', task: 'unpausing', rpc: 'unpause_instance', virsh: 'virsh resume', domain: 'running', vm_state: 'active', power_state: 1 },
  suspend: { from: 'active', task: 'suspending', rpc: 'suspend_instance', virsh: 'virsh managedsave', domain: 'shut off', vm_state: 'suspended', power_state: 7 },
  resume: { from: 'suspended', task: 'resuming', rpc: 'resume_instance', virsh: 'virsh start (from the managed save image)', domain: 'running', vm_state: 'active', power_state: 1 },
};

/** The API side of one of the actions `pause`, `unpause`, `suspend`, `resume`. */
export function powerAction(name: keyof typeof OPS) {
  const op = OPS[name];
  return (ctx: Ctx, req: HandlerRequest, ref: ServerRef) => {
    checkLock(req, ref.inst);
    checkState(ref.inst, name, [op.from]);
    checkHost(ref.inst);
    ctx.db.update(`${ref.schema}.instances`, ref.inst.uuid, { task_state: op.task, updated_at: ctx.iso() });
    recordAction(ctx, req, ref, name);
    ctx.cast(`compute.${ref.inst.host}`, op.rpc, { instance: ref.inst.uuid });
    return { status: 202 };
  };
}

/** How long libvirt takes for these (ms). */
const DURATION = 1000;

function onHost(name: keyof typeof OPS): RpcHandler {
  const op = OPS[name];
  return (ctx, a: { instance: string }) => {
    const inst = loadInstance(ctx, a.instance);
    if (!inst || inst.task_state !== op.task) return;
    ctx.after(DURATION, 'power_op_finish', { instance: a.instance, op: name });
  };
}

/** nova-compute's RPC methods for these operations. */
export const powerRpc: Record<string, RpcHandler> = Object.fromEntries(Object.entries(OPS).map(([k, op]) => [`compute.${op.rpc}`, onHost(k as keyof typeof OPS)]));

/** The guest changed state: save vm_state and power_state through the conductor. */
export const powerOpFinish: TaskHandler = (ctx, a: { instance: string; op: keyof typeof OPS }) => {
  const op = OPS[a.op];
  const inst = loadInstance(ctx, a.instance);
  if (!inst || inst.task_state !== op.task) return;
  const dom = ctx.db.get(HV.domains, inst.uuid);
  ctx.act('hypervisor', `${op.virsh} ${instanceName(inst)}`, undefined, `hypervisor@${ctx.host}`);
  if (dom) ctx.db.update(HV.domains, inst.uuid, { state: op.domain });
  try {
    save(ctx, inst.uuid, { vm_state: op.vm_state, task_state: null, power_state: op.power_state }, [op.task]);
  } catch (e) {
    if (!['InstanceNotFound', 'UnexpectedTaskStateError', 'UnexpectedDeletingTaskStateError'].includes((e as Error).name)) throw e;
  }
};
