/** The attachments API (3.27+): reserve, connect, complete and delete attachments, as Nova uses it. */
import { ApiError, apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { attachmentNotFound, invalidField, invalidVolume, pyRepr, volumeNotFound } from './messages.ts';
import { attachmentsOf, nodeOf, saveVolume, stamp, T, type AttachmentRow, type VolumeRow } from './state.ts';
import { requireObject } from './validate.ts';
import { attachmentDetail, attachmentSummary } from './views.ts';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The attachment `id` if the caller may see it (its volume is in the caller's project, or the caller is admin). */
function findAttachment(ctx: Ctx, req: HandlerRequest, id: string): { a: AttachmentRow; v: VolumeRow } {
  const a = ctx.db.get<AttachmentRow>(T.attachments, id);
  const v = a && ctx.db.get<VolumeRow>(T.volumes, a.volume_id);
  if (!a || !v || (!req.auth.is_admin && v.project_id !== req.auth.project_id)) throw apiError(404, attachmentNotFound(id));
  return { a, v };
}

/** Asks the volume's cinder-volume over RPC; a back end that does not answer is a 500, as in attachments.py. */
function callBackend(ctx: Ctx, v: VolumeRow, method: string, args: unknown, failure: string): unknown {
  try {
    return ctx.call(`cinder-volume.${nodeOf(v.host ?? 'controller')}`, method, args);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw apiError(500, failure);
  }
}

/** _attachment_reserve: `available` (or `downloading`) → `reserved`; the same server may reserve again. */
function reserve(ctx: Ctx, v: VolumeRow, instance: string | null): AttachmentRow {
  const allowed = v.multiattach ? ['available', 'in-use', 'downloading'] : ['available', 'downloading'];
  if (!allowed.includes(v.status)) {
    const again = instance && ['in-use', 'reserved'].includes(v.status) && attachmentsOf(ctx, v.id).some((x) => x.instance_uuid === instance);
    if (!again) {
      throw apiError(400, invalidVolume(`Volume ${v.id} status must be ${allowed.join(' or ')} to reserve, but the current status is ${v.status}.`));
    }
  } else {
    saveVolume(ctx, v.id, { status: 'reserved' });
  }
  const row: AttachmentRow = {
    id: ctx.ids.uuid(),
    volume_id: v.id,
    instance_uuid: instance,
    attached_host: null,
    mountpoint: null,
    attach_time: null,
    detach_time: null,
    attach_mode: 'null',
    attach_status: 'reserved',
    connector: null,
    connection_info: null,
    volume_host: v.host,
    created_at: stamp(ctx),
    updated_at: null,
  };
  ctx.db.insert(T.attachments, row.id, row);
  return row;
}

/** POST /attachments: reserves the volume for a server; with a connector it also connects (→ attaching). */
export const createAttachment: Handler = (ctx, req) => {
  const b = requireObject(req.body, 'attachment');
  if (!b.volume_uuid) throw apiError(400, invalidField('attachment', b, "'volume_uuid' is a required property"));
  for (const k of ['volume_uuid', 'instance_uuid']) {
    if (b[k] != null && (typeof b[k] !== 'string' || !UUID.test(b[k]))) throw apiError(400, invalidField(k, b[k], `${pyRepr(b[k])} is not a 'uuid'`));
  }
  const v = ctx.db.get<VolumeRow>(T.volumes, b.volume_uuid);
  if (!v || (!req.auth.is_admin && v.project_id !== req.auth.project_id)) throw apiError(404, volumeNotFound(b.volume_uuid));
  if (v.status.includes('error')) {
    throw apiError(400, invalidVolume(`Volume attachments can not be created if the volume is in an error state. The Volume ${v.id} currently has a status of: ${v.status} `));
  }
  let a = reserve(ctx, v, b.instance_uuid ?? null);
  if (b.mode) a = ctx.db.update<AttachmentRow>(T.attachments, a.id, { attach_mode: b.mode });
  if (b.connector) {
    callBackend(ctx, v, 'attachment_update', { volume_id: v.id, attachment_id: a.id, connector: b.connector }, 'Unable to create attachment for volume.');
    a = ctx.db.get<AttachmentRow>(T.attachments, a.id)!;
  }
  return { status: 200, body: { attachment: attachmentDetail(a) } };
};

/** PUT /attachments/{attachment_id}: gives the host's connector; the back end exports the volume (→ attaching). */
export const updateAttachment: Handler = (ctx, req) => {
  const { a, v } = findAttachment(ctx, req, req.params.attachment_id);
  const b = requireObject(req.body, 'attachment');
  const connector = b.connector;
  if (!connector || typeof connector !== 'object' || !Object.keys(connector).length) {
    throw apiError(400, invalidField('attachment', b, connector === undefined ? "'connector' is a required property" : `${pyRepr(connector)} does not have enough properties`));
  }
  if (v.status.includes('error')) {
    throw apiError(409, `Resource conflict: Volume attachments can not be updated if the volume is in an error state. The Volume ${v.id} currently has a status of: ${v.status} `);
  }
  callBackend(ctx, v, 'attachment_update', { volume_id: v.id, attachment_id: a.id, connector }, 'Unable to update the attachment.');
  return { status: 200, body: { attachment: attachmentDetail(ctx.db.get<AttachmentRow>(T.attachments, a.id)!) } };
};

/** The volume's status and attach_status from the attachments it still has (db volume_detached). */
function statusFromAttachments(rest: AttachmentRow[]): { status: string; attach_status: string } {
  const has = (s: string) => rest.some((a) => a.attach_status === s);
  if (!rest.length) return { status: 'available', attach_status: 'detached' };
  if (has('attached')) return { status: 'in-use', attach_status: 'attached' };
  if (has('attaching')) return { status: 'attaching', attach_status: 'attaching' };
  if (has('detaching')) return { status: 'detaching', attach_status: 'detaching' };
  return { status: 'reserved', attach_status: 'reserved' };
}

/** DELETE /attachments/{attachment_id}: the back end tears the connection down, then the volume is free again. */
export const deleteAttachment: Handler = (ctx, req) => {
  const { a, v } = findAttachment(ctx, req, req.params.attachment_id);
  // Bug #2004555: only Nova (a service) may delete an attachment that still connects a server.
  if (a.instance_uuid && a.connection_info && !req.auth.roles.includes('service')) {
    const r = ctx.http('nova', 'GET', `/v2.1/servers/${a.instance_uuid}/os-volume_attachments/${v.id}`);
    const novaAttachment = (r.body as any)?.volumeAttachment?.attachment_id;
    if (r.status === 200 && (novaAttachment === undefined || novaAttachment === a.id)) {
      throw apiError(409, `ConflictNovaUsingAttachment: Detach volume from instance ${a.instance_uuid} using the Compute API`);
    }
  }
  if (a.attach_status !== 'reserved') {
    ctx.db.update<AttachmentRow>(T.attachments, a.id, { attach_status: 'detaching', updated_at: stamp(ctx) });
    saveVolume(ctx, v.id, { status: 'detaching', attach_status: 'detaching' });
    callBackend(ctx, v, 'attachment_delete', { volume_id: v.id, attachment_id: a.id }, 'Unable to delete the attachment.');
  }
  ctx.db.remove(T.attachments, a.id);
  const rest = attachmentsOf(ctx, v.id);
  saveVolume(ctx, v.id, statusFromAttachments(rest));
  return { status: 200, body: { attachments: rest.map(attachmentSummary) } };
};

/** POST /attachments/{attachment_id}/action {"os-complete": null} (3.44+): the host is connected; volume `in-use`. */
export const completeAttachment: Handler = (ctx, req) => {
  const { a, v } = findAttachment(ctx, req, req.params.attachment_id);
  const body = req.body;
  if (!body || typeof body !== 'object' || !('os-complete' in body)) {
    const name = body && typeof body === 'object' ? Object.keys(body)[0] : undefined;
    throw apiError(400, name ? `There is no such action: ${name}. Verify the request body and Content-Type header and try again.` : 'Malformed request body');
  }
  ctx.db.update<AttachmentRow>(T.attachments, a.id, { attach_status: 'attached', updated_at: stamp(ctx) });
  saveVolume(ctx, v.id, { status: 'in-use', attach_status: 'attached' });
  return { status: 204 };
};

function visibleAttachments(ctx: Ctx, req: HandlerRequest): AttachmentRow[] {
  const q = req.query;
  const all = req.auth.is_admin && q.has('all_tenants');
  return ctx.db.all<AttachmentRow>(T.attachments).filter((a) => {
    const v = ctx.db.get<VolumeRow>(T.volumes, a.volume_id);
    return (all || v?.project_id === req.auth.project_id) &&
      (!q.get('volume_id') || a.volume_id === q.get('volume_id')) &&
      (!q.get('instance_id') || a.instance_uuid === q.get('instance_id')) &&
      (!(q.get('status') ?? q.get('attach_status')) || a.attach_status === (q.get('status') ?? q.get('attach_status')));
  });
}

/** GET /attachments */
export const listAttachments: Handler = (ctx, req) => ({ status: 200, body: { attachments: visibleAttachments(ctx, req).map(attachmentSummary) } });

/** GET /attachments/detail */
export const listAttachmentsDetail: Handler = (ctx, req) => ({ status: 200, body: { attachments: visibleAttachments(ctx, req).map(attachmentDetail) } });

/** GET /attachments/{attachment_id} */
export const showAttachment: Handler = (ctx, req) => ({
  status: 200,
  body: { attachment: attachmentDetail(findAttachment(ctx, req, req.params.attachment_id).a) },
});

/** Used by os-force_detach: drops every attachment of a volume and frees it. */
export function forceDetach(ctx: Ctx, v: VolumeRow, attachmentId?: string): void {
  for (const a of attachmentsOf(ctx, v.id)) {
    if (attachmentId && a.id !== attachmentId) continue;
    ctx.db.remove(T.attachments, a.id);
  }
  saveVolume(ctx, v.id, statusFromAttachments(attachmentsOf(ctx, v.id)));
}
