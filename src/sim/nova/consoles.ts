/** Consoles: the console log action, noVNC console URLs (remote-consoles and the legacy action), and the proxy's token check. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest, RpcHandler } from '../core/types.ts';
import { remote } from './conductor-objects.ts';
import { loadInstance, vifsOf } from './compute-common.ts';
import { consoleLog } from './console-log.ts';
import { sha256 } from './hash.ts';
import { getDomain } from './hypervisor.ts';
import { atLeast } from './microversion.ts';
import { policyError } from './policy.ts';
import { checkHost } from './instance-checks.ts';
import { cellTable, CELL1, findServer, type Instance, type ServerRef } from './state.ts';
import { bodyObject, invalid, noExtraKeys, pyRepr } from './validation.ts';

/** `[vnc] novncproxy_base_url` of the install guide. */
const NOVNC_BASE = 'http://controller:6080/vnc_auto.html';
/** `[consoleauth] token_ttl`: a console URL works for 10 minutes. */
const TOKEN_TTL_MS = 600_000;

/** The console URL for a token, in the modern `path=%3Ftoken%3D` form. */
function consoleUrl(token: string): string {
  return `${NOVNC_BASE}?path=${encodeURIComponent(`?token=${token}`)}`;
}

/** Asks the instance's compute host for a VNC console (an RPC call) and returns the URL. */
function vncConsole(ctx: Ctx, ref: ServerRef, type: string): string {
  checkHost(ref.inst);
  if (ref.inst.task_state === 'deleting' || ref.inst.task_state === 'migrating') {
    throw apiError(409, `Cannot 'get_vnc_console' instance ${ref.inst.uuid} while it is in task_state ${ref.inst.task_state}`);
  }
  if (type !== 'novnc') throw apiError(400, `Unavailable console type ${type}.`);
  const info = ctx.call(`compute.${ref.inst.host}`, 'get_vnc_console', { instance: ref.inst.uuid, console_type: type }) as { url?: string };
  if (!info?.url) throw apiError(404, `Instance ${ref.inst.uuid} could not be found.`);
  return info.url;
}

/** POST /servers/{id}/remote-consoles (2.6+): `{"remote_console":{"protocol":"vnc","type":"novnc","url":...}}`. */
export const createRemoteConsole: Handler = (ctx, req) => {
  if (!atLeast(req, '2.6')) throw apiError(404, 'The resource could not be found.');
  const b = bodyObject(req.body, 'remote_console');
  noExtraKeys(b, ['protocol', 'type'], 'remote_console');
  const protocols = ['vnc', 'spice', 'rdp', 'serial', ...(atLeast(req, '2.8') ? ['mks'] : [])];
  if (!protocols.includes(b.protocol)) throw invalid('protocol', b.protocol, `${pyRepr(b.protocol)} is not one of ${pyRepr(protocols)}`);
  const types = ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial', ...(atLeast(req, '2.8') ? ['webmks'] : [])];
  if (!types.includes(b.type)) throw invalid('type', b.type, `${pyRepr(b.type)} is not one of ${pyRepr(types)}`);
  const ref = findServer(ctx, req, req.params.server_id);
  if (b.protocol !== 'vnc') throw apiError(400, `Unavailable console type ${b.type}.`);
  const url = vncConsole(ctx, ref, b.type);
  return { status: 200, body: { remote_console: { protocol: b.protocol, type: b.type, url } } };
};

/** The legacy `os-getVNCConsole` action (before 2.6): `{"console":{"type":"novnc","url":...}}`. */
export function getVncConsoleAction(ctx: Ctx, req: HandlerRequest, ref: ServerRef) {
  const arg = req.body['os-getVNCConsole'];
  if (!arg || typeof arg !== 'object' || !arg.type) throw invalid('os-getVNCConsole', arg, "'type' is a required property");
  if (!['novnc', 'xvpvnc'].includes(arg.type)) throw invalid('type', arg.type, `${pyRepr(arg.type)} is not one of ['novnc', 'xvpvnc']`);
  return { status: 200, body: { console: { type: arg.type, url: vncConsole(ctx, ref, arg.type) } } };
}

