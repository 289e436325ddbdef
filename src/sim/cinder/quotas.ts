/** Quotas: limits per project (cinder.quotas overrides the defaults) and usage (cinder.quota_usages). */
import { ApiError, apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest } from '../core/types.ts';
import { gigabytesExceeded, invalidInput, policyRefused, volumeLimitExceeded } from './messages.ts';
import { DEFAULT_TYPE, T } from './state.ts';

/** cinder.conf's quota defaults (quota_volumes, quota_gigabytes, ...); -1 is unlimited. */
export const DEFAULT_QUOTAS: Record<string, number> = {
  volumes: 10,
  snapshots: 10,
  gigabytes: 1000,
  backups: 10,
  backup_gigabytes: 1000,
  groups: 10,
  per_volume_gigabytes: -1,
  [`volumes_${DEFAULT_TYPE}`]: -1,
  [`snapshots_${DEFAULT_TYPE}`]: -1,
  [`gigabytes_${DEFAULT_TYPE}`]: -1,
};

/** QuotaError: 413 with `Retry-After: 0`. */
function overQuota(message: string): ApiError {
  return new ApiError(413, message, { headers: { 'Retry-After': '0' } });
}

/** The limit of `resource` for a project. */
export function limitOf(ctx: Ctx, projectId: string, resource: string): number {
  return ctx.db.get(T.quotas, `${projectId}:${resource}`)?.hard_limit ?? DEFAULT_QUOTAS[resource];
}

/** How much of `resource` a project uses. */
export function usageOf(ctx: Ctx, projectId: string, resource: string): number {
  return ctx.db.get(T.usages, `${projectId}:${resource}`)?.in_use ?? 0;
}

function addUsage(ctx: Ctx, projectId: string, resource: string, delta: number): void {
  const key = `${projectId}:${resource}`;
  const row = ctx.db.get(T.usages, key);
  if (row) ctx.db.update(T.usages, key, { in_use: Math.max(0, row.in_use + delta) });
  else ctx.db.insert(T.usages, key, { project_id: projectId, resource, in_use: Math.max(0, delta), reserved: 0 });
}

/** QUOTAS.reserve + commit for a new volume: gigabytes is checked first, then the volume count (413 when over). */
export function chargeVolume(ctx: Ctx, projectId: string, size: number, typeName = DEFAULT_TYPE): void {
  const gb = limitOf(ctx, projectId, 'gigabytes');
  const gbUsed = usageOf(ctx, projectId, 'gigabytes');
  if (gb >= 0 && gbUsed + size > gb) throw overQuota(gigabytesExceeded(size, gb, gbUsed));
  const vols = limitOf(ctx, projectId, 'volumes');
  if (vols >= 0 && usageOf(ctx, projectId, 'volumes') + 1 > vols) throw overQuota(volumeLimitExceeded(vols));
  addUsage(ctx, projectId, 'volumes', 1);
  addUsage(ctx, projectId, 'gigabytes', size);
  // Per-type usage is counted too (volumes___DEFAULT__), though its limit is -1 by default.
  addUsage(ctx, projectId, `volumes_${typeName}`, 1);
  addUsage(ctx, projectId, `gigabytes_${typeName}`, size);
}

/** Checks and charges `delta` more gigabytes (extend). */
export function chargeGigabytes(ctx: Ctx, projectId: string, delta: number, typeName = DEFAULT_TYPE): void {
  const gb = limitOf(ctx, projectId, 'gigabytes');
  const used = usageOf(ctx, projectId, 'gigabytes');
  if (gb >= 0 && used + delta > gb) throw overQuota(gigabytesExceeded(delta, gb, used));
  addUsage(ctx, projectId, 'gigabytes', delta);
  addUsage(ctx, projectId, `gigabytes_${typeName}`, delta);
}

/** Gives back gigabytes charged for an extend that did not happen. */
export function refundGigabytes(ctx: Ctx, projectId: string, delta: number, typeName = DEFAULT_TYPE): void {
  addUsage(ctx, projectId, 'gigabytes', -delta);
  addUsage(ctx, projectId, `gigabytes_${typeName}`, -delta);
}

/** Gives back a deleted volume's share of the quota. */
export function releaseVolume(ctx: Ctx, projectId: string, size: number, typeName = DEFAULT_TYPE): void {
  addUsage(ctx, projectId, 'volumes', -1);
  addUsage(ctx, projectId, 'gigabytes', -size);
  addUsage(ctx, projectId, `volumes_${typeName}`, -1);
  addUsage(ctx, projectId, `gigabytes_${typeName}`, -size);
}

