/** os-server-external-events: Neutron (and Cinder) tell Nova about ports and volumes; the API forwards to the compute host. */
import type { Handler, Row } from '../core/types.ts';
import { atLeast } from './microversion.ts';
import { policyError } from './policy.ts';
import { API, cellTable, schemaOfCell, type Instance } from './state.ts';
import { invalid, pyRepr } from './validation.ts';
import { apiError } from '../core/errors.ts';

const NAMES = ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted'];

/** The event names of the request's microversion. */
function names(req: Parameters<Handler>[1]): string[] {
  const out = [...NAMES];
  if (atLeast(req, '2.51')) out.push('volume-extended');
  if (atLeast(req, '2.76')) out.push('power-update');
  if (atLeast(req, '2.82')) out.push('accelerator-request-bound');
  if (atLeast(req, '2.93')) out.push('volume-reimaged');
  return out;
}

/** POST /os-server-external-events (admin or service): 200 when every event was accepted, 207 otherwise. */
export const createExternalEvents: Handler = (ctx, req) => {
  if (!req.auth.is_admin && !req.auth.roles.includes('service')) throw policyError('os-server-external-events:create');
  const events = (req.body as Row)?.events;
  if (events === undefined) throw apiError(400, "'events' is a required property");
  if (!Array.isArray(events) || !events.length) throw invalid('events', events, `${pyRepr(events)} is not of type 'array'`);
  const allowed = names(req);
  for (const e of events) {
    if (!e || typeof e !== 'object') throw invalid('events', events, `${pyRepr(e)} is not of type 'object'`);
    if (!allowed.includes(e.name)) throw invalid('name', e.name, `${pyRepr(e.name)} is not one of ${pyRepr(allowed)}`);
    if (typeof e.server_uuid !== 'string') throw invalid('events', e, "'server_uuid' is a required property");
    if (e.status !== undefined && !['failed', 'completed', 'in-progress'].includes(e.status)) {
      throw invalid('status', e.status, `${pyRepr(e.status)} is not one of ['failed', 'completed', 'in-progress']`);
    }
  }
  let result = 200;
  const byHost = new Map<string, { instances: string[]; events: Row[] }>();
  const response = events.map((e: Row) => {
    const out: Row = { ...e };
    const mapping = ctx.db.get(API.instanceMappings, e.server_uuid);
    const schema = mapping && schemaOfCell(ctx, mapping.cell_id);
    const inst = schema ? ctx.db.get<Instance>(cellTable(schema, 'instances'), e.server_uuid) : undefined;
    if (!inst || inst.deleted) {
      result = 207;
      return { ...out, status: 'failed', code: 404 };
    }
    if (['network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted', 'volume-extended'].includes(e.name) && !e.tag) {
      result = 207;
      return { ...out, status: 'failed', code: 400 };
    }
    if (!inst.host) {
      result = 207;
      return { ...out, status: 'failed', code: 422 };
    }
    const group = byHost.get(inst.host) ?? { instances: [], events: [] };
    if (!group.instances.includes(inst.uuid)) group.instances.push(inst.uuid);
    group.events.push({ name: e.name, server_uuid: inst.uuid, tag: e.tag ?? null, status: e.status ?? 'completed' });
    byHost.set(inst.host, group);
    return { ...out, status: 'completed', code: 200 };
  });
  for (const [host, group] of byHost) ctx.cast(`compute.${host}`, 'external_instance_event', group);
  return { status: result, body: { events: response } };
};
