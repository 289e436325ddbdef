/** cinder-volume with the LVM driver: creates, exports, extends and removes logical volumes in `cinder-volumes`. */
import type { Ctx, RpcHandler, TaskHandler } from '../core/types.ts';
import { releaseVolume } from './quotas.ts';
import { serviceHost } from './services.ts';
import { attachmentsOf, BACKEND, saveVolume, stamp, T, type AttachmentRow, type VolumeRow } from './state.ts';
import { endWork, startWork } from './workers.ts';

/** How long the driver takes, in virtual ms: lvcreate, copying an image onto the volume, lvremove, lvextend. */
export const TIMING = { create: 1500, copyImage: 4000, delete: 1000, extend: 1000 };

/** The logical volume of a volume: cinder-volumes/volume-<id>. */
function lv(v: VolumeRow): string {
  return `${BACKEND.volumeGroup}/volume-${v.id}`;
}

function typeName(ctx: Ctx, v: VolumeRow): string | undefined {
  return ctx.db.get(T.types, v.volume_type_id)?.name;
}

/** Glance's metadata kept on a volume made from an image (what `volume show` lists as volume_image_metadata). */
function imageMetadata(image: Record<string, any>): Record<string, string> {
  const out: Record<string, string> = { image_id: String(image.id), image_name: String(image.name ?? '') };
  for (const k of ['checksum', 'container_format', 'disk_format', 'min_disk', 'min_ram', 'size']) {
    if (image[k] !== undefined && image[k] !== null) out[k] = String(image[k]);
  }
  return out;
}

function failCreate(ctx: Ctx, v: VolumeRow, why: string): void {
  ctx.act('event', `create_volume ${v.id} failed: ${why}`);
  saveVolume(ctx, v.id, { status: 'error' });
  endWork(ctx, v.id);
}

/** create_volume: lvcreate, then (for an image) download it onto the volume; `available` once the driver is done. */
const createVolume: RpcHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id);
  if (!v || v.status !== 'creating') return;
  startWork(ctx, v.id, 'creating');
  ctx.act('agent', `lvcreate -n volume-${v.id} -L ${v.size}g ${BACKEND.volumeGroup}`, { volume_id: v.id, size: v.size });
  if (v.source_volid) {
    const src = ctx.db.get<VolumeRow>(T.volumes, v.source_volid);
    if (!src) return failCreate(ctx, v, `source volume ${v.source_volid} is gone`);
    ctx.act('agent', `dd if=/dev/${lv(src)} of=/dev/${lv(v)}`, { source_volid: src.id });
    ctx.after(TIMING.create + TIMING.copyImage, 'finish_create_volume', { volume_id: v.id, bootable: src.bootable, image_metadata: src.volume_image_metadata });
    return;
  }
  if (!v.image_id) {
    ctx.after(TIMING.create, 'finish_create_volume', { volume_id: v.id, bootable: false });
    return;
  }
  saveVolume(ctx, v.id, { status: 'downloading' });
  const meta = ctx.http('glance', 'GET', `/v2/images/${v.image_id}`);
  if (meta.status !== 200) return failCreate(ctx, v, `image ${v.image_id} could not be read (${meta.status})`);
  const data = ctx.http('glance', 'GET', `/v2/images/${v.image_id}/file`);
  if (data.status >= 400) return failCreate(ctx, v, `image ${v.image_id} could not be downloaded (${data.status})`);
  ctx.act('agent', `qemu-img convert -O raw image-${v.image_id} /dev/${lv(v)}`, { image_id: v.image_id });
  ctx.after(TIMING.create + TIMING.copyImage, 'finish_create_volume', {
    volume_id: v.id,
    bootable: true,
    image_metadata: imageMetadata(meta.body as Record<string, any>),
  });
};

/** The driver finished: the volume is `available`. */
const finishCreateVolume: TaskHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id);
  if (!v || (v.status !== 'creating' && v.status !== 'downloading')) return;
  endWork(ctx, v.id);
  const svc = ctx.db.get(T.services, `cinder-volume@${serviceHost('cinder-volume', ctx.host)}`);
  saveVolume(ctx, v.id, {
    status: 'available',
    launched_at: stamp(ctx),
    bootable: !!args.bootable,
    volume_image_metadata: args.image_metadata ?? null,
    service_uuid: svc?.uuid ?? null,
  });
};

/** delete_volume: lvremove, then the row and its quota go. */
const deleteVolume: RpcHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id);
  if (!v || v.status !== 'deleting') return;
  startWork(ctx, v.id, 'deleting');
  ctx.act('agent', `lvremove -f ${lv(v)}`, { volume_id: v.id });
  ctx.after(TIMING.delete, 'finish_delete_volume', { volume_id: v.id });
};

