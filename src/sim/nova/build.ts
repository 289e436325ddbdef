/** build_and_run_instance on nova-compute, as small timed steps: networking → block_device_mapping → spawning → active. */
import { RpcError } from '../core/engine.ts';
import type { Ctx, Row, RpcHandler, TaskHandler } from '../core/types.ts';
import { remote } from './conductor-objects.ts';
import type { BuildArgs } from './conductor.ts';
import { BuildAbortException, faultDetails, RescheduledException } from './exceptions.ts';
import { cleanupNetworks, loadInstance, save, saveVifs, vifsOf, volumeBdms } from './compute-common.ts';
import { attachVolume, createVolume, deleteAttachment, deleteVolume, volumeStatus } from './compute-volumes.ts';
import { cacheImage, createDomain, destroyDomain, imageCached, resumeDomain } from './hypervisor.ts';
import { allocateForInstance, NoMoreFixedIps } from './network.ts';
import { deleteAllocations, getAllocations } from './placement-client.ts';
import { updateAvailableResource } from './resource-tracker.ts';
import type { RequestSpec, Selection } from './scheduler.ts';
import { COMPUTE_EVENTS } from './state.ts';

/** How long each phase takes on the virtual clock (ms). */
export const BUILD_TIMES = {
  claim: 100,
  networking: 300,
  blockDevices: 100,
  volumePoll: 3000,
  volumeAttempts: 60,
  imageDownloadBase: 1000,
  imageCacheHit: 300,
  resume: 200,
  /** `[DEFAULT] vif_plugging_timeout` */
  vifPluggingTimeout: 300_000,
  vifPollMs: 1000,
};

/** The build_and_run_instance message, carried through every step. */
export interface BuildMsg extends BuildArgs {
  instance: string;
  request_spec: RequestSpec;
  filter_properties: { retry: { num_attempts: number; hosts: string[][] } };
  host: string;
  node: string;
  limits: Record<string, unknown>;
  host_list: Selection[];
}

const GONE = ['InstanceNotFound', 'UnexpectedDeletingTaskStateError', 'UnexpectedTaskStateError'];

/** Runs one build step; a failure reschedules the build or aborts it, as _do_build_and_run_instance does. */
function step(fn: (ctx: Ctx, msg: BuildMsg) => void): TaskHandler {
  return (ctx, msg: BuildMsg) => {
    if (!loadInstance(ctx, msg.instance)) return;
    try {
      fn(ctx, msg);
    } catch (e) {
      const err = e as Error;
      // The conductor did not answer: nothing can be saved, so the step fails as a whole (its writes undone).
      if (err instanceof RpcError) throw err;
      if (GONE.includes(err.name)) return; // deleted under us: terminate_instance cleans up
      if (err instanceof BuildAbortException) abortBuild(ctx, msg, err);
      else if (err instanceof NoMoreFixedIps) {
        abortBuild(ctx, msg, new BuildAbortException(msg.instance, `Failed to allocate the network(s) with error ${err.message}, not rescheduling.`));
      } else reschedule(ctx, msg, err instanceof RescheduledException ? err.reason : err.message);
    }
  };
}

/** Undo what this host did for the build: the guest, its ports, its volume attachments, its event waiters. */
function cleanupHost(ctx: Ctx, uuid: string, deleteVolumes: boolean): void {
  destroyDomain(ctx, uuid);
  cleanupNetworks(ctx, uuid);
  for (const bdm of volumeBdms(ctx, uuid)) {
    if (bdm.attachment_id) deleteAttachment(ctx, bdm.attachment_id);
    if (deleteVolumes && bdm.volume_id && bdm.delete_on_termination) deleteVolume(ctx, bdm.volume_id);
    if (bdm.attachment_id) remote(ctx, 'BlockDeviceMapping', 'save', { uuid: bdm.uuid, updates: { attachment_id: null, connection_info: null } });
  }
  ctx.db.remove(COMPUTE_EVENTS, uuid);
}

/** RescheduledException: give the claim back and hand the instance to the conductor for the next alternate. */
function reschedule(ctx: Ctx, msg: BuildMsg, reason: string): void {
  const uuid = msg.instance;
  cleanupHost(ctx, uuid, false);
  save(ctx, uuid, { host: null, node: null, task_state: 'scheduling' });
  updateAvailableResource(ctx);
  deleteAllocations(ctx, uuid);
  ctx.cast('conductor', 'build_instances', {
    instances: [uuid],
    image: msg.image,
    filter_properties: { retry: { ...msg.filter_properties.retry, exc_reason: reason } },
    admin_password: msg.admin_password,
    injected_files: msg.injected_files,
    requested_networks: msg.requested_networks,
    security_groups: msg.security_groups,
    block_device_mapping: msg.block_device_mapping,
    request_spec: msg.request_spec,
    host_lists: [msg.host_list],
    tags: msg.tags,
    context: msg.context,
  });
}

