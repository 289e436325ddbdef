/** Server create: the `networks` and `security_groups` of the request, checked with Neutron as the caller. */
import { apiError } from '../core/errors.ts';
import type { Ctx, HandlerRequest, Row } from '../core/types.ts';
import type { RequestedNetwork } from './conductor.ts';
import { atLeast } from './microversion.ts';
import { invalid, isUuid, pyRepr } from './validation.ts';

function neutron(ctx: Ctx, req: HandlerRequest, path: string) {
  return ctx.http('neutron', 'GET', path, undefined, { 'X-Auth-Token': req.auth.token });
}

/** The networks the project may boot on without naming one: its own plus the shared ones. */
function availableNetworks(ctx: Ctx, req: HandlerRequest): Row[] {
  const own = neutron(ctx, req, `/v2.0/networks?tenant_id=${req.auth.project_id}&shared=False`);
  const shared = neutron(ctx, req, '/v2.0/networks?shared=True');
  const nets = [...((own.body as any)?.networks ?? []), ...((shared.body as any)?.networks ?? [])];
  return nets.filter((n, i) => nets.findIndex((m) => m.id === n.id) === i);
}

function requireSubnet(net: Row): void {
  if (!net.subnets?.length) throw apiError(400, `Network ${net.id} requires a subnet in order to boot instances on.`);
}

/** Resolves `networks` (absent, "auto", "none" or a list) into the NICs to create; `count` is how many servers. */
export function requestedNetworks(ctx: Ctx, req: HandlerRequest, networks: unknown, count: number): RequestedNetwork[] {
  const v237 = atLeast(req, '2.37');
  if (networks === 'none' && v237) return [];
  if (networks === undefined || (networks === 'auto' && v237)) {
    const nets = availableNetworks(ctx, req);
    if (nets.length > 1) throw apiError(409, 'More than one possible network found. Specify network ID(s) to select which one(s) to connect to.');
    if (!nets.length) {
      if (networks === 'auto') throw apiError(400, `Unable to automatically allocate a network for project ${req.auth.project_id}`);
      return [];
    }
    requireSubnet(nets[0]);
    return [{ network_id: nets[0].id }];
  }
  if (!Array.isArray(networks)) {
    throw invalid('networks', networks, v237 ? `${pyRepr(networks)} is not one of ['none', 'auto']` : `${pyRepr(networks)} is not of type 'array'`);
  }
  const out: RequestedNetwork[] = [];
  for (const n of networks as Row[]) {
    if (!n || typeof n !== 'object') throw invalid('networks', networks, `${pyRepr(n)} is not of type 'object'`);
    if (n.port) {
      if (!isUuid(n.port)) throw invalid('port', n.port, `${pyRepr(n.port)} is not a 'uuid'`);
      const r = neutron(ctx, req, `/v2.0/ports/${n.port}`);
      if (r.status !== 200) throw apiError(400, `Port id ${n.port} could not be found.`);
      const port = (r.body as any).port;
      if (port.device_id) throw apiError(409, `Port ${n.port} is still in use.`);
      if (count > 1) throw apiError(400, 'Failed to launch instances: Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.');
      out.push({ port_id: n.port });
      continue;
    }
    if (!n.uuid) throw apiError(400, 'Bad network format: missing uuid');
    if (!isUuid(n.uuid)) throw apiError(400, `Bad networks format: network uuid is not in proper format (${n.uuid})`);
    const r = neutron(ctx, req, `/v2.0/networks?id=${n.uuid}`);
    const net = ((r.body as any)?.networks ?? []).find((x: Row) => x.id === n.uuid);
    if (!net) throw apiError(400, `Network ${n.uuid} could not be found.`);
    requireSubnet(net);
    if (n.fixed_ip !== undefined) {
      if (typeof n.fixed_ip !== 'string' || !/^(\d{1,3}\.){3}\d{1,3}$|:/.test(n.fixed_ip)) throw apiError(400, `Invalid fixed IP address (${n.fixed_ip})`);
      if (count > 1) throw apiError(400, 'Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.');
      out.push({ network_id: n.uuid, address: n.fixed_ip });
    } else out.push({ network_id: n.uuid });
  }
  return out;
}

/** Resolves security group names (or the ids OSC sends in `name`) to ids and names, as the caller sees them. */
export function securityGroups(ctx: Ctx, req: HandlerRequest, requested: unknown): { ids: string[]; names: string[] } {
  const list = (requested ?? [{ name: 'default' }]) as Row[];
  if (!Array.isArray(list)) throw invalid('security_groups', requested, `${pyRepr(requested)} is not of type 'array'`);
  const ids: string[] = [];
  const names: string[] = [];
  for (const sg of list) {
    const name = sg?.name;
    if (typeof name !== 'string' || !name) throw invalid('security_groups', requested, "'name' is a required property");
    let found: Row | undefined;
    if (isUuid(name)) {
      const r = neutron(ctx, req, `/v2.0/security-groups/${name}`);
      if (r.status === 200) found = (r.body as any).security_group;
    }
    if (!found) {
      const r = neutron(ctx, req, `/v2.0/security-groups?name=${encodeURIComponent(name)}`);
      const groups: Row[] = ((r.body as any)?.security_groups ?? []).filter((g: Row) => (g.project_id ?? g.tenant_id) === req.auth.project_id);
      if (groups.length > 1) throw apiError(409, `Multiple security_group matches found for name '${name}', use an ID to be more specific.`);
      found = groups[0];
    }
    if (!found) throw apiError(400, `Security group ${name} not found for project ${req.auth.project_id}.`);
    if (!ids.includes(found.id)) {
      ids.push(found.id);
      names.push(found.name);
    }
  }
  return { ids, names };
}
