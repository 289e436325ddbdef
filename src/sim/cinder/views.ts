/** How the API shows volumes and attachments (cinder/api/v3/views). */
import type { Ctx, HandlerRequest } from '../core/types.ts';
import { atLeast, MV } from './microversion.ts';
import { attachmentsOf, T, type AttachmentRow, type VolumeRow } from './state.ts';

const BASE = 'http://controller:8776';

/** The self and bookmark links of a volume. */
export function links(projectId: string, id: string) {
  return [
    { href: `${BASE}/v3/${projectId}/volumes/${id}`, rel: 'self' },
    { href: `${BASE}/${projectId}/volumes/${id}`, rel: 'bookmark' },
  ];
}

/** The API status: managing states are shown as their public names. */
function publicStatus(status: string): string {
  return ({ managing: 'creating', error_managing: 'error', error_managing_deleting: 'deleting' } as Record<string, string>)[status] ?? status;
}

function typeName(ctx: Ctx, v: VolumeRow): string | null {
  return ctx.db.get(T.types, v.volume_type_id)?.name ?? v.volume_type_id;
}

/** The attachments list of a volume body: only attachments that are `attached`; host_name for admins and services. */
function attachmentList(ctx: Ctx, req: HandlerRequest, v: VolumeRow) {
  const privileged = req.auth.is_admin || req.auth.roles.includes('service');
  return attachmentsOf(ctx, v.id)
    .filter((a) => a.attach_status === 'attached')
    .map((a) => ({
      id: v.id,
      attachment_id: a.id,
      volume_id: v.id,
      server_id: a.instance_uuid,
      host_name: privileged ? a.attached_host : null,
      device: a.mountpoint,
      attached_at: a.attach_time,
    }));
}

/** The summary form (`GET /volumes`): id, name, links. */
export function volumeSummary(v: VolumeRow) {
  return { id: v.id, name: v.display_name, links: links(v.project_id, v.id) };
}

/** The create response: exactly the keys Tempest's create_volume schema lists (no os-vol-* keys). */
export function volumeCreated(ctx: Ctx, req: HandlerRequest, v: VolumeRow) {
  const d = volumeDetail(ctx, req, v) as Record<string, unknown>;
  for (const k of Object.keys(d)) if (k.startsWith('os-vol-') || k === 'migration_status' || k === 'volume_image_metadata') delete d[k];
  return d;
}

/** The detailed form (`GET /volumes/detail`, `GET /volumes/{id}`), with the extension attributes the caller may see. */
export function volumeDetail(ctx: Ctx, req: HandlerRequest, v: VolumeRow) {
  const admin = req.auth.is_admin;
  const body: Record<string, unknown> = {
    id: v.id,
    status: publicStatus(v.status),
    size: v.size,
    availability_zone: v.availability_zone,
    created_at: v.created_at,
    updated_at: v.updated_at,
    name: v.display_name,
    description: v.display_description,
    volume_type: typeName(ctx, v),
    snapshot_id: v.snapshot_id,
    source_volid: v.source_volid,
    metadata: { ...v.metadata },
    links: links(v.project_id, v.id),
    user_id: v.user_id,
    bootable: String(v.bootable),
    encrypted: false,
    replication_status: v.replication_status,
    consistencygroup_id: v.consistencygroup_id,
    multiattach: v.multiattach,
    attachments: attachmentList(ctx, req, v),
  };
  if (admin) body.migration_status = v.migration_status;
  if (atLeast(req, MV.groupVolume)) body.group_id = v.group_id;
  if (admin && atLeast(req, MV.providerId)) body.provider_id = null;
  if (atLeast(req, MV.sharedTargets)) {
    body.shared_targets = v.shared_targets;
    body.service_uuid = v.service_uuid;
  }
  if (admin && atLeast(req, MV.clusterName)) body.cluster_name = null;
  if (atLeast(req, MV.volumeTypeId)) body.volume_type_id = v.volume_type_id;
  if (atLeast(req, MV.useQuota)) body.consumes_quota = v.use_quota;
  // Extensions: host and migration attributes for admins, the tenant for readers of the project.
  if (admin) {
    body['os-vol-host-attr:host'] = v.host;
    body['os-vol-mig-status-attr:migstat'] = v.migration_status;
    body['os-vol-mig-status-attr:name_id'] = null;
  }
  body['os-vol-tenant-attr:tenant_id'] = v.project_id;
  if (v.volume_image_metadata) body.volume_image_metadata = { ...v.volume_image_metadata };
  return body;
}

/** The summary form of an attachment (create, list). */
export function attachmentSummary(a: AttachmentRow) {
  return { id: a.id, status: a.attach_status, instance: a.instance_uuid, volume_id: a.volume_id };
}

/** The detailed form of an attachment, with its connection_info. */
export function attachmentDetail(a: AttachmentRow) {
  return {
    ...attachmentSummary(a),
    attached_at: a.attach_time ?? '',
    detached_at: a.detach_time ?? '',
    attach_mode: a.attach_mode,
    connection_info: a.connection_info ?? {},
  };
}
