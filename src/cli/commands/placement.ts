/**
 * The osc-placement plug-in's commands: resource provider list/show, inventory list, usage show,
 * resource class list, allocation candidate list. Written from the plug-in's source (it is not
 * installed beside python-openstackclient 6.0.0, so this output is unchecked against a real run).
 */
import { CommandError, HttpError } from '../errors.ts';
import { bodyMessage } from '../lookup.ts';
import { PyFloat } from '../format/python.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { flag, listOf, multi, opt, pos, showOrdered } from './helpers.ts';

/** The Placement microversion of this run: `--os-placement-api-version` / OS_PLACEMENT_API_VERSION, default 1.0. */
function version(ctx: RunCtx): string {
  return ctx.client.creds.placementApiVersion || '1.0';
}

function atLeast(v: string, min: string): boolean {
  const [a, b] = v.split('.').map(Number);
  const [c, d] = min.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

/** osc-placement's version check: refuse an option or command the chosen microversion does not have. */
function need(ctx: RunCtx, min: string): void {
  const v = version(ctx);
  if (!atLeast(v, min)) throw new CommandError(`Operation or argument is not supported with version ${v}; requires at least version ${min}`);
}

/** A Placement request with `OpenStack-API-Version: placement X.Y`; an error prints the detail and status. */
async function placement(ctx: RunCtx, path: string): Promise<any> {
  try {
    const r = await ctx.client.call('placement', 'GET', path, { lib: 'sdk', headers: { 'OpenStack-API-Version': `placement ${version(ctx)}` } });
    return r.body;
  } catch (e) {
    if (e instanceof HttpError) {
      const rid = e.headers.get('x-openstack-request-id');
      throw new CommandError(`${bodyMessage(e.body) ?? `HTTP ${e.status}`} (HTTP ${e.status})${rid ? ` (Request-ID: ${rid})` : ''}`);
    }
    throw e;
  }
}

/** `--resource VCPU=1` options → `VCPU:1,MEMORY_MB:64`. */
function resources(items: string[]): string {
  return items.map((r) => {
    const i = r.indexOf('=');
    if (i < 1) throw new CommandError(`Arguments to --resource must be of form <resource_class>=<value>`);
    return `${r.slice(0, i)}:${r.slice(i + 1)}`;
  }).join(',');
}

function providerRow(ctx: RunCtx, p: any): unknown[] {
  const row = [p.uuid, p.name, p.generation];
  if (atLeast(version(ctx), '1.14')) row.push(p.root_provider_uuid ?? null, p.parent_provider_uuid ?? null);
  return row;
}

function providerFields(ctx: RunCtx): string[] {
  return atLeast(version(ctx), '1.14') ? ['uuid', 'name', 'generation', 'root_provider_uuid', 'parent_provider_uuid'] : ['uuid', 'name', 'generation'];
}

export const placementCommands: CommandSpec[] = [
  {
    words: ['resource', 'provider', 'list'],
    help: 'List resource providers.',
    kind: 'list',
    params: [
      opt('--uuid', '<uuid>', 'UUID of the resource provider'),
      opt('--name', '<name>', 'Name of the resource provider'),
      multi('--resource', '<resource_class>=<value>', 'A resource class value pair indicating an amount of resource of a specified class that a provider must have the capacity to serve. May be repeated. This param requires at least ``--os-placement-api-version 1.4``.'),
      opt('--in-tree', '<in_tree>', 'Restrict listing to the same "provider tree" as the specified provider UUID. This option requires at least ``--os-placement-api-version 1.14``.'),
    ],
    async run(ctx, a) {
      const q: string[] = [];
      if (a.uuid) q.push(`uuid=${encodeURIComponent(a.uuid)}`);
      if (a.name) q.push(`name=${encodeURIComponent(a.name)}`);
      if (a.resource?.length) {
        need(ctx, '1.4');
        q.push(`resources=${encodeURIComponent(resources(a.resource))}`);
      }
      if (a.in_tree) {
        need(ctx, '1.14');
        q.push(`in_tree=${encodeURIComponent(a.in_tree)}`);
      }
      const body = await placement(ctx, `/resource_providers${q.length ? `?${q.join('&')}` : ''}`);
      return listOf(providerFields(ctx), (body.resource_providers ?? []).map((p: any) => providerRow(ctx, p)));
    },
  },
  {
    words: ['resource', 'provider', 'show'],
    help: 'Show resource provider details.',
    kind: 'show',
    params: [
      pos('uuid', '<uuid>', 'UUID of the resource provider'),
      flag('--allocations', 'Include the info on allocations of the provider resources'),
    ],
    async run(ctx, a) {
      const p = await placement(ctx, `/resource_providers/${encodeURIComponent(a.uuid)}`);
      const pairs: [string, unknown][] = providerFields(ctx).map((f, i) => [f, providerRow(ctx, p)[i]]);
      if (a.allocations) {
        const al = await placement(ctx, `/resource_providers/${encodeURIComponent(a.uuid)}/allocations`);
        pairs.push(['allocations', al.allocations ?? {}]);
      }
      return showOrdered(pairs);
    },
  },
  {
    words: ['resource', 'provider', 'inventory', 'list'],
    help: 'List inventories for a given resource provider.',
    kind: 'list',
    params: [pos('uuid', '<uuid>', 'UUID of the resource provider')],
    async run(ctx, a) {
      const body = await placement(ctx, `/resource_providers/${encodeURIComponent(a.uuid)}/inventories`);
      const fields = ['allocation_ratio', 'min_unit', 'max_unit', 'reserved', 'step_size', 'total'];
      return listOf(['resource_class', ...fields], Object.entries(body.inventories ?? {}).map(([rc, inv]: [string, any]) =>
        [rc, ...fields.map((f) => (f === 'allocation_ratio' ? new PyFloat(inv[f]) : inv[f]))]));
    },
  },
  {
    words: ['resource', 'provider', 'usage', 'show'],
    help: 'Show resource usages for a given resource provider.',
    kind: 'list',
    params: [pos('uuid', '<uuid>', 'UUID of the resource provider')],
    async run(ctx, a) {
      const body = await placement(ctx, `/resource_providers/${encodeURIComponent(a.uuid)}/usages`);
      return listOf(['resource_class', 'usage'], Object.entries(body.usages ?? {}).map(([rc, n]) => [rc, n]));
    },
  },
  {
    words: ['resource', 'class', 'list'],
    help: 'Return a list of all resource classes.',
    kind: 'list',
    params: [],
    async run(ctx) {
      need(ctx, '1.2');
      const body = await placement(ctx, '/resource_classes');
      return listOf(['name'], (body.resource_classes ?? []).map((c: any) => [c.name]));
    },
  },
  {
    words: ['allocation', 'candidate', 'list'],
    help: 'List allocation candidates.',
    kind: 'list',
    params: [
      multi('--resource', '<resource_class>=<value>', 'String indicating an amount of resource of a specified class that providers in each allocation request must collectively have the capacity and availability to serve. Can be specified multiple times per request group.'),
      opt('--limit', '<limit>', 'A positive integer to limit the maximum number of allocation candidates. This option requires at least ``--os-placement-api-version 1.16``.', { type: 'int' }),
      multi('--required', '<required>', 'A required trait. May be repeated. Allocation candidates must collectively contain all of the required traits. This option requires at least ``--os-placement-api-version 1.17``.'),
    ],
    async run(ctx, a) {
      need(ctx, '1.10');
      if (!a.resource?.length) throw new CommandError('At least one --resource must be specified.');
      const q = [`resources=${encodeURIComponent(resources(a.resource))}`];
      if (a.limit != null) {
        need(ctx, '1.16');
        q.push(`limit=${a.limit}`);
      }
      if (a.required?.length) {
        need(ctx, '1.17');
        q.push(`required=${encodeURIComponent(a.required.join(','))}`);
      }
      const body = await placement(ctx, `/allocation_candidates?${q.join('&')}`);
      const traits = atLeast(version(ctx), '1.17');
      const rows: unknown[][] = [];
      (body.allocation_requests ?? []).forEach((req: any, i: number) => {
        // Before 1.12 `allocations` is a list of {resource_provider: {uuid}, resources}; from 1.12 a dict keyed by provider.
        const allocs: [string, any][] = Array.isArray(req.allocations)
          ? req.allocations.map((x: any) => [x.resource_provider?.uuid, x])
          : Object.entries<any>(req.allocations ?? {});
        for (const [rp, alloc] of allocs) {
          const res = Object.entries(alloc.resources ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
          const summary = body.provider_summaries?.[rp] ?? {};
          const inv = Object.entries<any>(summary.resources ?? {}).map(([k, v]) => `${k}=${v.used}/${v.capacity}`).join(',');
          const row: unknown[] = [i + 1, res, rp, inv];
          if (traits) row.push((summary.traits ?? []).join(','));
          rows.push(row);
        }
      });
      return listOf(['#', 'allocation', 'resource provider', 'inventory used/capacity', ...(traits ? ['traits'] : [])], rows);
    },
  },
];
