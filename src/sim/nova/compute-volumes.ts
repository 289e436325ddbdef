/** nova-compute's Cinder client: create boot volumes, and attach or detach with the attachments API (3.44). */
import type { Ctx, Row, SimResponse } from '../core/types.ts';
import { md5 } from './hash.ts';

/** Nova's Cinder microversion for the attachments API with os-complete. */
const VOLUME_VERSION = 'volume 3.44';

/** A REST call to Cinder with Nova's microversion. */
export function cinder(ctx: Ctx, method: string, path: string, body?: unknown): SimResponse {
  return ctx.http('cinder', method, path, body, { 'OpenStack-API-Version': VOLUME_VERSION });
}

/** os-brick's connector properties for this host (what Cinder exports the LUN to). */
export function connector(ctx: Ctx): Row {
  const node = ctx.nodes().find((n) => n.name === ctx.host);
  return {
    platform: 'x86_64',
    os_type: 'linux',
    ip: node?.management_ip ?? ctx.host,
    host: ctx.host,
    multipath: false,
    initiator: `iqn.2004-10.com.ubuntu:01:${md5(ctx.host).slice(0, 12)}`,
    do_local_attach: false,
  };
}

/** The volume's status in Cinder, or undefined if Cinder cannot say. */
export function volumeStatus(ctx: Ctx, volumeId: string): string | undefined {
  const r = cinder(ctx, 'GET', `/v3/volumes/${volumeId}`);
  return r.status === 200 ? (r.body as any)?.volume?.status : undefined;
}

/** Asks Cinder for a new volume (blank or from an image); returns its id. */
export function createVolume(ctx: Ctx, size: number, imageId: string | null, userToken?: string): string {
  const body: Row = { size, name: '', availability_zone: 'nova' };
  if (imageId) body.imageRef = imageId;
  const headers: Record<string, string> = { 'OpenStack-API-Version': VOLUME_VERSION };
  if (userToken) headers['X-Auth-Token'] = userToken;
  const r = ctx.http('cinder', 'POST', '/v3/volumes', { volume: body }, headers);
  if (r.status !== 202 && r.status !== 200) throw new Error(`Cinder could not create the volume: ${JSON.stringify(r.body)}`);
  return (r.body as any).volume.id;
}

/** Reserve, connect and complete an attachment; returns the attachment id and connection_info. */
export function attachVolume(ctx: Ctx, volumeId: string, instanceUuid: string, device: string, attachmentId?: string): { attachment_id: string; connection_info: Row } {
  let id = attachmentId;
  if (!id) {
    const made = cinder(ctx, 'POST', '/v3/attachments', { attachment: { volume_uuid: volumeId, instance_uuid: instanceUuid } });
    if (made.status !== 200 && made.status !== 201) throw new Error(`Invalid volume: ${(made.body as any)?.badRequest?.message ?? `Cinder answered ${made.status}`}`);
    id = (made.body as any).attachment.id as string;
  }
  const upd = cinder(ctx, 'PUT', `/v3/attachments/${id}`, { attachment: { connector: { ...connector(ctx), mountpoint: device } } });
  if (upd.status !== 200) throw new Error(`Cinder could not connect volume ${volumeId}: answered ${upd.status}`);
  const info = (upd.body as any)?.attachment?.connection_info ?? {};
  cinder(ctx, 'POST', `/v3/attachments/${id}/action`, { 'os-complete': null });
  return { attachment_id: id, connection_info: info };
}

/** Deletes an attachment (the volume goes back to available). */
export function deleteAttachment(ctx: Ctx, attachmentId: string): void {
  cinder(ctx, 'DELETE', `/v3/attachments/${attachmentId}`);
}

/** Deletes a volume (delete_on_termination). */
export function deleteVolume(ctx: Ctx, volumeId: string): void {
  cinder(ctx, 'DELETE', `/v3/volumes/${volumeId}`);
}