/** BuildAbortException: the instance goes to ERROR on no host, with the reason as its fault. */
function abortBuild(ctx: Ctx, msg: BuildMsg, err: Error): void {
  const uuid = msg.instance;
  cleanupHost(ctx, uuid, true);
  remote(ctx, 'InstanceFault', 'create', { uuid, code: 500, message: err.message, details: faultDetails(err, 'nova/compute/manager.py'), host: ctx.host });
  save(ctx, uuid, { vm_state: 'error', task_state: null, host: null, node: null });
  updateAvailableResource(ctx);
  deleteAllocations(ctx, uuid);
}

/** build_and_run_instance: claim, then allocate the ports (task_state networking). */
export const buildAndRunInstance: RpcHandler = (ctx, msg: BuildMsg) => {
  const inst = loadInstance(ctx, msg.instance);
  if (!inst) return;
  try {
    save(ctx, inst.uuid, { vm_state: 'building', task_state: null }, ['scheduling', null]);
  } catch {
    return; // "Instance disappeared before build."
  }
  // instance_claim: the resource tracker counts the instance on this node from now on.
  updateAvailableResource(ctx);
  ctx.db.remove(COMPUTE_EVENTS, inst.uuid);
  ctx.db.insert(COMPUTE_EVENTS, inst.uuid, { instance_uuid: inst.uuid, host: ctx.host, expected: [], received: [], waiting: false, attempt: msg.filter_properties.retry.num_attempts, msg });
  getAllocations(ctx, msg.instance);
  ctx.after(BUILD_TIMES.claim, 'build_allocate_networks', msg);
};

/** task_state networking: create and bind the ports (allocate_for_instance). */
export const buildAllocateNetworks = step((ctx, msg) => {
  const inst = save(ctx, msg.instance, { task_state: 'networking' }, [null]);
  const vifs = allocateForInstance(ctx, inst, msg.requested_networks, msg.security_groups);
  saveVifs(ctx, inst.uuid, vifs);
  ctx.after(BUILD_TIMES.networking, 'build_block_device_mapping', msg);
});

/** task_state block_device_mapping: create the boot volume if asked, then attach every volume. */
export const buildBlockDeviceMapping = step((ctx, msg) => {
  save(ctx, msg.instance, { task_state: 'block_device_mapping' }, ['networking']);
  for (const bdm of volumeBdms(ctx, msg.instance)) {
    if (bdm.volume_id) continue;
    // Created as the user (their token travels in the RPC context), so the volume is theirs.
    const id = createVolume(ctx, bdm.volume_size ?? 1, bdm.source_type === 'image' ? bdm.image_id : null, msg.context?.auth_token);
    remote(ctx, 'BlockDeviceMapping', 'save', { uuid: bdm.uuid, updates: { volume_id: id } });
  }
  waitForVolumes(ctx, { ...msg, volume_attempt: 0 } as BuildMsg);
});

/** Polls Cinder until every volume is available (block_device_allocate_retries), then attaches them. */
export const buildWaitVolumes = step((ctx, msg) => waitForVolumes(ctx, msg));

function waitForVolumes(ctx: Ctx, msg: BuildMsg & { volume_attempt?: number }): void {
  const bdms = volumeBdms(ctx, msg.instance).filter((b) => !b.attachment_id);
  const attempt = msg.volume_attempt ?? 0;
  for (const bdm of bdms) {
    const status = volumeStatus(ctx, bdm.volume_id);
    if (status === 'available') continue;
    if (status === 'error' || attempt >= BUILD_TIMES.volumeAttempts) {
      const waited = (attempt * BUILD_TIMES.volumePoll) / 1000;
      throw new BuildAbortException(msg.instance, `Volume ${bdm.volume_id} did not finish being created even after we waited ${waited} seconds or ${attempt + 1} attempts. And its status is ${status ?? 'unknown'}.`);
    }
    ctx.after(BUILD_TIMES.volumePoll, 'build_wait_volumes', { ...msg, volume_attempt: attempt + 1 });
    return;
  }
  for (const bdm of bdms) {
    const done = attachVolume(ctx, bdm.volume_id, msg.instance, bdm.device_name ?? '/dev/vda');
    remote(ctx, 'BlockDeviceMapping', 'save', { uuid: bdm.uuid, updates: done });
  }
  ctx.after(BUILD_TIMES.blockDevices, 'build_spawn', msg);
}

