/** Service liveness as Nova's database servicegroup driver sees it: a service is up while it reported within service_down_time. */
import type { ComponentView, Ctx, Row } from '../core/types.ts';
import { isoMicro } from './state.ts';
import { isoTime } from '../core/clock.ts';

/** `[DEFAULT] service_down_time`: a service that has not reported for 60 s is down. */
export const SERVICE_DOWN_TIME_MS = 60_000;
/** `[DEFAULT] report_interval`: every service writes its heartbeat every 10 s. */
export const REPORT_INTERVAL_MS = 10_000;

/** The process behind a `nova.services` row. */
function componentOf(ctx: Ctx, svc: Row): ComponentView | undefined {
  const name = svc.binary === 'nova-compute' ? `nova-compute@${svc.host}` : svc.binary;
  return ctx.components().find((c) => c.name === name);
}

/** Virtual ms of the service's last heartbeat, or undefined if it never ran. */
function lastHeartbeat(ctx: Ctx, svc: Row): number | undefined {
  const comp = componentOf(ctx, svc);
  if (!comp) return undefined;
  const now = ctx.now();
  if (!comp.up) return comp.since;
  return now - ((now - comp.since) % REPORT_INTERVAL_MS);
}

/** True when the service counts as up: not forced down and a heartbeat within service_down_time. */
export function serviceIsUp(ctx: Ctx, svc: Row): boolean {
  if (svc.forced_down) return false;
  const comp = componentOf(ctx, svc);
  if (!comp) return false;
  if (comp.up) return true;
  return ctx.now() - comp.since <= SERVICE_DOWN_TIME_MS;
}

/** The service's `updated_at` as the API prints it (the last heartbeat). */
export function serviceUpdatedAt(ctx: Ctx, svc: Row): string | null {
  const at = lastHeartbeat(ctx, svc);
  return at === undefined ? isoMicro(svc.updated_at) : isoMicro(isoTime(at));
}

/** The `nova.services` row of `binary` on `host`, if registered. */
export function findService(ctx: Ctx, binary: string, host: string): Row | undefined {
  return ctx.db.all('nova.services').find((s) => s.binary === binary && s.host === host && !s.deleted);
}
