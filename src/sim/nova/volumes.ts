/** os-volume_attachments: nova-api reserves a device name and a Cinder attachment, nova-compute connects the volume. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest, Row, RpcHandler } from '../core/types.ts';
import { remote } from './conductor-objects.ts';
import { loadInstance } from './compute-common.ts';
import { attachVolume, cinder, deleteAttachment } from './compute-volumes.ts';
import { attachVolumeToDomain, detachVolumeFromDomain } from './hypervisor.ts';
import { checkHost, checkState } from './instance-checks.ts';
import { atLeast } from './microversion.ts';
import { checkLock, recordAction } from './servers.ts';
import { cellTable, CELL1, findServer, type ServerRef } from './state.ts';
import { bodyObject, invalid, isUuid, pyRepr, requireKey } from './validation.ts';

const ATTACHABLE = ['active', 'paused', 'stopped', 'resized', 'soft-delete', 'shelved', 'shelved_offloaded'];

function bdms(ctx: Ctx, ref: ServerRef): Row[] {
  if (!ref.schema) return [];
  return ctx.db.where(cellTable(ref.schema, 'block_device_mapping'), (b) => b.instance_uuid === ref.inst.uuid && !!b.volume_id && !b.deleted);
}

function attachmentView(req: HandlerRequest, serverId: string, b: Row): Row {
  const out: Row = {};
  if (!atLeast(req, '2.89')) out.id = b.volume_id;
  Object.assign(out, { serverId, volumeId: b.volume_id, device: b.device_name });
  if (atLeast(req, '2.70')) out.tag = b.tag ?? null;
  if (atLeast(req, '2.79')) out.delete_on_termination = !!b.delete_on_termination;
  if (atLeast(req, '2.89')) Object.assign(out, { attachment_id: b.attachment_id, bdm_uuid: b.uuid });
  return out;
}

export const listVolumeAttachments: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  return { status: 200, body: { volumeAttachments: bdms(ctx, ref).map((b) => attachmentView(req, ref.inst.uuid, b)) } };
};

function attached(ctx: Ctx, ref: ServerRef, volumeId: string): Row {
  const b = bdms(ctx, ref).find((x) => x.volume_id === volumeId);
  if (!b) throw apiError(404, `Volume ${volumeId} is not attached to the instance ${ref.inst.uuid}`);
  return b;
}

export const showVolumeAttachment: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  return { status: 200, body: { volumeAttachment: attachmentView(req, ref.inst.uuid, attached(ctx, ref, req.params.volume_id)) } };
};

/** POST /servers/{id}/os-volume_attachments: reserve the device, create the Cinder attachment, cast attach_volume. */
export const attachVolumeToServer: Handler = (ctx, req) => {
  const b = bodyObject(req.body, 'volumeAttachment');
  requireKey(b, 'volumeId', 'volumeAttachment');
  if (!isUuid(b.volumeId)) throw invalid('volumeId', b.volumeId, `${pyRepr(b.volumeId)} is not a 'uuid'`);
  const ref = findServer(ctx, req, req.params.server_id);
  checkLock(req, ref.inst);
  checkState(ref.inst, 'attach_volume', ATTACHABLE, null);
  checkHost(ref.inst);
  const asUser = { 'X-Auth-Token': req.auth.token, 'OpenStack-API-Version': 'volume 3.44' };
  const vol = ctx.http('cinder', 'GET', `/v3/volumes/${b.volumeId}`, undefined, asUser);
  if (vol.status !== 200) throw apiError(404, `Volume ${b.volumeId} could not be found.`);
  const status = (vol.body as any).volume.status;
  if (status !== 'available') throw apiError(400, `Invalid volume: volume '${b.volumeId}' status must be 'available'. Currently in '${status}'`);
  const bdm = ctx.call(`compute.${ref.inst.host}`, 'reserve_block_device_name', {
    instance: ref.inst.uuid, device: b.device ?? null, volume_id: b.volumeId, tag: atLeast(req, '2.49') ? b.tag ?? null : null,
    delete_on_termination: atLeast(req, '2.79') ? !!b.delete_on_termination : false,
  }) as Row;
  const made = ctx.http('cinder', 'POST', '/v3/attachments', { attachment: { volume_uuid: b.volumeId, instance_uuid: ref.inst.uuid } }, asUser);
  if (made.status !== 200 && made.status !== 201) {
    ctx.db.remove(cellTable(CELL1, 'block_device_mapping'), bdm.uuid);
    throw apiError(400, `Invalid volume: ${(made.body as any)?.badRequest?.message ?? 'the volume could not be reserved'}`);
  }
  const row = ctx.db.update<Row>(cellTable(CELL1, 'block_device_mapping'), bdm.uuid, { attachment_id: (made.body as any).attachment.id });
  recordAction(ctx, req, ref, 'attach_volume');
  ctx.cast(`compute.${ref.inst.host}`, 'attach_volume', { instance: ref.inst.uuid, bdm: row.uuid });
  const view = attachmentView(req, ref.inst.uuid, row);
  if (atLeast(req, '2.89')) {
    delete view.attachment_id;
    delete view.bdm_uuid;
    view.id = b.volumeId;
  }
  return { status: 200, body: { volumeAttachment: view } };
};

