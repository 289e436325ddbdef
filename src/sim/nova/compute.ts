/** nova-compute's RPC endpoint for running servers: terminate, stop, start, reboot and external events. */
import type { Ctx, RpcHandler, TaskHandler } from '../core/types.ts';
import { vifEventReceived } from './build.ts';
import { remote } from './conductor-objects.ts';
import { cleanupNetworks, loadInstance, save, saveVifs, vifsOf, volumeBdms } from './compute-common.ts';
import { deleteAttachment, deleteVolume } from './compute-volumes.ts';
import { destroyDomain, getDomain, rebootDomain, resumeDomain, shutdownDomain, startDomain } from './hypervisor.ts';
import { refreshNetworkInfo } from './network.ts';
import { deleteAllocations } from './placement-client.ts';
import { updateAvailableResource } from './resource-tracker.ts';
import { cellTable, CELL1, COMPUTE_EVENTS, HV, type Instance } from './state.ts';

/** How long the guest takes for each power operation (ms). */
export const POWER_TIMES = { terminate: 800, stop: 2000, start: 1500, rebootAccept: 300, softReboot: 2500, hardReboot: 1000 };

/** Runs `fn`, ignoring the errors of an instance deleted under it (its save fails, as in Nova). */
function quietly(fn: TaskHandler): TaskHandler {
  return (ctx, args) => {
    try {
      fn(ctx, args);
    } catch (e) {
      if (!['InstanceNotFound', 'UnexpectedTaskStateError', 'UnexpectedDeletingTaskStateError'].includes((e as Error).name)) throw e;
    }
  };
}

/** terminate_instance: power the guest off and destroy it; the rest follows in terminate_finish. */
export const terminateInstance: RpcHandler = (ctx, a: { instance: string }) => {
  const inst = ctx.db.get<Instance>(cellTable(CELL1, 'instances'), a.instance);
  if (!inst || inst.deleted) return;
  destroyDomain(ctx, inst.uuid);
  ctx.after(POWER_TIMES.terminate, 'terminate_finish', a);
};

/** Deallocate the network, detach (and maybe delete) volumes, give the allocation back, soft-delete the row. */
export const terminateFinish: TaskHandler = quietly((ctx, a: { instance: string }) => {
  const inst = ctx.db.get<Instance>(cellTable(CELL1, 'instances'), a.instance);
  if (!inst || inst.deleted) return;
  cleanupNetworks(ctx, inst.uuid);
  for (const bdm of volumeBdms(ctx, inst.uuid)) {
    if (bdm.attachment_id) deleteAttachment(ctx, bdm.attachment_id);
    if (bdm.volume_id && bdm.delete_on_termination) deleteVolume(ctx, bdm.volume_id);
    remote(ctx, 'BlockDeviceMapping', 'destroy', { uuid: bdm.uuid });
  }
  deleteAllocations(ctx, inst.uuid);
  save(ctx, inst.uuid, { vm_state: 'deleted', task_state: null, power_state: 0, terminated_at: ctx.iso() }, ['deleting']);
  remote(ctx, 'Instance', 'destroy', { uuid: inst.uuid });
  ctx.db.remove(COMPUTE_EVENTS, inst.uuid);
  if (inst.host === ctx.host) updateAvailableResource(ctx);
});

/** stop_instance: clean shutdown of the guest. */
export const stopInstance: RpcHandler = (ctx, a: { instance: string }) => {
  const inst = loadInstance(ctx, a.instance);
  if (!inst || inst.task_state !== 'powering-off') return;
  shutdownDomain(ctx, inst.uuid);
  ctx.after(POWER_TIMES.stop, 'stop_finish', a);
};

export const stopFinish: TaskHandler = quietly((ctx, a: { instance: string }) => {
  save(ctx, a.instance, { vm_state: 'stopped', task_state: null, power_state: 4 }, ['powering-off']);
});

/** start_instance: power the guest on again. */
export const startInstance: RpcHandler = (ctx, a: { instance: string }) => {
  const inst = loadInstance(ctx, a.instance);
  if (!inst || inst.task_state !== 'powering-on') return;
  ctx.after(POWER_TIMES.start, 'start_finish', a);
};

export const startFinish: TaskHandler = quietly((ctx, a: { instance: string }) => {
  const inst = loadInstance(ctx, a.instance);
  if (!inst || inst.task_state !== 'powering-on') return;
  startDomain(ctx, inst.uuid, vifsOf(ctx, inst.uuid));
  save(ctx, a.instance, { vm_state: 'active', task_state: null, power_state: 1 }, ['powering-on']);
});

/** reboot_instance: accept (reboot_pending), start (reboot_started), done (active). */
export const rebootInstance: RpcHandler = quietly((ctx, a: { instance: string; reboot_type: 'SOFT' | 'HARD' }) => {
  const sfx = a.reboot_type === 'HARD' ? '_hard' : '';
  if (!loadInstance(ctx, a.instance)) return;
  save(ctx, a.instance, { task_state: `reboot_pending${sfx}` }, [`rebooting${sfx}`]);
  ctx.after(POWER_TIMES.rebootAccept, 'reboot_start', a);
}) as RpcHandler;

