/** One HTTP exchange as keystoneauth makes it: headers per client library, `--debug` lines, errors kept whole. */
import { HttpError } from './errors.ts';
import type { FetchLike } from './types.ts';

/** Which Python library sends the request; it decides User-Agent, Accept and how errors read. */
export type Library = 'sdk' | 'nova' | 'cinder' | 'keystone';

/** User-Agent strings of python-openstackclient 6.0.0's libraries (client-requests.md legend). */
export const USER_AGENTS: Record<Library, string> = {
  sdk: 'openstacksdk/0.101.0 keystoneauth1/5.0.0 python-requests/2.28.1 CPython/3.11.2',
  nova: 'python-novaclient',
  cinder: 'python-cinderclient',
  keystone: 'python-keystoneclient',
};

/** A response with its body parsed (JSON when it parses, text otherwise). */
export interface Reply {
  status: number;
  body: any;
  text: string;
  headers: { get(name: string): string | null };
  url: string;
}

/** What to send. `raw` bodies (image data) go as they are. */
export interface Send {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  raw?: boolean;
  /** Statuses that are not errors (default: below 400). */
  ok?: (status: number) => boolean;
  /** Name for the debug line `GET call to <service> for <url>`. */
  service?: string;
}

/** Sends one request; throws HttpError for an error status and a CommandError-ready Error when unreachable. */
export async function exchange(fetch: FetchLike, req: Send, debug?: (line: string) => Promise<void> | void): Promise<Reply> {
  const body = req.body === undefined ? undefined : req.raw ? req.body : JSON.stringify(req.body);
  if (debug) await debug(await curlLine(req.method, req.url, req.headers, body));
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (HTML error pages, image data): keep the text.
  }
  if (debug) {
    const u = new URL(req.url);
    await debug(`${u.protocol}//${u.host} "${req.method} ${u.pathname}${u.search} HTTP/1.1" ${res.status} ${res.headers.get('content-length') ?? 'None'}`);
    const hs = ['content-type', 'content-length', 'location', 'openstack-api-version', 'x-openstack-nova-api-version', 'x-subject-token', 'x-openstack-request-id', 'x-compute-request-id']
      .map((h) => [h, res.headers.get(h)] as const)
      .filter(([, v]) => v !== null)
      .map(([h, v]) => `${h}: ${h === 'x-subject-token' ? '{SHA256}' + (await0(v!)) : v}`);
    await debug(`RESP: [${res.status}] ${hs.join(' ')}`);
    await debug(`RESP BODY: ${text.length > 2000 ? text.slice(0, 2000) + '...' : text || 'Omitted, Content-Type is set to None. Only application/json responses have their bodies logged.'}`);
    const rid = res.headers.get('x-openstack-request-id');
    if (rid) await debug(`${req.method} call to ${req.service ? `${req.service} for ` : ''}${req.url} used request id ${rid}`);
  }
  const reply: Reply = { status: res.status, body: parsed, text, headers: res.headers, url: req.url };
  const ok = req.ok ?? ((s: number) => s < 400);
  if (!ok(res.status)) throw new HttpError(req.method, req.url, res.status, parsed, res.headers);
  return reply;
}

function await0(v: string): string {
  return v.length > 12 ? v.slice(0, 12) + '…' : v;
}

/** keystoneauth's `REQ: curl …` line; the token is shown as its SHA-256, as keystoneauth hides it. */
async function curlLine(method: string, url: string, headers: Record<string, string>, body: unknown): Promise<string> {
  const parts = [`REQ: curl -g -i -X ${method} ${url}`];
  for (const [k, v] of Object.entries(headers)) {
    const shown = k.toLowerCase() === 'x-auth-token' ? `{SHA256}${await sha256(v)}` : v;
    parts.push(`-H "${k}: ${shown}"`);
  }
  if (typeof body === 'string' && body) {
    const shown = body.replace(/"password":\s*"[^"]*"/g, '"password": "***"');
    parts.push(`-d '${shown.length > 2000 ? '<binary data>' : shown}'`);
  }
  return parts.join(' ');
}

async function sha256(s: string): Promise<string> {
  // crypto.subtle exists only in secure contexts; without it the token stays hidden all the same.
  if (!globalThis.crypto?.subtle) return 'unavailable';
  const data = new TextEncoder().encode(s);
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
