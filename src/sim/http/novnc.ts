/** nova-novncproxy's web page: vnc_auto.html tells whether the console token in its URL is valid. */
import type { SimRequest, SimResponse } from '../core/types.ts';

/** What the proxy learned about a token. */
export type TokenCheck =
  | { valid: true; instanceId: string; instanceName?: string }
  | { valid: false; reason: string };

/** The pages nova-novncproxy serves from its noVNC directory. */
export const NOVNC_PAGES = ['/vnc_auto.html', '/vnc_lite.html', '/vnc.html'];

/** The console token in a noVNC URL: `?path=%3Ftoken%3D<t>` (current form) or `?token=<t>` (older form). */
export function consoleToken(query: URLSearchParams): string | undefined {
  const path = query.get('path');
  if (path) {
    const q = path.slice(path.indexOf('?') + 1);
    const t = new URLSearchParams(q).get('token');
    if (t) return t;
  }
  return query.get('token') ?? undefined;
}

/** Asks Nova, as the admin, who a console token belongs to (`GET /os-console-auth-tokens/{token}`, 2.31+). */
export function checkToken(request: (req: SimRequest) => SimResponse, adminToken: () => string | undefined, token: string): TokenCheck {
  const auth = adminToken();
  if (!auth) return { valid: false, reason: 'The console proxy could not log in to Keystone.' };
  const headers = { 'X-Auth-Token': auth, 'X-OpenStack-Nova-API-Version': '2.31', Accept: 'application/json' };
  const res = request({
    method: 'GET',
    url: `http://controller:8774/v2.1/os-console-auth-tokens/${encodeURIComponent(token)}`,
    headers,
  });
  if (res.status === 404) return { valid: false, reason: 'The console token is invalid or has expired.' };
  if (res.status !== 200) return { valid: false, reason: `Nova could not check the token (HTTP ${res.status}).` };
  const instanceId: string = (res.body as any)?.console?.instance_uuid ?? '';
  const srv = request({ method: 'GET', url: `http://controller:8774/v2.1/servers/${instanceId}`, headers });
  return { valid: true, instanceId, instanceName: srv.status === 200 ? (srv.body as any)?.server?.name : undefined };
}

/** The HTML page for `check` (or for a URL that carries no token). */
export function novncPage(check: TokenCheck | undefined): { status: number; html: string } {
  const title = 'noVNC';
  if (!check) return { status: 200, html: page(title, 'Failed to connect to server', 'The URL carries no console token: use the URL that <code>openstack console url show</code> prints.') };
  if (!check.valid) return { status: 200, html: page(title, 'Failed to connect to server (code: 1006)', esc(check.reason)) };
  const who = check.instanceName ? `${esc(check.instanceName)} (${esc(check.instanceId)})` : esc(check.instanceId);
  return {
    status: 200,
    html: page(
      `${check.instanceName ? esc(check.instanceName) + ' - ' : ''}${title}`,
      `Connected (unencrypted) to: QEMU (${esc(check.instanceId)})`,
      `The console token is valid: this is the console of instance ${who}.<br>This cloud is simulated, so there is no screen to show; a real console would show the CirrOS login prompt here.`,
    ),
  };
}

function page(title: string, status: string, text: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
<div id="noVNC_status_bar"><div id="noVNC_status">${status}</div></div>
<p>${text}</p>
</body>
</html>
`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
