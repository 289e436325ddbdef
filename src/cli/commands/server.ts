/** Server commands through novaclient at 2.1: list, show, delete, start, stop, reboot. */
import { compareVersions } from '../client.ts';
import { CommandError } from '../errors.ts';
import { addressesColumn, dictColumn, listColumn } from '../format/columns.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { flag, listOf, opt, pos, showSorted } from './helpers.ts';
import { imageClient } from './image.ts';
import { findServer, IMAGE_STRING_FOR_BFV, powerStateColumn, prepServerDetail, serverAction, waitForDelete, waitForStatus } from './server-format.ts';

const ALL_PROJECTS = (verb: string) => flag('--all-projects', `${verb} server(s) in another project by name (admin only)(can be specified using the ALL_PROJECTS envvar)`);

/** Runs `fn` on each named server, as the novaclient commands loop (the first failure stops them). */
async function eachServer(ctx: RunCtx, names: string[], all: boolean, fn: (server: any) => Promise<void>): Promise<void> {
  for (const n of names) await fn(await findServer(ctx, n, all));
}

/** `server list` rows and headers as OSC 6.0.0 builds them at microversion 2.1. */
async function listServers(ctx: RunCtx, args: any) {
  const search: Record<string, string> = {};
  if (args.all_projects) search.all_tenants = 'True';
  for (const k of ['name', 'status', 'host']) if (args[k]) search[k] = args[k];
  const q = new URLSearchParams(Object.keys(search).sort().map((k) => [k, search[k]]));
  await imageClient(ctx.client);
  const r = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', `/servers/detail${q.size ? '?' + q : ''}`, { lib: 'nova' }));
  const servers: any[] = r.body?.servers ?? [];
  const images = new Map<string, string>();
  const flavors = new Map<string, string>();
  if (servers.length && !args.no_name_lookup) {
    try {
      const i = await ctx.client.call('image', 'GET', '/v2/images', { lib: 'sdk' });
      for (const img of i.body?.images ?? []) images.set(img.id, img.name);
    } catch { /* OSC ignores a failed image listing */ }
    try {
      const f = await ctx.client.call('compute', 'GET', '/flavors/detail?is_public=None', { lib: 'nova' });
      for (const fl of f.body?.flavors ?? []) flavors.set(fl.id, fl.name);
    } catch { /* and a failed flavor listing */ }
  }
  // From 2.47 the server embeds its flavor (no id): one Flavor column from original_name.
  const embedded = compareVersions(ctx.client.creds.computeApiVersion || '2.1', '2.47') >= 0;
  const headers = ['ID', 'Name', 'Status'];
  if (args.long) headers.push('Task State', 'Power State');
  headers.push('Networks');
  if (args.long) headers.push('Image Name', 'Image ID', ...(embedded ? ['Flavor'] : ['Flavor Name', 'Flavor ID']), 'Availability Zone', 'Host', 'Properties');
  else headers.push('Image', 'Flavor');
  // OSC 6.0.0 adds a column for each -c it knows, even one --long already shows (then the table fails).
  const known: [string, string, (s: any) => unknown][] = [
    ['Project ID', 'project_id', (s) => s.tenant_id], ['User ID', 'user_id', (s) => s.user_id],
    ['Created At', 'created_at', (s) => s.created],
    ['Security Groups', 'security_groups', (s) => listColumn((s.security_groups ?? []).map((g: any) => g.name))],
    ['Task State', 'task_state', (s) => s['OS-EXT-STS:task_state'] ?? null],
    ['Power State', 'power_state', (s) => powerStateColumn(s['OS-EXT-STS:power_state'])],
    ['Image ID', 'image_id', (s) => (s.image?.id ? s.image.id : IMAGE_STRING_FOR_BFV)],
    ['Flavor ID', 'flavor_id', (s) => s.flavor?.id ?? ''],
    ['Availability Zone', 'availability_zone', (s) => s['OS-EXT-AZ:availability_zone'] ?? ''],
    ['Host', 'host', (s) => s['OS-EXT-SRV-ATTR:host'] ?? ''],
    ['Properties', 'properties', (s) => s.metadata ?? {}],
  ];
  const extra = (args.columns ?? []).flatMap((c: string) => known.filter(([h, alias]) => c === h || c === alias));
  for (const [h] of extra) headers.push(h);
  const rows = servers.map((s) => {
    const bfv = !s.image || !s.image.id;
    const imageName = bfv ? IMAGE_STRING_FOR_BFV : images.get(s.image.id) ?? '';
    const imageId = bfv ? IMAGE_STRING_FOR_BFV : s.image.id;
    const flavorName = embedded ? s.flavor?.original_name ?? '' : flavors.get(s.flavor?.id) ?? '';
    const row: unknown[] = [s.id, s.name, s.status];
    if (args.long) row.push(s['OS-EXT-STS:task_state'] ?? null, powerStateColumn(s['OS-EXT-STS:power_state']));
    row.push(addressesColumn(s.addresses));
    if (args.long) {
      row.push(imageName, imageId, ...(embedded ? [flavorName] : [flavorName, s.flavor?.id ?? '']), s['OS-EXT-AZ:availability_zone'] ?? '', s['OS-EXT-SRV-ATTR:host'] ?? '', dictColumn(s.metadata));
    } else row.push(args.no_name_lookup ? imageId : imageName, args.no_name_lookup && !embedded ? s.flavor?.id : flavorName);
    for (const [, , get] of extra) row.push(get(s));
    return row;
  });
  return listOf(headers, rows);
}

