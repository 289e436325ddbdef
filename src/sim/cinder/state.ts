/** Cinder's tables and the shapes of their rows. */
import { apiError } from '../core/errors.ts';
import type { Ctx, HandlerRequest } from '../core/types.ts';
import { volumeNotFound } from './messages.ts';

/** Table names, as in the cinder database. */
export const T = {
  volumes: 'cinder.volumes',
  attachments: 'cinder.volume_attachment',
  services: 'cinder.services',
  quotas: 'cinder.quotas',
  usages: 'cinder.quota_usages',
  types: 'cinder.volume_types',
  messages: 'cinder.messages',
  workers: 'cinder.workers',
} as const;

/** The install guide's LVM back end on the controller: `[lvm]` in cinder.conf, volume group cinder-volumes. */
export const BACKEND = { name: 'lvm', pool: 'lvm', volumeGroup: 'cinder-volumes', totalGb: 100 } as const;

/** The default volume type every deployment has since Train. */
export const DEFAULT_TYPE = '__DEFAULT__';

/** A row of cinder.volumes. */
export interface VolumeRow {
  id: string;
  project_id: string;
  user_id: string;
  display_name: string | null;
  display_description: string | null;
  size: number;
  status: string;
  attach_status: string;
  previous_status: string | null;
  availability_zone: string;
  host: string | null;
  volume_type_id: string;
  bootable: boolean;
  multiattach: boolean;
  snapshot_id: string | null;
  source_volid: string | null;
  consistencygroup_id: string | null;
  group_id: string | null;
  image_id: string | null;
  metadata: Record<string, string>;
  volume_image_metadata: Record<string, string> | null;
  provider_location: string | null;
  /** `CHAP <user> <password>` once the volume has been exported. */
  provider_auth: string | null;
  migration_status: string | null;
  replication_status: string | null;
  service_uuid: string | null;
  shared_targets: boolean;
  use_quota: boolean;
  created_at: string;
  updated_at: string | null;
  launched_at: string | null;
  scheduled_at: string | null;
}

/** A row of cinder.volume_attachment. */
export interface AttachmentRow {
  id: string;
  volume_id: string;
  instance_uuid: string | null;
  attached_host: string | null;
  mountpoint: string | null;
  attach_time: string | null;
  detach_time: string | null;
  attach_mode: string;
  attach_status: string;
  connector: Record<string, unknown> | null;
  connection_info: Record<string, unknown> | null;
  volume_host: string | null;
  created_at: string;
  updated_at: string | null;
}

/** Cinder prints datetimes without a zone: 2026-01-05T09:00:00.000000. */
export function stamp(ctx: Ctx): string {
  return ctx.iso().replace(/Z$/, '');
}

/** The volume `id` as the caller may see it (own project, or any for admins); 404 otherwise. */
export function findVolume(ctx: Ctx, req: HandlerRequest, id: string): VolumeRow {
  const v = ctx.db.get<VolumeRow>(T.volumes, id);
  if (!v || (!req.auth.is_admin && v.project_id !== req.auth.project_id)) throw apiError(404, volumeNotFound(id));
  return v;
}

/** The attachments of a volume, oldest first. */
export function attachmentsOf(ctx: Ctx, volumeId: string): AttachmentRow[] {
  return ctx.db.where<AttachmentRow>(T.attachments, (a) => a.volume_id === volumeId);
}

/** Writes `patch` and a fresh updated_at into a volume row. */
export function saveVolume(ctx: Ctx, id: string, patch: Partial<VolumeRow>): VolumeRow {
  return ctx.db.update<VolumeRow>(T.volumes, id, { ...patch, updated_at: stamp(ctx) });
}

/** The host string of the back end (`controller@lvm#lvm`) on `node`. */
export function backendHost(node: string): string {
  return `${node}@${BACKEND.name}#${BACKEND.pool}`;
}

/** The node part of a volume host (`controller@lvm#lvm` → `controller`). */
export function nodeOf(host: string): string {
  return host.split('@')[0];
}
