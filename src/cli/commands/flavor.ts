/** Nova flavor commands through openstacksdk (microversion capped at 2.61): create, list, show, delete. */
import type { Client } from '../client.ts';
import { CommandError } from '../errors.ts';
import { keystoneFind } from './identity.ts';
import { dictColumn } from '../format/columns.ts';
import { PyFloat } from '../format/python.ts';
import { sdkFind, wrapErrors, type SdkResource } from '../lookup.ts';
import type { CommandSpec, Output } from '../types.ts';
import { deleteEach } from './delete-each.ts';
import { flag, keyValues, listOf, multi, opt, pos, showSorted } from './helpers.ts';

const CAP = '2.61';

/** The SDK's Flavor for lookups: `GET /flavors/<x>`, then `GET /flavors/detail?is_public=None`. */
export const FLAVOR: SdkResource = {
  type: 'compute', path: '/flavors', one: 'flavor', many: 'flavors', className: 'Flavor', cap: CAP,
  listQuery: () => '/detail?is_public=None',
};

/** Every attribute of the SDK Flavor under OSC's old names, sorted (None where Nova sent nothing). */
function flavorShow(f: any, extraSpecs: Record<string, unknown> | undefined, access?: string[] | null): Output {
  return showSorted({
    'OS-FLV-DISABLED:disabled': f['OS-FLV-DISABLED:disabled'] ?? null,
    'OS-FLV-EXT-DATA:ephemeral': f['OS-FLV-EXT-DATA:ephemeral'] ?? null,
    description: f.description ?? null,
    disk: f.disk ?? null,
    id: f.id,
    name: f.name,
    'os-flavor-access:is_public': f['os-flavor-access:is_public'] ?? null,
    ...(access !== undefined ? { access_project_ids: access } : {}),
    properties: dictColumn(extraSpecs ?? f.extra_specs ?? {}),
    ram: f.ram ?? null,
    rxtx_factor: typeof f.rxtx_factor === 'number' ? new PyFloat(f.rxtx_factor) : f.rxtx_factor ?? null,
    swap: f.swap ?? null,
    vcpus: f.vcpus ?? null,
  });
}

async function extraSpecs(client: Client, id: string): Promise<Record<string, unknown>> {
  const r = await wrapErrors('sdk', () => client.call('compute', 'GET', `/flavors/${encodeURIComponent(id)}/os-extra_specs`, { lib: 'sdk', cap: CAP }));
  return r.body?.extra_specs ?? {};
}

