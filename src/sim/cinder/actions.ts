/** POST /volumes/{volume_id}/action: extend, reset status, bootable flag, force delete and detach, and the legacy attach steps. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { forceDetach } from './attachments.ts';
import { legacyActions } from './legacy-actions.ts';
import { invalidField, invalidInput, invalidVolume, noSuchAction, policyRefused, pyRepr } from './messages.ts';
import { atLeast, MV } from './microversion.ts';
import { chargeGigabytes } from './quotas.ts';
import { attachmentsOf, findVolume, saveVolume, T, type VolumeRow } from './state.ts';
import { checkSize } from './validate.ts';
import { beginDelete } from './volumes.ts';

/** Every volume status cinder knows (VolumeStatus.ALL), for os-reset_status. */
const STATUSES = [
  'creating', 'available', 'deleting', 'error', 'error_deleting', 'error_managing', 'managing', 'attaching', 'in-use',
  'detaching', 'maintenance', 'restoring-backup', 'error_restoring', 'reserved', 'awaiting-transfer', 'backing-up',
  'error_backing-up', 'error_extending', 'downloading', 'uploading', 'retyping', 'extending',
];

/** One volume action: checks, then changes the volume. */
export type Action = (ctx: Ctx, req: HandlerRequest, v: VolumeRow, arg: any) => void;

function requireAdmin(req: HandlerRequest, action: string): void {
  if (!req.auth.is_admin) throw apiError(403, policyRefused(action));
}

/** os-extend: `available` (or `in-use` from 3.42) → `extending`; the scheduler checks room, cinder-volume runs lvextend. */
const extend: Action = (ctx, req, v, arg) => {
  const newSize = checkSize(arg ?? {}, 'new_size');
  if (newSize === undefined) throw apiError(400, invalidField('os-extend', arg, "'new_size' is a required property"));
  if (newSize <= v.size) {
    throw apiError(400, invalidInput(`New size for extend must be greater than current size. (current: ${v.size}, extended: ${newSize}).`));
  }
  const attached = atLeast(req, MV.extendInUse) && v.status === 'in-use';
  const expected = attached ? 'in-use' : 'available';
  if (v.status !== expected) {
    throw apiError(400, invalidVolume(`Volume ${v.id} status must be '{'status': '${expected}'}' to extend, currently ${v.status}.`));
  }
  chargeGigabytes(ctx, v.project_id, newSize - v.size, ctx.db.get(T.types, v.volume_type_id)?.name);
  saveVolume(ctx, v.id, { status: 'extending', previous_status: v.status });
  ctx.cast('cinder-scheduler', 'extend_volume', { volume_id: v.id, new_size: newSize, request_spec: { volume_id: v.id } });
};

/** os-reset_status (admin): writes status / attach_status as given, no questions asked. */
const resetStatus: Action = (ctx, req, v, arg) => {
  requireAdmin(req, 'volume_extension:volume_admin_actions:reset_status');
  const status = arg?.status?.toLowerCase?.();
  const attach = arg?.attach_status?.toLowerCase?.();
  if (status && !STATUSES.includes(status)) throw apiError(400, invalidField('status', arg.status, `${pyRepr(arg.status)} is not a 'volume_status'`));
  if (attach && !['attached', 'detached'].includes(attach)) {
    throw apiError(400, invalidField('attach_status', arg.attach_status, `${pyRepr(arg.attach_status)} is not a 'volume_attach_status'`));
  }
  if (status === 'deleting') throw apiError(400, 'Cannot reset-state to deleting');
  if (status === 'in-use' && !attachmentsOf(ctx, v.id).length) {
    throw apiError(400, 'Cannot reset-state to in-use because volume does not have any attachments.');
  }
  const patch: Partial<VolumeRow> = {};
  if (status) patch.status = status;
  if (attach) patch.attach_status = attach;
  saveVolume(ctx, v.id, patch);
  // Resetting to detached clears the attachments, as admin_actions does.
  if (attach === 'detached') forceDetach(ctx, ctx.db.get<VolumeRow>(T.volumes, v.id)!);
  if (attach === 'detached' && status) saveVolume(ctx, v.id, { status });
};

/** os-set_bootable: marks the volume bootable or not. */
const setBootable: Action = (ctx, _req, v, arg) => {
  const b = arg?.bootable;
  const flag = typeof b === 'boolean' ? b : typeof b === 'string' && /^(true|false|1|0|yes|no|on|off|y|n|t|f)$/i.test(b) ? /^(true|1|yes|on|y|t)$/i.test(b) : undefined;
  if (flag === undefined) throw apiError(400, invalidField('bootable', b, `${pyRepr(b)} is not of type 'boolean', 'string'`));
  saveVolume(ctx, v.id, { bootable: flag });
};

/** os-force_delete (admin): deletes whatever the status, unless attached. */
const forceDelete: Action = (ctx, req, v) => {
  requireAdmin(req, 'volume_extension:volume_admin_actions:force_delete');
  beginDelete(ctx, v, true);
};

/** os-force_detach (admin): forgets the attachments (all, or `attachment_id`). */
const forceDetachAction: Action = (ctx, req, v, arg) => {
  requireAdmin(req, 'volume_extension:volume_admin_actions:force_detach');
  forceDetach(ctx, v, arg?.attachment_id ?? undefined);
};

const ACTIONS: Record<string, Action> = {
  'os-extend': extend,
  'os-reset_status': resetStatus,
  'os-set_bootable': setBootable,
  'os-force_delete': forceDelete,
  'os-force_detach': forceDetachAction,
  ...legacyActions,
};

/** POST /volumes/{volume_id}/action: 202 for every action, 400 for an unknown one. */
export const volumeAction: Handler = (ctx, req) => {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body) || !Object.keys(body).length) throw apiError(400, 'Malformed request body');
  const name = Object.keys(body)[0];
  const action = ACTIONS[name];
  if (!action) throw apiError(400, noSuchAction(name));
  const v = findVolume(ctx, req, req.params.volume_id);
  action(ctx, req, v, body[name]);
  return { status: name === 'os-set_bootable' ? 200 : 202 };
};
