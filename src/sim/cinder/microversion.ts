/** Cinder microversions: `OpenStack-API-Version: volume 3.60`, checked against 3.0 … 3.71. */
import { apiError } from '../core/errors.ts';
import type { HandlerRequest } from '../core/types.ts';

/** The oldest and newest microversions this Cinder speaks (3.71 since 2024.1). */
export const MIN_VERSION = '3.0';
export const MAX_VERSION = '3.71';

/** Microversions that change what the simulated API does. */
export const MV = {
  groupVolume: '3.13',
  providerId: '3.21',
  newAttach: '3.27',
  extendInUse: '3.42',
  attachCompletion: '3.44',
  countInfo: '3.45',
  sharedTargets: '3.48',
  clusterName: '3.61',
  volumeTypeId: '3.63',
  useQuota: '3.65',
  sharedTargetsTristate: '3.69',
} as const;

function parse(v: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function cmp(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** The `volume` entry of the OpenStack-API-Version header, or undefined when none is sent. */
function requested(req: Pick<HandlerRequest, 'headers'>): string | undefined {
  const hdr = req.headers['openstack-api-version'];
  if (!hdr) return undefined;
  for (const part of hdr.split(',')) {
    if (part.includes('volume')) return part.trim().split(/\s+/)[1] ?? '';
  }
  return '';
}

/**
 * The microversion of a request as `X.Y`; throws 400 for a malformed string, 406 outside 3.0–3.71,
 * and 404 when the header names no volume version (as cinder's VersionNotFoundForAPIMethod).
 */
export function apiVersion(req: Pick<HandlerRequest, 'headers'>): string {
  const v = requested(req);
  if (v === undefined) return MIN_VERSION;
  if (v === '') throw apiError(404, 'The resource could not be found.');
  if (v === 'latest') return MAX_VERSION;
  const p = parse(v);
  if (!p) throw apiError(400, `API Version String ${v} is of invalid format. Must be of format MajorNum.MinorNum.`);
  if (cmp(p, parse(MIN_VERSION)!) < 0 || cmp(p, parse(MAX_VERSION)!) > 0) {
    throw apiError(406, `Version ${p[0]}.${p[1]} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`);
  }
  return `${p[0]}.${p[1]}`;
}

/** True when the request's microversion is at least `min`. */
export function atLeast(req: Pick<HandlerRequest, 'headers'>, min: string): boolean {
  return cmp(parse(apiVersion(req))!, parse(min)!) >= 0;
}

/** The echo headers Cinder adds to every response whose version it could read. */
export function versionHeaders(req: Pick<HandlerRequest, 'headers'> | undefined): Record<string, string> {
  if (!req) return {};
  try {
    return { 'openstack-api-version': `volume ${apiVersion(req)}`, vary: 'OpenStack-API-Version' };
  } catch {
    return {};
  }
}