/** The `os-getConsoleOutput` action: the guest's serial log, the last `length` lines if given. */
export function getConsoleOutputAction(ctx: Ctx, req: HandlerRequest, ref: ServerRef) {
  const arg = req.body['os-getConsoleOutput'] ?? {};
  if (typeof arg !== 'object') throw invalid('os-getConsoleOutput', arg, `${pyRepr(arg)} is not of type 'object'`);
  let length: number | undefined;
  if (arg.length !== undefined && arg.length !== null) {
    const n = typeof arg.length === 'string' && /^-?\d+$/.test(arg.length) ? Number(arg.length) : arg.length;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw invalid('length', arg.length, `${pyRepr(arg.length)} is not of type 'integer', 'string'`);
    if (n < -1) throw invalid('length', arg.length, `${pyRepr(arg.length)} is less than the minimum of -1`);
    length = n === -1 ? undefined : n;
  }
  checkHost(ref.inst);
  const output = ctx.call(`compute.${ref.inst.host}`, 'get_console_output', { instance: ref.inst.uuid, tail_length: length ?? null });
  return { status: 200, body: { output } };
}

/** get_console_output on the compute host: the console.log of the domain. */
export const getConsoleOutput: RpcHandler = (ctx, a: { instance: string; tail_length: number | null }) => {
  const inst = loadInstance(ctx, a.instance);
  if (!inst) return '';
  return consoleLog(inst, vifsOf(ctx, inst.uuid), getDomain(ctx, inst.uuid), a.tail_length ?? undefined);
};

/** get_vnc_console on the compute host: authorize a token for the guest's VNC server and return connect info. */
export const getVncConsole: RpcHandler = (ctx, a: { instance: string; console_type: string }) => {
  const inst = loadInstance(ctx, a.instance);
  const dom = inst && getDomain(ctx, inst.uuid);
  if (!inst || !dom) return {};
  const token = ctx.ids.uuid();
  const node = ctx.nodes().find((n) => n.name === ctx.host);
  const port = 5900 + (inst.id % 100);
  remote(ctx, 'ConsoleAuthToken', 'authorize', {
    row: {
      token_hash: sha256(token), console_type: a.console_type, host: node?.management_ip ?? ctx.host, port,
      internal_access_path: null, instance_uuid: inst.uuid, access_url_base: NOVNC_BASE, expires: ctx.now() + TOKEN_TTL_MS,
    },
  });
  return { token, host: node?.management_ip ?? ctx.host, port, internal_access_path: null, url: consoleUrl(token) };
};

/** GET /os-console-auth-tokens/{token} (admin): where a console token leads; before 2.31 only RDP tokens. */
export const showConsoleAuthToken: Handler = (ctx, req) => {
  if (!req.auth.is_admin) throw policyError('os-console-auth-tokens');
  const token = req.params.console_token;
  if (!token) throw apiError(400, 'token not provided');
  const row = ctx.db.get(cellTable(CELL1, 'console_auth_tokens'), sha256(token));
  const inst = row && ctx.db.get<Instance>(cellTable(CELL1, 'instances'), row.instance_uuid);
  if (!row || row.expires <= ctx.now() || !inst || inst.deleted) throw apiError(404, 'Token not found');
  if (!atLeast(req, '2.31') && row.console_type !== 'rdp-html5') throw apiError(401, 'The requested console type details are not accessible');
  return { status: 200, body: { console: { instance_uuid: row.instance_uuid, host: row.host, port: row.port, internal_access_path: row.internal_access_path } } };
};

/** What nova-novncproxy learns from a token: where to connect, or why it refuses ("The token ... is invalid or has expired"). */
export function validateConsoleToken(ctx: Ctx, token: string): { ok: true; instance_uuid: string; host: string; port: number } | { ok: false; reason: string } {
  const row = ctx.db.get(cellTable(CELL1, 'console_auth_tokens'), sha256(token));
  const inst = row && ctx.db.get<Instance>(cellTable(CELL1, 'instances'), row.instance_uuid);
  const refuse = { ok: false as const, reason: `The token '${token.slice(0, 8)}***' is invalid or has expired` };
  if (!row || row.expires <= ctx.now() || !inst || inst.deleted) {
    ctx.act('event', `nova-novncproxy: token refused`, undefined, 'nova-novncproxy');
    return refuse;
  }
  ctx.act('event', `nova-novncproxy: token valid, connecting to ${row.host}:${row.port}`, undefined, 'nova-novncproxy');
  return { ok: true, instance_uuid: row.instance_uuid, host: row.host, port: row.port };
}