export const rebootStart: TaskHandler = quietly((ctx, a: { instance: string; reboot_type: 'SOFT' | 'HARD' }) => {
  const hard = a.reboot_type === 'HARD';
  const sfx = hard ? '_hard' : '';
  const inst = save(ctx, a.instance, { task_state: `reboot_started${sfx}` }, [`reboot_pending${sfx}`]);
  const dom = getDomain(ctx, inst.uuid);
  if (dom?.state === 'shut off') startDomain(ctx, inst.uuid, vifsOf(ctx, inst.uuid));
  else if (dom?.state === 'paused') resumeDomain(ctx, inst.uuid);
  else rebootDomain(ctx, inst.uuid, hard);
  ctx.after(hard ? POWER_TIMES.hardReboot : POWER_TIMES.softReboot, 'reboot_finish', a);
});

export const rebootFinish: TaskHandler = quietly((ctx, a: { instance: string; reboot_type: 'SOFT' | 'HARD' }) => {
  const sfx = a.reboot_type === 'HARD' ? '_hard' : '';
  save(ctx, a.instance, { vm_state: 'active', task_state: null, power_state: 1 }, [`reboot_started${sfx}`]);
});

/** external_instance_event: Neutron's news about ports (vif plugged, network changed, vif deleted). */
export const externalInstanceEvent: RpcHandler = (ctx, a: { instances: string[]; events: { name: string; server_uuid: string; tag?: string; status?: string }[] }) => {
  for (const ev of a.events) {
    const inst = ctx.db.get<Instance>(cellTable(CELL1, 'instances'), ev.server_uuid);
    if (!inst || inst.deleted) continue;
    if (ev.name === 'network-vif-plugged') vifEventReceived(ctx, inst.uuid, ev.tag ?? '', ev.status ?? 'completed');
    else if (ev.name === 'network-changed') saveVifs(ctx, inst.uuid, refreshNetworkInfo(ctx, inst.uuid, vifsOf(ctx, inst.uuid)));
    else if (ev.name === 'network-vif-deleted') saveVifs(ctx, inst.uuid, vifsOf(ctx, inst.uuid).filter((v) => v.id !== ev.tag));
  }
};

/** init_host / _init_instance: what a restarted nova-compute finishes or fixes for its instances. */
export function initHost(ctx: Ctx): void {
  const mine = ctx.db.all<Instance>(cellTable(CELL1, 'instances')).filter((i) => i.host === ctx.host);
  for (const inst of mine) {
    if (inst.deleted) continue;
    const a = { instance: inst.uuid };
    if (inst.task_state === 'deleting') terminateInstance(ctx, a);
    // A build that had started here cannot resume after a restart: ERROR (a queued build has task_state scheduling).
    else if (inst.vm_state === 'building' && inst.task_state !== 'scheduling') {
      ctx.db.remove(COMPUTE_EVENTS, inst.uuid);
      save(ctx, inst.uuid, { vm_state: 'error', task_state: null });
    } else if (inst.task_state === 'powering-off') stopInstance(ctx, a);
    else if (inst.task_state === 'powering-on') startInstance(ctx, a);
    else if (['pausing', 'unpausing', 'suspending', 'resuming'].includes(inst.task_state ?? '')) {
      const op = { pausing: 'pause', unpausing: 'unpause', suspending: 'suspend', resuming: 'resume' }[inst.task_state as 'pausing'];
      ctx.after(POWER_TIMES.rebootAccept, 'power_op_finish', { instance: inst.uuid, op });
    } else if (inst.task_state?.startsWith('reboot')) {
      const type = inst.task_state.endsWith('_hard') ? 'HARD' : 'SOFT';
      ctx.after(POWER_TIMES.rebootAccept, 'reboot_finish_after_restart', { instance: inst.uuid, reboot_type: type });
    }
  }
  updateAvailableResource(ctx);
  // Guests of instances deleted while this host was down are reaped ("running deleted instance" cleanup).
  for (const dom of ctx.db.where(HV.domains, (d) => d.host === ctx.host)) {
    const inst = ctx.db.get<Instance>(cellTable(CELL1, 'instances'), dom.uuid);
    if (!inst || inst.deleted || inst.host !== ctx.host) destroyDomain(ctx, dom.uuid);
  }
}

/** After a restart in the middle of a reboot, the reboot is simply completed. */
export const rebootFinishAfterRestart: TaskHandler = quietly((ctx, a: { instance: string; reboot_type: 'SOFT' | 'HARD' }) => {
  const inst = loadInstance(ctx, a.instance);
  if (!inst?.task_state?.startsWith('reboot')) return;
  const dom = getDomain(ctx, inst.uuid);
  if (dom && dom.state !== 'running') startDomain(ctx, inst.uuid, vifsOf(ctx, inst.uuid));
  save(ctx, a.instance, { vm_state: 'active', task_state: null, power_state: 1 });
});
