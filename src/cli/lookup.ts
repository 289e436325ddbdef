/** Name-or-ID lookups as each library does them (client-requests.md §3), and each library's error wording. */
import type { Client } from './client.ts';
import { keystoneMessage, httpReason } from './client.ts';
import { CommandError, HttpError } from './errors.ts';
import type { Library } from './http.ts';

/** The exception text a library prints for an HTTP error. */
export function apiErrorText(e: HttpError, lib: Library): string {
  if (lib === 'keystone') return keystoneMessage(e);
  const msg = bodyMessage(e.body);
  if (lib === 'nova' || lib === 'cinder') {
    const rid = lib === 'nova' ? e.headers.get('x-compute-request-id') : e.headers.get('x-openstack-request-id') ?? e.headers.get('x-compute-request-id');
    return `${msg ?? httpReason(e.status)} (HTTP ${e.status})${rid ? ` (Request-ID: ${rid})` : ''}`;
  }
  // openstacksdk's HttpException.__str__.
  const cls = { 400: 'BadRequestException', 404: 'NotFoundException', 409: 'ConflictException', 412: 'PreconditionFailedException' }[e.status] ?? 'HttpException';
  const source = e.status >= 400 && e.status < 500 ? 'Client' : 'Server';
  const details = msg ?? (typeof e.body === 'string' && e.body ? htmlText(e.body) : httpReason(e.status));
  return `${cls}: ${e.status}: ${source} Error for url: ${e.url}, ${details}`;
}

/** The `message` inside an error envelope: `{"itemNotFound": {"message"}}`, `{"error": {...}}`, `{"NeutronError": {...}}`. */
export function bodyMessage(body: any): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  if (typeof body.message === 'string' && !Object.values(body).some((v: any) => v?.message)) return body.message;
  const msgs = Object.values(body).map((v: any) => (v && typeof v === 'object' ? v.message : undefined)).filter(Boolean);
  if (Array.isArray(body.errors)) return body.errors.map((x: any) => x.detail ?? x.title).join('\n');
  return msgs.length ? msgs.join('\n') : undefined;
}

function htmlText(s: string): string {
  const lines = s.split('\n').map((l) => l.trim().replace(/<.+?>/g, '')).filter(Boolean);
  return [...new Set(lines)].join(': ');
}

/** Runs `fn`; an HTTP error becomes the library's one-line CommandError. */
export async function wrapErrors<T>(lib: Library, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HttpError) throw new CommandError(apiErrorText(e, lib));
    throw e;
  }
}

/** How an SDK resource is found: service type, collection path, response keys and the class name for errors. */
export interface SdkResource {
  type: string;
  path: string;
  /** Envelope key of one item (`server`), or undefined for Glance's bare objects. */
  one?: string;
  /** Envelope key of the list (`servers`). */
  many: string;
  className: string;
  cap?: string;
  /** The list URL used for the name search (default `?name=<arg>`). */
  listQuery?: (arg: string) => string;
  extraHeaders?: Record<string, string>;
}

/** openstacksdk's `find`: GET by id, on 404/400 the list `?name=`, exact id-or-name matches; `No <Class> found for <x>`. */
export async function sdkFind(client: Client, r: SdkResource, arg: string): Promise<any> {
  const opts = { lib: 'sdk' as const, cap: r.cap, headers: r.extraHeaders };
  const byId = await wrapErrors('sdk', () => client.call(r.type, 'GET', `${r.path}/${encodeURIComponent(arg)}`, { ...opts, accept: '*/*', ok: (s) => s < 400 || s === 404 || s === 400 }));
  if (byId.status < 400) return r.one ? byId.body?.[r.one] : byId.body;
  const query = r.listQuery ? r.listQuery(arg) : `?name=${encodeURIComponent(arg)}`;
  let list = await listMatches(client, r, `${r.path}${query}`, arg, opts);
  if (!list.length && r.type === 'image') list = await listMatches(client, r, `${r.path}?os_hidden=True`, arg, opts);
  if (list.length > 1) throw new CommandError(`More than one ${r.className} exists with the name '${arg}'.`);
  if (!list.length) throw new CommandError(`No ${r.className} found for ${arg}`);
  return list[0];
}

async function listMatches(client: Client, r: SdkResource, url: string, arg: string, opts: object): Promise<any[]> {
  const res = await wrapErrors('sdk', () => client.call(r.type, 'GET', url, opts as any));
  const items: any[] = res.body?.[r.many] ?? [];
  return items.filter((x) => x?.id === arg || x?.name === arg);
}

/** osc-lib's `find_resource` with novaclient: GET by id (any error ignored), the summary list, then GET each match. */
export async function novaFind(client: Client, kind: 'server' | 'flavor', arg: string, search: Record<string, string> = {}): Promise<any> {
  const coll = `/${kind}s`;
  const get = (id: string) => client.call('compute', 'GET', `${coll}/${encodeURIComponent(id)}`, { lib: 'nova', ok: () => true });
  const first = await get(arg);
  if (first.status < 400 && first.body?.[kind]) return first.body[kind];
  const list = await wrapErrors('nova', () => client.call('compute', 'GET', kind === 'server' ? `${coll}?${new URLSearchParams({ ...search, name: arg })}` : coll, { lib: 'nova' }));
  const matches = ((list.body?.[`${kind}s`] ?? []) as any[]).filter((x) => x.name === arg || x.id === arg);
  if (matches.length > 1) throw new CommandError(`More than one ${kind} exists with the name '${arg}'.`);
  if (!matches.length) throw new CommandError(`No ${kind} with a name or ID of '${arg}' exists.`);
  const full = await wrapErrors('nova', () => client.call('compute', 'GET', `${coll}/${encodeURIComponent(matches[0].id)}`, { lib: 'nova' }));
  return full.body?.[kind];
}

/** osc-lib's `find_resource` with cinderclient: `GET /volumes/<x>`, then `/volumes/detail?all_tenants=1&name=<x>` (snapshots alike). */
export async function cinderFind(client: Client, arg: string, kind: 'volume' | 'snapshot' = 'volume'): Promise<any> {
  const coll = `/${kind}s`;
  const first = await client.call('block-storage', 'GET', `${coll}/${encodeURIComponent(arg)}`, { lib: 'cinder', ok: () => true });
  if (first.status < 400 && first.body?.[kind]) return first.body[kind];
  const list = await wrapErrors('cinder', () => client.call('block-storage', 'GET', `${coll}/detail?all_tenants=1&name=${encodeURIComponent(arg)}`, { lib: 'cinder' }));
  const matches = ((list.body?.[`${kind}s`] ?? []) as any[]).filter((v) => v.name === arg || v.id === arg);
  if (matches.length > 1) throw new CommandError(`More than one ${kind} exists with the name '${arg}'.`);
  if (!matches.length) throw new CommandError(`No ${kind} with a name or ID of '${arg}' exists.`);
  return matches[0];
}