const finishDeleteVolume: TaskHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id);
  if (!v || v.status !== 'deleting') return;
  endWork(ctx, v.id);
  for (const a of attachmentsOf(ctx, v.id)) ctx.db.remove(T.attachments, a.id);
  releaseVolume(ctx, v.project_id, v.size, typeName(ctx, v));
  ctx.db.remove(T.volumes, v.id);
};

/** extend_volume: lvextend; the volume returns to its status (an attached one tells Nova: volume-extended). */
const extendVolume: RpcHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id);
  if (!v || v.status !== 'extending') return;
  ctx.act('agent', `lvextend -L ${args.new_size}g ${lv(v)}`, { volume_id: v.id, new_size: args.new_size });
  ctx.after(TIMING.extend, 'finish_extend_volume', args);
};

const finishExtendVolume: TaskHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id);
  if (!v || v.status !== 'extending') return;
  const status = v.previous_status === 'in-use' ? 'in-use' : 'available';
  saveVolume(ctx, v.id, { size: args.new_size, status, previous_status: 'extending' });
  if (status !== 'in-use') return;
  const events = attachmentsOf(ctx, v.id)
    .filter((a) => a.instance_uuid)
    .map((a) => ({ name: 'volume-extended', server_uuid: a.instance_uuid, tag: v.id }));
  if (events.length) ctx.http('nova', 'POST', '/v2.1/os-server-external-events', { events });
};

/** attachment_update: export the LV as an iSCSI target (tgtadm) and return the connection_info the host needs. */
const attachmentUpdate: RpcHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id)!;
  const a = ctx.db.get<AttachmentRow>(T.attachments, args.attachment_id)!;
  const connector = (args.connector ?? {}) as Record<string, any>;
  const ip = ctx.nodes().find((n) => n.name === ctx.host)?.management_ip ?? ctx.host;
  const iqn = `iqn.2010-10.org.openstack:volume-${v.id}`;
  const auth = v.provider_auth ?? `CHAP ${ctx.ids.hex(20)} ${ctx.ids.hex(16)}`;
  const [, user, password] = auth.split(' ');
  ctx.act('agent', `tgt-admin --update ${iqn} (export /dev/${lv(v)} on ${ip}:3260)`, { volume_id: v.id, initiator: connector.initiator });
  const mode = a.attach_mode !== 'null' ? a.attach_mode : (connector.mode ?? 'rw');
  const connectionInfo = {
    target_discovered: false,
    target_portal: `${ip}:3260`,
    target_iqn: iqn,
    target_lun: 1,
    volume_id: v.id,
    auth_method: 'CHAP',
    auth_username: user,
    auth_password: password,
    encrypted: false,
    qos_specs: null,
    access_mode: mode,
    cacheable: false,
    driver_volume_type: 'iscsi',
    attachment_id: a.id,
    enforce_multipath: connector.enforce_multipath ?? false,
  };
  ctx.db.update<AttachmentRow>(T.attachments, a.id, {
    attach_status: 'attaching',
    connector,
    connection_info: connectionInfo,
    attached_host: connector.host ?? null,
    mountpoint: connector.mountpoint ?? 'na',
    attach_mode: mode,
    attach_time: stamp(ctx),
    updated_at: stamp(ctx),
  });
  saveVolume(ctx, v.id, { status: 'attaching', attach_status: 'attaching', provider_location: `${ip}:3260,1 ${iqn} 1`, provider_auth: auth });
  return connectionInfo;
};

/** attachment_delete: terminate the connection; the target goes when no other attachment uses it. */
const attachmentDelete: RpcHandler = (ctx, args) => {
  const v = ctx.db.get<VolumeRow>(T.volumes, args.volume_id);
  if (!v) return null;
  const others = attachmentsOf(ctx, v.id).filter((a) => a.id !== args.attachment_id && a.connection_info);
  if (!others.length) ctx.act('agent', `tgt-admin --delete iqn.2010-10.org.openstack:volume-${v.id}`, { volume_id: v.id });
  return null;
};

/** RPC methods of the cinder-volume topic. */
export const volumeRpc: Record<string, RpcHandler> = {
  'cinder-volume.create_volume': createVolume,
  'cinder-volume.delete_volume': deleteVolume,
  'cinder-volume.extend_volume': extendVolume,
  'cinder-volume.attachment_update': attachmentUpdate,
  'cinder-volume.attachment_delete': attachmentDelete,
};

/** The driver's timers. */
export const volumeTasks: Record<string, TaskHandler> = {
  finish_create_volume: finishCreateVolume,
  finish_delete_volume: finishDeleteVolume,
  finish_extend_volume: finishExtendVolume,
};