function mayRead(req: HandlerRequest, target: string, action: string): void {
  if (!req.auth.is_admin && target !== req.auth.project_id) throw apiError(403, policyRefused(action));
}

function quotaSet(ctx: Ctx, projectId: string, usage: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(DEFAULT_QUOTAS)) {
    const limit = limitOf(ctx, projectId, k);
    out[k] = usage ? { limit, in_use: k === 'per_volume_gigabytes' ? 0 : usageOf(ctx, projectId, k), reserved: 0 } : limit;
  }
  return out;
}

/** GET /os-quota-sets/{target_project_id}[?usage=True] */
export const showQuotaSet: Handler = (ctx, req) => {
  const target = req.params.target_project_id;
  mayRead(req, target, 'volume_extension:quotas:show');
  const usage = /^(true|1|yes|on|y|t)$/i.test(req.query.get('usage') ?? '');
  return { status: 200, body: { quota_set: { ...quotaSet(ctx, target, usage), id: target } } };
};

/** GET /os-quota-sets/{target_project_id}/defaults */
export const showQuotaDefaults: Handler = (_ctx, req) => {
  const target = req.params.target_project_id;
  mayRead(req, target, 'volume_extension:quotas:show');
  return { status: 200, body: { quota_set: { ...DEFAULT_QUOTAS, id: target } } };
};

/** PUT /os-quota-sets/{target_project_id} (admin): sets limits, never below what is in use. */
export const updateQuotaSet: Handler = (ctx, req) => {
  if (!req.auth.is_admin) throw apiError(403, policyRefused('volume_extension:quotas:update'));
  const target = req.params.target_project_id;
  const set = req.body?.quota_set;
  if (!set || typeof set !== 'object' || !Object.keys(set).length) {
    throw apiError(400, "Invalid input for field/attribute quota_set. Value: None. None is not of type 'object'");
  }
  const bad = Object.keys(set).filter((k) => !(k in DEFAULT_QUOTAS));
  if (bad.length) throw apiError(400, invalidInput(`Bad key(s) in quota set: ${bad.join(', ')}`));
  for (const [k, raw] of Object.entries(set)) {
    const v = Number(raw);
    if (!Number.isInteger(v)) throw apiError(400, `${k} must be an integer.`);
    if (v < -1) throw apiError(400, `${k} must be >= -1`);
    const used = usageOf(ctx, target, k);
    if (k !== 'per_volume_gigabytes' && v !== -1 && v < used) {
      throw apiError(400, `Quota ${k} limit must be equal or greater than existing resources. Current usage is ${used} and the requested limit is ${v}.`);
    }
  }
  for (const [k, raw] of Object.entries(set)) {
    const key = `${target}:${k}`;
    if (ctx.db.get(T.quotas, key)) ctx.db.update(T.quotas, key, { hard_limit: Number(raw) });
    else ctx.db.insert(T.quotas, key, { project_id: target, resource: k, hard_limit: Number(raw) });
  }
  return { status: 200, body: { quota_set: quotaSet(ctx, target, false) } };
};

/** DELETE /os-quota-sets/{target_project_id} (admin): back to the defaults. */
export const deleteQuotaSet: Handler = (ctx, req) => {
  if (!req.auth.is_admin) throw apiError(403, policyRefused('volume_extension:quotas:delete'));
  for (const q of ctx.db.where(T.quotas, (r) => r.project_id === req.params.target_project_id)) {
    ctx.db.remove(T.quotas, `${q.project_id}:${q.resource}`);
  }
  return { status: 200 };
};

/** GET /limits: the absolute limits of the caller's project and what it uses. */
export const showLimits: Handler = (ctx, req) => {
  const p = req.auth.project_id;
  const absolute = {
    maxTotalVolumes: limitOf(ctx, p, 'volumes'),
    maxTotalSnapshots: limitOf(ctx, p, 'snapshots'),
    maxTotalVolumeGigabytes: limitOf(ctx, p, 'gigabytes'),
    maxTotalBackups: limitOf(ctx, p, 'backups'),
    maxTotalBackupGigabytes: limitOf(ctx, p, 'backup_gigabytes'),
    totalVolumesUsed: usageOf(ctx, p, 'volumes'),
    totalGigabytesUsed: usageOf(ctx, p, 'gigabytes'),
    totalSnapshotsUsed: 0,
    totalBackupsUsed: 0,
    totalBackupGigabytesUsed: 0,
  };
  return { status: 200, body: { limits: { rate: [], absolute } } };
};
