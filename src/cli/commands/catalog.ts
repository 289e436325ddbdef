/** Keystone's catalog commands: `service list`, `endpoint list`, `catalog list`, `catalog show` (keystoneclient). */
import { CommandError } from '../errors.ts';
import { Formattable } from '../format/columns.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec } from '../types.ts';
import { flag, listOf, opt, pos } from './helpers.ts';
import { keystoneFind } from './identity.ts';

/** OSC's EndpointsColumn: `RegionOne` then `  public: <url>` for each endpoint, a newline after each. */
function endpointsColumn(eps: any[]): Formattable {
  let text = '';
  for (const ep of eps ?? []) text += `${ep.region_id || ep.region || '<none>'}\n  ${ep.interface}: ${ep.url}\n`;
  return new Formattable(text, eps ?? []);
}

const get = (ctx: Parameters<CommandSpec['run']>[0], path: string) =>
  wrapErrors('keystone', () => ctx.client.call('identity', 'GET', path, { lib: 'keystone' }));

/** Endpoint rows with the service name and type from `GET /v3/services`. */
async function endpointRows(ctx: Parameters<CommandSpec['run']>[0], endpoints: any[]): Promise<unknown[][]> {
  const services: any[] = (await get(ctx, '/services?')).body.services ?? [];
  const byId = new Map(services.map((s) => [s.id, s]));
  return endpoints.map((e) => [e.id, e.region_id ?? e.region, byId.get(e.service_id)?.name ?? '', byId.get(e.service_id)?.type ?? '', e.enabled ?? true, e.interface, e.url]);
}

export const catalogCommands: CommandSpec[] = [
  {
    words: ['service', 'list'],
    help: 'List services',
    kind: 'list',
    params: [flag('--long', 'List additional fields in output')],
    async run(ctx, args) {
      const services: any[] = (await get(ctx, '/services?')).body.services ?? [];
      const cols = args.long ? ['ID', 'Name', 'Type', 'Description', 'Enabled'] : ['ID', 'Name', 'Type'];
      return listOf(cols, services.map((s) => (args.long ? [s.id, s.name, s.type, s.description ?? '', s.enabled] : [s.id, s.name, s.type])));
    },
  },
  {
    words: ['endpoint', 'list'],
    help: 'List endpoints',
    kind: 'list',
    params: [
      opt('--service', '<service>', 'Filter by service (type, name or ID)'),
      opt('--interface', '<interface>', 'Filter by interface type (admin, public or internal)'),
      opt('--region', '<region-id>', 'Filter by region ID'),
      opt('--endpoint', '<endpoint-group>', 'Endpoint to list filters', { exclusive: 'filter' }),
      opt('--project', '<project>', 'Project to list filters (name or ID)', { exclusive: 'filter' }),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
    ],
    async run(ctx, args) {
      if (args.endpoint) {
        const r = await ctx.client.call('identity', 'GET', `/OS-EP-FILTER/endpoint_groups/${encodeURIComponent(args.endpoint)}`, { lib: 'keystone', ok: () => true });
        if (r.status >= 400) throw new CommandError(`No endpointgroup with a name or ID of '${args.endpoint}' exists.`);
      }
      if (args.project) {
        // The endpoints associated with a project (keystone's OS-EP-FILTER extension).
        const project = await keystoneFind(ctx.client, 'project', args.project);
        const eps: any[] = (await get(ctx, `/OS-EP-FILTER/projects/${project.id}/endpoints`)).body.endpoints ?? [];
        return listOf(['ID', 'Region', 'Service Name', 'Service Type', 'Enabled', 'Interface', 'URL'], await endpointRows(ctx, eps));
      }
      const q = new URLSearchParams();
      if (args.service) {
        const all: any[] = (await get(ctx, '/services')).body.services ?? [];
        const svc = all.find((s) => s.id === args.service) ?? all.find((s) => s.type === args.service || s.name === args.service);
        if (!svc) throw new CommandError(`No service with a type, name or ID of '${args.service}' exists.`);
        q.set('service_id', svc.id);
      }
      if (args.interface) q.set('interface', args.interface);
      if (args.region) q.set('region_id', args.region);
      const endpoints: any[] = (await get(ctx, `/endpoints?${q}`)).body.endpoints ?? [];
      return listOf(['ID', 'Region', 'Service Name', 'Service Type', 'Enabled', 'Interface', 'URL'], await endpointRows(ctx, endpoints));
    },
  },
  {
    words: ['catalog', 'list'],
    help: 'List services in the service catalog',
    kind: 'list',
    params: [],
    async run(ctx) {
      const catalog: any[] = ctx.client.auth.catalog ?? [];
      return listOf(['Name', 'Type', 'Endpoints'], catalog.map((s) => [s.name ?? '', s.type ?? '', endpointsColumn(s.endpoints)]));
    },
  },
  {
    words: ['catalog', 'show'],
    help: 'Display service catalog details',
    kind: 'show',
    params: [pos('service', '<service>', 'Service to display (type or name)')],
    async run(ctx, args) {
      const svc = (ctx.client.auth.catalog ?? []).find((s: any) => s.name === args.service || s.type === args.service);
      if (!svc) {
        // OSC logs the error and shows an empty result, exit status 0.
        ctx.err(`service ${args.service} not found\n\n`);
        return { type: 'show', columns: [], values: [] };
      }
      const data: Record<string, unknown> = { ...svc, endpoints: endpointsColumn(svc.endpoints) };
      delete data.links;
      const columns = Object.keys(data).sort();
      return { type: 'show', columns, values: columns.map((c) => data[c]) };
    },
  },
];
