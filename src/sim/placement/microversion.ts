/** Placement microversions: `OpenStack-API-Version: placement 1.39`, 1.0 when absent (microversion_parse). */
import type { HandlerRequest } from '../core/types.ts';
import { placementError } from './errors.ts';

/** The oldest and newest microversions (1.39 since Yoga). */
export const MIN_VERSION = '1.0';
export const MAX_VERSION = '1.39';

const HEADER = 'openstack-api-version';
const cache = new WeakMap<HandlerRequest, [number, number]>();

/** The placement entry of the header (the last one wins), or undefined when there is none. */
function requested(headers: Record<string, string>): string | undefined {
  const raw = headers[HEADER];
  if (!raw) return undefined;
  let found: string | undefined;
  for (const part of raw.split(',')) {
    const [service, version] = part.trim().split(/\s+/, 2);
    if (service?.toLowerCase() === 'placement' && version !== undefined) found = version;
  }
  return found;
}

/** Parses the request's microversion; 400 for a malformed string, 406 outside 1.0–1.39. */
export function parseVersion(headers: Record<string, string>): [number, number] {
  const raw = requested(headers) ?? MIN_VERSION;
  const text = raw === 'latest' ? MAX_VERSION : raw;
  const m = /^(\d+)\.(\d+)$/.exec(text);
  if (!m) throw placementError(400, `Invalid microversion: invalid version string: ${raw}`);
  const v: [number, number] = [Number(m[1]), Number(m[2])];
  const max = MAX_VERSION.split('.').map(Number);
  if (v[0] !== 1 || v[1] > max[1]) {
    throw placementError(406, `Invalid microversion: Unacceptable version header: ${raw}`);
  }
  return v;
}

/** The request's microversion (parsed once per request). */
export function version(req: HandlerRequest): [number, number] {
  let v = cache.get(req);
  if (!v) {
    v = parseVersion(req.headers);
    cache.set(req, v);
  }
  return v;
}

/** True when the request asks for `min` (`'1.14'`) or newer. */
export function atLeast(req: HandlerRequest, min: string): boolean {
  const [maj, minor] = min.split('.').map(Number);
  const [a, b] = version(req);
  return a > maj || (a === maj && b >= minor);
}

/** The response headers the microversion middleware adds; none when the version itself was refused. */
export function versionHeaders(req: HandlerRequest | undefined): Record<string, string> {
  if (!req) return {};
  try {
    const [a, b] = parseVersion(req.headers);
    return { 'openstack-api-version': `placement ${a}.${b}`, vary: 'openstack-api-version' };
  } catch {
    return {};
  }
}

/** microversion.version_handler: a route that appeared in `min` answers older requests with `status` (404 by default). */
export function since(req: HandlerRequest, min: string, status = 404): void {
  if (atLeast(req, min)) return;
  throw placementError(status, status === 405 ? `The method ${req.method} is not allowed for this resource.` : 'The resource could not be found.');
}