export const serverCommands: CommandSpec[] = [
  {
    words: ['server', 'list'],
    help: 'List servers',
    kind: 'list',
    params: [
      opt('--name', '<name-regex>', 'Regular expression to match names'),
      opt('--status', '<status>', 'Search by server status'),
      opt('--host', '<hostname>', 'Search by hostname'),
      flag('--all-projects', 'Include all projects (admin only) (can be specified using the ALL_PROJECTS envvar)'),
      flag('--long', 'List additional fields in output'),
      flag(['-n', '--no-name-lookup'], 'Skip flavor and image name lookup. Mutually exclusive with "--name-lookup-one-by-one" option.'),
    ],
    run: listServers,
  },
  {
    words: ['server', 'show'],
    help: 'Show server details. Specify ``--os-compute-api-version 2.47`` or higher to see the embedded flavor information for the server.',
    kind: 'show',
    params: [pos('server', '<server>', 'Server (name or ID)')],
    async run(ctx, args) {
      const server = await findServer(ctx, args.server);
      return showSorted(await prepServerDetail(ctx.client, server, false));
    },
  },
  {
    words: ['server', 'delete'],
    help: 'Delete server(s)',
    kind: 'plain',
    params: [
      pos('server', '<server>', 'Server(s) to delete (name or ID)', { nargs: '+' }),
      flag('--force', 'Force delete server(s)'),
      ALL_PROJECTS('Delete'),
      flag('--wait', 'Wait for delete to complete'),
    ],
    async run(ctx, args) {
      await eachServer(ctx, args.server, args.all_projects, async (s) => {
        const req = args.force
          ? () => ctx.client.call('compute', 'POST', `/servers/${s.id}/action`, { lib: 'nova', body: { forceDelete: null } })
          : () => ctx.client.call('compute', 'DELETE', `/servers/${s.id}`, { lib: 'nova' });
        await wrapErrors('nova', req);
        if (args.wait && !(await waitForDelete(ctx, s.id))) {
          // 6.0.0 exits through a bare SystemExit: status 0.
          throw new CommandError(`Error deleting server: ${s.id}`, 0, 'Error deleting server\n');
        }
      });
    },
  },
  {
    words: ['server', 'start'],
    help: 'Start server(s).',
    kind: 'plain',
    params: [pos('server', '<server>', 'Server(s) to start (name or ID)', { nargs: '+' }), ALL_PROJECTS('Start')],
    async run(ctx, args) {
      await eachServer(ctx, args.server, args.all_projects, (s) => serverAction(ctx, s.id, { 'os-start': null }));
    },
  },
  {
    words: ['server', 'stop'],
    help: 'Stop server(s).',
    kind: 'plain',
    params: [pos('server', '<server>', 'Server(s) to stop (name or ID)', { nargs: '+' }), ALL_PROJECTS('Stop')],
    async run(ctx, args) {
      await eachServer(ctx, args.server, args.all_projects, (s) => serverAction(ctx, s.id, { 'os-stop': null }));
    },
  },
  {
    words: ['server', 'reboot'],
    help: 'Perform a hard or soft server reboot',
    kind: 'plain',
    params: [
      pos('server', '<server>', 'Server (name or ID)'),
      flag('--hard', 'Perform a hard reboot', { dest: 'reboot_type', action: 'const', const: 'HARD', exclusive: 'type' }),
      flag('--soft', 'Perform a soft reboot', { dest: 'reboot_type', action: 'const', const: 'SOFT', default: 'SOFT', exclusive: 'type' }),
      flag('--wait', 'Wait for reboot to complete'),
    ],
    async run(ctx, args) {
      const s = await findServer(ctx, args.server);
      await serverAction(ctx, s.id, { reboot: { type: args.reboot_type } });
      if (!args.wait) return;
      if (await waitForStatus(ctx, s.id)) ctx.out('Complete\n');
      else throw new CommandError(`Error rebooting server: ${s.id}`, 0, 'Error rebooting server\n');
    },
  },
];
