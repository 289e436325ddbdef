/** The authenticated session of one `openstack` process: keystoneauth's password login, the catalog, request helpers. */
import { CommandError, HttpError } from './errors.ts';
import { exchange, USER_AGENTS, type Library, type Reply } from './http.ts';
import type { FetchLike } from './types.ts';

/** What keystoneauth needs for the password method, from OS_* variables or --os-* options. */
export interface Credentials {
  authUrl?: string;
  username?: string;
  password?: string;
  projectName?: string;
  userDomainName?: string;
  projectDomainName?: string;
  regionName?: string;
  interface?: string;
  /** `--os-compute-api-version`: what novaclient sends instead of 2.1. */
  computeApiVersion?: string;
  /** `--os-placement-api-version` (osc-placement's microversion, default 1.0). */
  placementApiVersion?: string;
}

/** A request from a command: service type, path below the catalog URL, and which library sends it. */
export interface CallOptions {
  lib: Library;
  body?: unknown;
  raw?: boolean;
  headers?: Record<string, string>;
  /** SDK compute calls: the resource's microversion cap (flavors 2.61, keypairs 2.10, servers 2.73, ...). */
  cap?: string;
  /** Statuses to accept without error (lookups take 404). */
  ok?: (status: number) => boolean;
  /** Accept header: default `application/json`; `null` sends none. */
  accept?: string | null;
}

/** The logged-in client; `call()` sends requests with the token, like the real CLI within one process. */
export class Client {
  fetch: FetchLike;
  creds: Credentials;
  debug?: (line: string) => void;
  token = '';
  /** The token body (`token.user`, `token.project`, `token.catalog`, `token.expires_at`). */
  auth: any;
  private discovered = new Map<string, any>();

  constructor(fetch: FetchLike, creds: Credentials, debug?: (line: string) => void) {
    this.fetch = fetch;
    this.creds = creds;
    this.debug = debug;
  }