export const flavorCommands: CommandSpec[] = [
  {
    words: ['flavor', 'create'],
    help: 'Create new flavor',
    kind: 'show',
    params: [
      pos('name', '<flavor-name>', 'New flavor name'),
      opt('--id', '<id>', 'Unique flavor ID'),
      opt('--ram', '<size-mb>', 'Memory size in MB (default 256M)', { type: 'int', default: 256 }),
      opt('--disk', '<size-gb>', 'Disk size in GB (default 0G)', { type: 'int', default: 0 }),
      opt('--ephemeral', '<size-gb>', 'Ephemeral disk size in GB (default 0G)', { type: 'int', default: 0 }),
      opt('--swap', '<size-mb>', 'Additional swap space size in MB (default 0M)', { type: 'int', default: 0 }),
      opt('--vcpus', '<vcpus>', 'Number of vcpus (default 1)', { type: 'int', default: 1 }),
      opt('--rxtx-factor', '<factor>', 'RX/TX factor (default 1.0)', { type: 'float', default: 1.0 }),
      flag('--public', 'Flavor is available to other projects (default)', { dest: 'public', default: true, exclusive: 'public' }),
      flag('--private', 'Flavor is not available to other projects', { dest: 'public', action: 'false', exclusive: 'public' }),
      multi('--property', '<key=value>', 'Property to add for this flavor (repeat option to set multiple properties)'),
      opt('--project', '<project>', 'Allow <project> to access private flavor (name or ID) (Must be used with --private option)'),
      opt('--description', '<description>', "Description for the flavor.(Supported by API versions '2.55' - '2.latest'"),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
    ],
    async run(ctx, args) {
      if (args.project && args.public) throw new CommandError('--project is only allowed with --private');
      const flavor: Record<string, unknown> = {
        name: args.name, ram: args.ram, vcpus: args.vcpus, disk: args.disk, swap: args.swap,
        'OS-FLV-EXT-DATA:ephemeral': args.ephemeral, rxtx_factor: args.rxtx_factor, 'os-flavor-access:is_public': args.public,
      };
      // Without --id Nova generates a UUID.
      if (args.id !== null) flavor.id = args.id;
      if (args.description) flavor.description = args.description;
      const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'POST', '/flavors', { lib: 'sdk', cap: CAP, body: { flavor }, accept: '*/*' }));
      const created = r.body.flavor;
      if (args.project) {
        try {
          const project = await keystoneFind(ctx.client, 'project', args.project);
          await wrapErrors('sdk', () => ctx.client.call('compute', 'POST', `/flavors/${created.id}/action`, { lib: 'sdk', cap: CAP, body: { addTenantAccess: { tenant: project.id } } }));
        } catch (e) {
          ctx.err(`Failed to add project ${args.project} access to flavor: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
      let specs: Record<string, unknown> | undefined;
      const props = keyValues(args.property);
      if (Object.keys(props).length) {
        try {
          const s = await wrapErrors('sdk', () => ctx.client.call('compute', 'POST', `/flavors/${created.id}/os-extra_specs`, { lib: 'sdk', cap: CAP, body: { extra_specs: props } }));
          specs = s.body?.extra_specs;
        } catch (e) {
          ctx.err(`Failed to set flavor properties: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
      return flavorShow(created, specs);
    },
  },
  {
    words: ['flavor', 'list'],
    help: 'List flavors',
    kind: 'list',
    params: [
      flag('--public', 'List only public flavors (default)', { dest: 'public', default: true, exclusive: 'public' }),
      flag('--private', 'List only private flavors', { dest: 'public', action: 'false', exclusive: 'public' }),
      flag('--all', 'List all flavors, whether public or private', { exclusive: 'public' }),
      opt('--min-disk', '<min-disk>', 'Filters the flavors by a minimum disk space, in GiB.', { type: 'int' }),
      opt('--min-ram', '<min-ram>', 'Filters the flavors by a minimum RAM, in MiB.', { type: 'int' }),
      flag('--long', 'List additional fields in output'),
      opt('--marker', '<flavor-id>', 'The last flavor ID of the previous page'),
      opt('--limit', '<num-flavors>', 'Maximum number of flavors to display. This is also configurable on the server. The actual limit used will be the lower of the user-supplied value and the server configuration-derived value', { type: 'int' }),
    ],
    async run(ctx, args) {
      const q = new URLSearchParams({ is_public: args.all ? 'None' : args.public ? 'True' : 'False' });
      if (args.marker) q.set('marker', args.marker);
      if (args.limit) q.set('limit', String(args.limit));
      if (args.min_disk) q.set('minDisk', String(args.min_disk));
      if (args.min_ram) q.set('minRam', String(args.min_ram));
      const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'GET', `/flavors/detail?${q}`, { lib: 'sdk', cap: CAP }));
      const flavors: any[] = r.body?.flavors ?? [];
      for (const f of flavors) if (!f.extra_specs || !Object.keys(f.extra_specs).length) f.extra_specs = await extraSpecs(ctx.client, f.id);
      const cols = ['ID', 'Name', 'RAM', 'Disk', 'Ephemeral', 'VCPUs', 'Is Public'];
      if (args.long) cols.push('Swap', 'RXTX Factor', 'Properties');
      return listOf(cols, flavors.map((f) => {
        const row = [f.id, f.name, f.ram, f.disk, f['OS-FLV-EXT-DATA:ephemeral'], f.vcpus, f['os-flavor-access:is_public']];
        if (args.long) row.push(f.swap, typeof f.rxtx_factor === 'number' ? new PyFloat(f.rxtx_factor) : f.rxtx_factor, dictColumn(f.extra_specs));
        return row;
      }));
    },
  },
  {
    words: ['flavor', 'show'],
    help: 'Display flavor details',
    kind: 'show',
    params: [pos('flavor', '<flavor>', 'Flavor to display (name or ID)')],
    async run(ctx, args) {
      const f = await sdkFind(ctx.client, FLAVOR, args.flavor);
      const specs = await extraSpecs(ctx.client, f.id);
      // Only show adds access_project_ids: None for a public flavor, the project list (raw) for a private one.
      let access: string[] | null = null;
      if (!f['os-flavor-access:is_public']) {
        try {
          const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'GET', `/flavors/${encodeURIComponent(f.id)}/os-flavor-access`, { lib: 'sdk', cap: CAP }));
          access = (r.body?.flavor_access ?? []).map((a: any) => a.tenant_id);
        } catch (e) {
          ctx.err(`Failed to get access projects list for flavor '${args.flavor}': ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
      return flavorShow(f, specs, access);
    },
  },
  {
    words: ['flavor', 'delete'],
    help: 'Delete flavor(s)',
    kind: 'plain',
    params: [pos('flavor', '<flavor>', 'Flavor(s) to delete (name or ID)', { nargs: '+' })],
    async run(ctx, args) {
      await deleteEach(ctx, args.flavor, {
        item: (n) => `Failed to delete flavor with name or ID '${n}'`,
        summary: (f, t) => `${f} of ${t} flavors failed to delete.`,
      }, async (name) => {
        const f = await sdkFind(ctx.client, FLAVOR, name);
        await wrapErrors('sdk', () => ctx.client.call('compute', 'DELETE', `/flavors/${encodeURIComponent(f.id)}`, { lib: 'sdk', cap: CAP, accept: '*/*' }));
      });
    },
  },
];
