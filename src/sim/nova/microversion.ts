/** Compute API microversions: read from `OpenStack-API-Version: compute X.Y` or `X-OpenStack-Nova-API-Version`. */
import { apiError } from '../core/errors.ts';
import type { HandlerRequest } from '../core/types.ts';

/** The lowest microversion, used when the client sends none. */
export const MIN_VERSION = '2.1';
/**
 * The highest microversion this Nova speaks: 2.100, as in the 2025.1/2025.2 releases
 * (scheduler_hints in server show is its last change).
 */
export const MAX_VERSION = '2.100';

/** A parsed microversion. */
export interface Version {
  major: number;
  minor: number;
}

function parse(s: string): Version | undefined {
  const m = /^([1-9]\d*)\.(0|[1-9]\d*)$/.exec(s.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

function cmp(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor;
}

/** The version string the request asks for, before checking its range (`latest` is the maximum). */
function requested(headers: Record<string, string>): string | undefined {
  const modern = headers['openstack-api-version'];
  if (modern) {
    for (const part of modern.split(',')) {
      const [service, value] = part.trim().split(/\s+/);
      if (service?.toLowerCase() === 'compute' && value) return value;
    }
  }
  return headers['x-openstack-nova-api-version'];
}

/** The microversion of `req`; throws 400 for a malformed one and 406 for one out of range. */
export function microversion(req: Pick<HandlerRequest, 'headers'>): Version {
  const raw = requested(req.headers);
  if (raw === undefined) return parse(MIN_VERSION)!;
  if (raw.trim().toLowerCase() === 'latest') return parse(MAX_VERSION)!;
  const v = parse(raw);
  if (!v) throw apiError(400, `API Version String ${raw} is of invalid format. Must be of format MajorNum.MinorNum.`);
  if (cmp(v, parse(MIN_VERSION)!) < 0 || cmp(v, parse(MAX_VERSION)!) > 0) {
    throw apiError(406, `Version ${v.major}.${v.minor} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`);
  }
  return v;
}

/** True when the request's microversion is at least `min` (e.g. `'2.47'`). */
export function atLeast(req: Pick<HandlerRequest, 'headers'>, min: string): boolean {
  return cmp(microversion(req), parse(min)!) >= 0;
}

/** The headers Nova adds to every answer: the compute request id and the echoed microversion. */
export function novaHeaders(requestId: string, req: HandlerRequest | undefined): Record<string, string> {
  const out: Record<string, string> = { 'x-compute-request-id': requestId };
  if (!req) return out;
  let v: Version;
  try {
    v = microversion(req);
  } catch {
    return out;
  }
  const s = `${v.major}.${v.minor}`;
  out['openstack-api-version'] = `compute ${s}`;
  out['x-openstack-nova-api-version'] = s;
  out.vary = 'OpenStack-API-Version, X-OpenStack-Nova-API-Version';
  return out;
}