  /** keystoneauth's prologue: `GET <auth_url>` (version discovery), then `POST /v3/auth/tokens`. */
  async authenticate(): Promise<void> {
    const c = this.creds;
    if (!c.authUrl) throw new CommandError('Missing value auth-url required for auth plugin password');
    const authUrl = c.authUrl.replace(/\/+$/, '');
    const ua = { 'User-Agent': USER_AGENTS.sdk };
    let base = authUrl;
    try {
      const r = await exchange(this.fetch, { method: 'GET', url: authUrl, headers: { Accept: 'application/json', ...ua }, ok: (s) => s < 400 || s === 300 }, this.debug);
      // An unversioned URL answers with a version list: keystoneauth picks v3 from it.
      const values: any[] = r.body?.versions?.values ?? r.body?.versions ?? [];
      const v3 = Array.isArray(values) ? values.find((v) => String(v.id).startsWith('v3')) : undefined;
      const self = v3?.links?.find((l: any) => l.rel === 'self')?.href;
      if (!r.body?.version && self) base = String(self).replace(/\/+$/, '');
    } catch (e) {
      this.debug?.(`Failed to discover available identity versions when contacting ${authUrl}. Attempting to parse version from URL.`);
      if (!(e instanceof HttpError)) {
        throw new CommandError(`Failed to discover available identity versions when contacting ${authUrl}. Attempting to parse version from URL.\nUnable to establish connection to ${authUrl}/auth/tokens: ${errText(e)}`);
      }
    }
    for (const [v, opt] of [[c.username, 'username'], [c.password, 'password']] as const) {
      if (!v) throw new CommandError(`Missing value ${opt} required for auth plugin password`);
    }
    const body = {
      auth: {
        identity: { methods: ['password'], password: { user: { name: c.username, domain: { name: c.userDomainName ?? 'Default' }, password: c.password } } },
        ...(c.projectName ? { scope: { project: { name: c.projectName, domain: { name: c.projectDomainName ?? 'Default' } } } } : {}),
      },
    };
    this.debug?.(`Making authentication request to ${base}/auth/tokens`);
    let r: Reply;
    try {
      r = await exchange(this.fetch, { method: 'POST', url: `${base}/auth/tokens`, headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...ua }, body });
    } catch (e) {
      if (e instanceof HttpError) throw new CommandError(keystoneMessage(e));
      throw new CommandError(`Unable to establish connection to ${base}/auth/tokens: ${errText(e)}`);
    }
    this.token = r.headers.get('x-subject-token') ?? '';
    this.auth = r.body?.token ?? {};
    // keystoneauth logs no REQ line for the password request, only the status and the token body.
    this.debug?.(`${new URL(base).origin} "POST ${new URL(base).pathname}/auth/tokens HTTP/1.1" ${r.status} None`);
    this.debug?.(r.text);
  }

  /** The catalog URL of a service type for the chosen interface and region. */
  endpoint(type: string): string {
    const iface = this.creds.interface || 'public';
    const region = this.creds.regionName;
    for (const svc of this.auth?.catalog ?? []) {
      if (svc.type !== type) continue;
      const ep = (svc.endpoints ?? []).find((e: any) => e.interface === iface && (!region || e.region === region || e.region_id === region));
      if (ep) return String(ep.url).replace(/\/+$/, '');
    }
    throw new CommandError(`${iface} endpoint for ${type} service${region ? ` in ${region} region` : ''} not found`);
  }

  /** Unauthenticated version discovery, at most once per URL per process (Glance `GET /`, Nova `GET /v2.1`). */
  async discover(url: string): Promise<any> {
    if (this.discovered.has(url)) return this.discovered.get(url);
    let doc: any = null;
    try {
      const r = await exchange(this.fetch, { method: 'GET', url, headers: { Accept: 'application/json', 'User-Agent': USER_AGENTS.sdk }, ok: (s) => s < 400 || s === 300 }, this.debug);
      doc = r.body ?? null;
    } catch (e) {
      if (!(e instanceof HttpError)) throw new CommandError(`Unable to establish connection to ${url}: ${errText(e)}`);
    }
    this.discovered.set(url, doc);
    return doc;
  }

  /** The compute microversion an SDK call sends: the lower of the resource cap and Nova's maximum (none if unknown). */
  async computeMicroversion(cap: string): Promise<string | undefined> {
    const doc = await this.discover(this.endpoint('compute'));
    const max = doc?.version?.version;
    if (!max) return undefined;
    return compareVersions(cap, max) <= 0 ? cap : max;
  }

  /** Sends `method path` to the service's catalog URL with the token and the library's headers. */
  async call(type: string, method: string, path: string, opts: CallOptions): Promise<Reply> {
    const base = this.endpoint(type);
    const headers: Record<string, string> = {
      'User-Agent': USER_AGENTS[opts.lib],
      'X-Auth-Token': this.token,
    };
    if (opts.accept !== null) headers.Accept = opts.accept ?? 'application/json';
    if (opts.body !== undefined) headers['Content-Type'] = opts.raw ? 'application/octet-stream' : 'application/json';
    if (type === 'compute' && opts.lib === 'nova') headers['X-OpenStack-Nova-API-Version'] = this.creds.computeApiVersion || '2.1';
    if (type === 'compute' && opts.lib === 'sdk' && opts.cap) {
      const mv = await this.computeMicroversion(opts.cap);
      if (mv) Object.assign(headers, { 'OpenStack-API-Version': `compute ${mv}`, 'X-OpenStack-Nova-API-Version': mv });
    }
    Object.assign(headers, opts.headers);
    try {
      return await exchange(this.fetch, { method, url: base + path, headers, body: opts.body, raw: opts.raw, ok: opts.ok, service: type }, this.debug);
    } catch (e) {
      if (e instanceof HttpError || e instanceof CommandError) throw e;
      throw new CommandError(`Unable to establish connection to ${base + path}: ${errText(e)}`);
    }
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** -1, 0 or 1 comparing microversions like `2.10` and `2.9`. */
export function compareVersions(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 !== b1 ? Math.sign(a1 - b1) : Math.sign((a2 || 0) - (b2 || 0));
}

/** keystoneauth's text for an HTTP error: `<message> (HTTP 401) (Request-ID: req-…)`. */
export function keystoneMessage(e: HttpError): string {
  const msg = e.body?.error?.message ?? httpReason(e.status);
  const rid = e.headers.get('x-openstack-request-id');
  return `${msg} (HTTP ${e.status})${rid ? ` (Request-ID: ${rid})` : ''}`;
}

/** The HTTP reason phrase python-requests would show. */
export function httpReason(status: number): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    406: 'Not Acceptable', 409: 'Conflict', 413: 'Request Entity Too Large', 415: 'Unsupported Media Type',
    500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable',
  };
  return reasons[status] ?? 'Unknown';
}
