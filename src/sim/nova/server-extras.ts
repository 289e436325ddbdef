/** Smaller server sub-resources: metadata, instance actions (server event list), interfaces and ips. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest, Row } from '../core/types.ts';
import { checkState } from './instance-checks.ts';
import { atLeast } from './microversion.ts';
import { limitsOf } from './quotas.ts';
import { checkLock } from './servers.ts';
import type { Vif } from './network.ts';
import { cellTable, findServer, isoMicro, type ServerRef } from './state.ts';
import { bodyObject } from './validation.ts';

const META_STATES = ['active', 'paused', 'suspended', 'stopped', 'shelved', 'shelved_offloaded'];

/** Writes new metadata after the state, lock and quota checks (the instance's vm_state must allow it). */
function writeMetadata(ctx: Ctx, req: HandlerRequest, ref: ServerRef, metadata: Record<string, string>): Record<string, string> {
  checkLock(req, ref.inst);
  checkState(ref.inst, 'update_instance_metadata', META_STATES);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw apiError(400, `Invalid input for field/attribute ${k}. Value: ${v}. ${JSON.stringify(v)} is not of type 'string'`);
    if (!k.length || k.length > 255) throw apiError(400, 'Invalid metadata size: Metadata property key greater than 255 characters');
    if (v.length > 255) throw apiError(400, 'Invalid metadata size: Metadata property value greater than 255 characters');
  }
  const allowed = limitsOf(ctx, ref.inst.project_id).metadata_items;
  if (allowed >= 0 && Object.keys(metadata).length > allowed) throw apiError(403, `Quota exceeded for metadata_items: Requested ${Object.keys(metadata).length}, but already used 0 of ${allowed} metadata_items`);
  ctx.db.update(cellTable(ref.schema!, 'instances'), ref.inst.uuid, { metadata, updated_at: ctx.iso() });
  return metadata;
}

export const listServerMetadata: Handler = (ctx, req) => ({ status: 200, body: { metadata: { ...findServer(ctx, req, req.params.server_id).inst.metadata } } });

/** POST /servers/{id}/metadata merges; PUT replaces. */
export const mergeServerMetadata: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  const incoming = bodyObject(req.body, 'metadata');
  return { status: 200, body: { metadata: writeMetadata(ctx, req, ref, { ...ref.inst.metadata, ...incoming }) } };
};

export const replaceServerMetadata: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  return { status: 200, body: { metadata: writeMetadata(ctx, req, ref, { ...bodyObject(req.body, 'metadata') }) } };
};

export const showServerMetadataItem: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  const key = req.params.key;
  if (!(key in ref.inst.metadata)) throw apiError(404, 'Metadata item was not found');
  return { status: 200, body: { meta: { [key]: ref.inst.metadata[key] } } };
};

export const setServerMetadataItem: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  const meta = bodyObject(req.body, 'meta');
  if (Object.keys(meta).length > 1) throw apiError(400, 'Request body contains too many items');
  if (!(req.params.key in meta)) throw apiError(400, 'Request body and URI mismatch');
  writeMetadata(ctx, req, ref, { ...ref.inst.metadata, ...meta });
  return { status: 200, body: { meta } };
};

export const deleteServerMetadataItem: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  if (!(req.params.key in ref.inst.metadata)) throw apiError(404, 'Metadata item was not found');
  const rest = { ...ref.inst.metadata };
  delete rest[req.params.key];
  writeMetadata(ctx, req, ref, rest);
  return { status: 204 };
};

function actionView(req: HandlerRequest, a: Row): Row {
  const out: Row = {
    action: a.action, instance_uuid: a.instance_uuid, request_id: a.request_id, user_id: a.user_id,
    project_id: a.project_id, start_time: isoMicro(a.start_time), message: a.message,
  };
  if (atLeast(req, '2.58')) out.updated_at = isoMicro(a.finish_time ?? a.start_time);
  return out;
}

function actionsOf(ctx: Ctx, ref: ServerRef): Row[] {
  if (!ref.schema) return [];
  return ctx.db.where(cellTable(ref.schema, 'instance_actions'), (a) => a.instance_uuid === ref.inst.uuid).sort((a, b) => (a.start_time < b.start_time ? 1 : a.start_time > b.start_time ? -1 : b.id - a.id));
}

/** GET /servers/{id}/os-instance-actions: what `openstack server event list` prints, newest first. */
export const listInstanceActions: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  return { status: 200, body: { instanceActions: actionsOf(ctx, ref).map((a) => actionView(req, a)) } };
};

export const showInstanceAction: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  const a = actionsOf(ctx, ref).find((x) => x.request_id === req.params.request_id);
  if (!a) throw apiError(404, `Action for request_id ${req.params.request_id} on instance ${ref.inst.uuid} not found`);
  return { status: 200, body: { instanceAction: { ...actionView(req, a), events: [] } } };
};

/** GET /servers/{id}/os-interface: the server's ports, as Neutron lists them for the caller. */
export const listInterfaces: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  const r = ctx.http('neutron', 'GET', `/v2.0/ports?device_id=${ref.inst.uuid}`, undefined, { 'X-Auth-Token': req.auth.token });
  const ports: Row[] = r.status === 200 ? ((r.body as any)?.ports ?? []) : [];
  return {
    status: 200,
    body: {
      interfaceAttachments: ports.map((p) => ({
        port_state: p.status, fixed_ips: (p.fixed_ips ?? []).map((f: Row) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
        port_id: p.id, net_id: p.network_id, mac_addr: p.mac_address, ...(atLeast(req, '2.70') ? { tag: null } : {}),
      })),
    },
  };
};

/** GET /servers/{id}/ips: the addresses block alone. */
export const listServerIps: Handler = (ctx, req) => {
  const ref = findServer(ctx, req, req.params.server_id);
  const vifs = ref.schema && ref.inst.vm_state !== 'building' ? ((ctx.db.get(cellTable(ref.schema, 'instance_info_caches'), ref.inst.uuid)?.network_info ?? []) as Vif[]) : [];
  // Keyed by the user's network names: a Map keeps __proto__ or constructor plain keys.
  const addresses = new Map<string, Row[]>();
  for (const v of vifs) for (const ip of v.ips) addresses.set(v.network.label, [...(addresses.get(v.network.label) ?? []), { version: ip.version, addr: ip.address }]);
  return { status: 200, body: { addresses: Object.fromEntries(addresses) } };
};