/** DELETE /servers/{id}/os-volume_attachments/{volume_id}: 202; compute detaches and deletes the attachment. */
export const detachVolumeFromServer: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  checkLock(req, ref.inst);
  checkState(ref.inst, 'detach_volume', ATTACHABLE, null);
  const bdm = attached(ctx, ref, req.params.volume_id);
  if (bdm.boot_index === 0) throw apiError(400, "Can't detach root device volume");
  checkHost(ref.inst);
  cinder(ctx, 'POST', `/v3/volumes/${bdm.volume_id}/action`, { 'os-begin_detaching': null });
  recordAction(ctx, req, ref, 'detach_volume');
  ctx.cast(`compute.${ref.inst.host}`, 'detach_volume', { instance: ref.inst.uuid, volume_id: bdm.volume_id, attachment_id: bdm.attachment_id });
  return { status: 202 };
};

/** reserve_block_device_name (compute, RPC call): the next free /dev/vdX, recorded as a new BDM. */
export const reserveBlockDeviceName: RpcHandler = (ctx, a: { instance: string; device: string | null; volume_id: string; tag: string | null; delete_on_termination: boolean }) => {
  const used = ctx.db.where(cellTable(CELL1, 'block_device_mapping'), (b) => b.instance_uuid === a.instance && !b.deleted).map((b) => b.device_name);
  let device = a.device && !used.includes(a.device) ? a.device : null;
  for (let c = 'b'.charCodeAt(0); !device && c <= 'z'.charCodeAt(0); c++) if (!used.includes(`/dev/vd${String.fromCharCode(c)}`)) device = `/dev/vd${String.fromCharCode(c)}`;
  return remote(ctx, 'BlockDeviceMapping', 'create', {
    bdm: {
      uuid: ctx.ids.uuid(), instance_uuid: a.instance, source_type: 'volume', destination_type: 'volume', boot_index: null,
      device_name: device, volume_id: a.volume_id, image_id: null, volume_size: null, delete_on_termination: a.delete_on_termination,
      attachment_id: null, connection_info: null, tag: a.tag,
    },
  });
};

/** attach_volume (compute): connect the volume (connector, os-complete) and hot-plug it into the guest. */
export const attachVolumeOnHost: RpcHandler = (ctx, a: { instance: string; bdm: string }) => {
  const bdm = ctx.db.get(cellTable(CELL1, 'block_device_mapping'), a.bdm);
  if (!bdm || !loadInstance(ctx, a.instance)) return;
  try {
    const done = attachVolume(ctx, bdm.volume_id, a.instance, bdm.device_name, bdm.attachment_id);
    attachVolumeToDomain(ctx, a.instance, bdm.volume_id, bdm.device_name, done.connection_info);
    remote(ctx, 'BlockDeviceMapping', 'save', { uuid: bdm.uuid, updates: { connection_info: done.connection_info } });
  } catch {
    if (bdm.attachment_id) deleteAttachment(ctx, bdm.attachment_id);
    remote(ctx, 'BlockDeviceMapping', 'destroy', { uuid: bdm.uuid });
  }
};

/** detach_volume (compute): unplug from the guest, delete the Cinder attachment, drop the BDM. */
export const detachVolumeOnHost: RpcHandler = (ctx, a: { instance: string; volume_id: string; attachment_id: string | null }) => {
  detachVolumeFromDomain(ctx, a.instance, a.volume_id);
  if (a.attachment_id) deleteAttachment(ctx, a.attachment_id);
  const bdm = ctx.db.where(cellTable(CELL1, 'block_device_mapping'), (b) => b.instance_uuid === a.instance && b.volume_id === a.volume_id && !b.deleted)[0];
  if (bdm) remote(ctx, 'BlockDeviceMapping', 'destroy', { uuid: bdm.uuid });
};
