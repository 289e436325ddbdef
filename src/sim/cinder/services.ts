/** Cinder's services: cinder-scheduler and cinder-volume register in cinder.services when they start. */
import { isoTime } from '../core/clock.ts';
import { apiError } from '../core/errors.ts';
import type { ComponentView, Ctx, Handler, TaskHandler } from '../core/types.ts';
import { policyRefused } from './messages.ts';
import { BACKEND, stamp, T } from './state.ts';
import { cleanupWork } from './workers.ts';

/** The `report_interval` of cinder services: a heartbeat every 10 s. */
const REPORT_INTERVAL_MS = 10_000;

/** The host a binary registers under: the volume service names its back end (`controller@lvm`). */
export function serviceHost(binary: string, node: string): string {
  return binary === 'cinder-volume' ? `${node}@${BACKEND.name}` : node;
}

function register(binary: string, topic: string): TaskHandler {
  return (ctx) => {
    const host = serviceHost(binary, ctx.host);
    const key = `${binary}@${host}`;
    const row = ctx.db.get(T.services, key);
    if (row) {
      ctx.db.update(T.services, key, { updated_at: stamp(ctx), report_count: row.report_count + 1 });
      return;
    }
    ctx.db.insert(T.services, key, {
      id: ctx.db.all(T.services).length + 1,
      uuid: ctx.ids.uuid(),
      host,
      binary,
      topic,
      availability_zone: 'nova',
      disabled: false,
      disabled_reason: null,
      report_count: 1,
      created_at: stamp(ctx),
      updated_at: stamp(ctx),
    });
  };
}

const registerVolume = register('cinder-volume', 'cinder-volume');

/** What each binary does when it starts: create or refresh its service row; cinder-volume also cleans up after a crash. */
export const onStart: Record<string, TaskHandler> = {
  'cinder-scheduler': register('cinder-scheduler', 'cinder-scheduler'),
  'cinder-volume': (ctx, args) => {
    registerVolume(ctx, args);
    cleanupWork(ctx);
  },
};

function componentOf(ctx: Ctx, svc: Record<string, any>): ComponentView | undefined {
  return ctx.components().find((c) => c.binary === svc.binary && serviceHost(c.binary, c.host) === svc.host);
}

/** The last heartbeat of a process: every report interval while it runs, none after it stops. */
function lastHeartbeat(ctx: Ctx, comp: ComponentView | undefined): string | null {
  if (!comp) return null;
  if (!comp.up) return isoTime(comp.since).replace(/Z$/, '');
  const beats = Math.floor((ctx.now() - comp.since) / REPORT_INTERVAL_MS);
  return isoTime(comp.since + beats * REPORT_INTERVAL_MS).replace(/Z$/, '');
}

/** The cinder-volume services that are up, with their host (`controller@lvm`). */
export function liveVolumeServices(ctx: Ctx): Record<string, any>[] {
  return ctx.db.where(T.services, (s) => s.binary === 'cinder-volume' && !s.disabled && componentOf(ctx, s)?.up === true);
}

/** GET /os-services (admin): each service with its state from its heartbeat. */
export const listServices: Handler = (ctx, req) => {
  if (!req.auth.is_admin) throw apiError(403, policyRefused('volume_extension:services:index'));
  const host = req.query.get('host');
  const binary = req.query.get('binary');
  const rows = ctx.db.all(T.services).filter((s) => (!host || s.host === host) && (!binary || s.binary === binary));
  const services = rows.map((s) => {
    const comp = componentOf(ctx, s);
    const out: Record<string, unknown> = {
      binary: s.binary,
      host: s.host,
      zone: s.availability_zone,
      status: s.disabled ? 'disabled' : 'enabled',
      state: comp?.up ? 'up' : 'down',
      updated_at: lastHeartbeat(ctx, comp) ?? s.updated_at,
      disabled_reason: s.disabled_reason,
    };
    // os-extended-services adds the replication fields to volume services.
    if (s.binary === 'cinder-volume') Object.assign(out, { replication_status: 'disabled', active_backend_id: null, frozen: false });
    return out;
  });
  return { status: 200, body: { services } };
};

/** GET /os-availability-zone: the zones of the volume services. */
export const listAvailabilityZones: Handler = (ctx) => {
  const zones = [...new Set(ctx.db.where(T.services, (s) => s.binary === 'cinder-volume').map((s) => s.availability_zone as string))];
  const up = new Set(liveVolumeServices(ctx).map((s) => s.availability_zone));
  return { status: 200, body: { availabilityZoneInfo: zones.map((z) => ({ zoneName: z, zoneState: { available: up.has(z) } })) } };
};