/** task_state spawning: fetch the image into this host's cache on a miss (GET the image, then its data). */
export const buildSpawn = step((ctx, msg) => {
  const inst = save(ctx, msg.instance, { task_state: 'spawning' }, ['block_device_mapping']);
  const bootVolume = volumeBdms(ctx, inst.uuid).some((b) => b.boot_index === 0);
  if (bootVolume || !inst.image_ref || imageCached(ctx, inst.image_ref)) {
    ctx.after(BUILD_TIMES.imageCacheHit, 'build_create_domain', msg);
    return;
  }
  const meta = ctx.http('glance', 'GET', `/v2/images/${inst.image_ref}`);
  if (meta.status !== 200) throw new Error(`Image ${inst.image_ref} could not be found.`);
  const image = meta.body as Row;
  const data = ctx.http('glance', 'GET', `/v2/images/${inst.image_ref}/file`, undefined, { Accept: 'application/octet-stream' });
  if (data.status !== 200) throw new Error(`Image ${inst.image_ref} is unacceptable: Glance answered ${data.status} for its data`);
  cacheImage(ctx, image);
  // About 100 MB/s from Glance, plus the fixed cost of a fetch and a qemu-img convert. Short enough that the
  // guest is defined before the L2 agent's next poll wires its port, as on a real host.
  const ms = BUILD_TIMES.imageDownloadBase + Math.round(Number(image.size ?? 0) / 100_000);
  ctx.after(ms, 'build_create_domain', msg);
});

/** The libvirt driver's spawn: define and start the guest paused, then wait for network-vif-plugged. */
export const buildCreateDomain = step((ctx, msg) => {
  const inst = loadInstance(ctx, msg.instance)!;
  if (inst.task_state !== 'spawning') return;
  const vifs = vifsOf(ctx, inst.uuid);
  createDomain(ctx, inst, vifs, volumeBdms(ctx, inst.uuid));
  const events = ctx.db.get(COMPUTE_EVENTS, inst.uuid);
  const expected = vifs.filter((v) => !v.active).map((v) => v.id);
  const received: string[] = events?.received ?? [];
  if (expected.every((p) => received.includes(p))) {
    ctx.db.update(COMPUTE_EVENTS, inst.uuid, { expected, waiting: false });
    ctx.after(BUILD_TIMES.resume, 'build_resume', msg);
    return;
  }
  ctx.db.update(COMPUTE_EVENTS, inst.uuid, { expected, waiting: true, deadline: ctx.now() + BUILD_TIMES.vifPluggingTimeout });
  ctx.after(BUILD_TIMES.vifPollMs, 'build_vif_timeout', { ...msg, wait_attempt: events?.attempt });
});

/** The VIFs are plugged: resume the guest; the instance is ACTIVE (_update_instance_after_spawn). */
export const buildResume = step((ctx, msg) => {
  const inst = loadInstance(ctx, msg.instance)!;
  if (inst.task_state !== 'spawning') return;
  resumeDomain(ctx, inst.uuid);
  save(ctx, inst.uuid, { vm_state: 'active', task_state: null, power_state: 1, launched_at: ctx.iso() }, ['spawning']);
  ctx.db.remove(COMPUTE_EVENTS, inst.uuid);
  updateAvailableResource(ctx);
});

/**
 * The vif_plugging_timeout clock: checked every second while the build waits, so that nothing is left queued
 * once the event came (a cancelled eventlet timeout in Nova). When it expires, vif_plugging_is_fatal aborts the build.
 */
export const buildVifTimeout = step((ctx, msg: BuildMsg & { wait_attempt?: number }) => {
  const events = ctx.db.get(COMPUTE_EVENTS, msg.instance);
  if (!events?.waiting || events.attempt !== msg.wait_attempt) return;
  if (ctx.now() < events.deadline) {
    ctx.after(Math.min(BUILD_TIMES.vifPollMs, events.deadline - ctx.now()), 'build_vif_timeout', msg);
    return;
  }
  throw new BuildAbortException(msg.instance, 'Failed to allocate the network(s), not rescheduling.');
});

/** An external event reached the build: record it, and resume the guest when the last awaited VIF is plugged. */
export function vifEventReceived(ctx: Ctx, uuid: string, portId: string, status: string): void {
  const events = ctx.db.get(COMPUTE_EVENTS, uuid);
  if (!events) return;
  if (status === 'failed' && events.waiting) {
    // The libvirt driver treats a failed vif-plugged event as a VIF creation failure.
    ctx.db.update(COMPUTE_EVENTS, uuid, { waiting: false });
    ctx.after(0, 'build_vif_failed', events.msg);
    return;
  }
  const received = events.received.includes(portId) ? events.received : [...events.received, portId];
  ctx.db.update(COMPUTE_EVENTS, uuid, { received });
  if (events.waiting && events.expected.every((p: string) => received.includes(p))) {
    ctx.db.update(COMPUTE_EVENTS, uuid, { waiting: false });
    ctx.after(BUILD_TIMES.resume, 'build_resume', events.msg);
  }
}

/** A network-vif-plugged event with status failed: abort like a timeout. */
export const buildVifFailed = step((ctx, msg) => {
  if (loadInstance(ctx, msg.instance)?.task_state !== 'spawning') return;
  throw new BuildAbortException(msg.instance, 'Failed to allocate the network(s), not rescheduling.');
});

