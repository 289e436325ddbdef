/** `openstack server list` as OSC 6.0.0 runs it: novaclient search options, then image and flavor names. */
import { compareVersions } from '../client.ts';
import { CommandError } from '../errors.ts';
import { addressesColumn, dictColumn, listColumn } from '../format/columns.ts';
import { novaFind, sdkFind, wrapErrors } from '../lookup.ts';
import type { Args, Output, Param, RunCtx } from '../types.ts';
import { flag, listOf, multi, opt } from './helpers.ts';
import { keystoneFind } from './identity.ts';
import { IMAGE, imageClient } from './image.ts';
import { IMAGE_STRING_FOR_BFV, powerStateColumn } from './server-format.ts';

const B283 = '(admin only before microversion 2.83)';
const POWER: Record<string, number> = { pending: 0, running: 1, paused: 3, shutdown: 4, crashed: 6, suspended: 7 };
const VM_STATES = ['active', 'building', 'deleted', 'error', 'paused', 'stopped', 'suspended', 'rescued', 'resized', 'shelved', 'shelved_offloaded', 'soft-delete'];
const TASK_STATES = ['block_device_mapping', 'deleting', 'image_backup', 'image_pending_upload', 'image_snapshot', 'image_snapshot_pending',
  'image_uploading', 'migrating', 'networking', 'pausing', 'powering-off', 'powering-on', 'rebooting', 'reboot_pending', 'reboot_started',
  'reboot_pending_hard', 'reboot_started_hard', 'rebooting_hard', 'rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning', 'rescuing',
  'resize_confirming', 'resize_finish', 'resize_migrated', 'resize_migrating', 'resize_prep', 'resize_reverting', 'restoring', 'resuming',
  'scheduling', 'shelving', 'shelving_image_pending_upload', 'shelving_image_uploading', 'shelving_offloading', 'soft-deleting', 'spawning',
  'suspending', 'updating_password', 'unpausing', 'unrescuing', 'unshelving'];

/** Every `server list` argument, in the real order. */
export const SERVER_LIST_PARAMS: Param[] = [
  opt('--reservation-id', '<reservation-id>', 'Only return instances that match the reservation'),
  opt('--ip', '<ip-address-regex>', 'Regular expression to match IP addresses'),
  opt('--ip6', '<ip-address-regex>', 'Regular expression to match IPv6 addresses. Note that this option only applies for non-admin users when using ``--os-compute-api-version`` 2.5 or greater.'),
  opt('--name', '<name-regex>', 'Regular expression to match names'),
  opt('--instance-name', '<server-name>', 'Regular expression to match instance name (admin only)'),
  opt('--status', '<status>', 'Search by server status'),
  opt('--flavor', '<flavor>', 'Search by flavor (name or ID)'),
  opt('--image', '<image>', 'Search by image (name or ID)'),
  opt('--host', '<hostname>', 'Search by hostname'),
  flag('--all-projects', 'Include all projects (admin only) (can be specified using the ALL_PROJECTS envvar)'),
  opt('--project', '<project>', 'Search by project (admin only) (name or ID)'),
  opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
  opt('--user', '<user>', 'Search by user (name or ID) (admin only before microversion 2.83)'),
  opt('--user-domain', '<user-domain>', 'Domain the user belongs to (name or ID). This can be used in case collisions between user names exist.'),
  flag('--deleted', 'Only display deleted servers (admin only)'),
  opt('--availability-zone', 'AVAILABILITY_ZONE', `Search by availability zone ${B283}`),
  opt('--key-name', 'KEY_NAME', `Search by keypair name ${B283}`),
  flag('--config-drive', `Only display servers with a config drive attached ${B283}`, { dest: 'has_config_drive', action: 'const', const: true, exclusive: 'config-drive' }),
  flag('--no-config-drive', `Only display servers without a config drive attached ${B283}`, { dest: 'has_config_drive', action: 'const', const: false, exclusive: 'config-drive' }),
  opt('--progress', 'PROGRESS', `Search by progress value (%) ${B283}`, { type: 'int' }),
  opt('--vm-state', '<state>', `Search by vm_state value ${B283}`, { choices: VM_STATES }),
  opt('--task-state', '<state>', `Search by task_state value ${B283}`, { choices: TASK_STATES }),
  opt('--power-state', '<state>', `Search by power_state value ${B283}`, { choices: Object.keys(POWER) }),
  flag('--long', 'List additional fields in output'),
  flag(['-n', '--no-name-lookup'], 'Skip flavor and image name lookup. Mutually exclusive with "--name-lookup-one-by-one" option.', { exclusive: 'lookup' }),
  flag('--name-lookup-one-by-one', 'When looking up flavor and image names, look them upone by one as needed instead of all together (default). Mutually exclusive with "--no-name-lookup|-n" option.', { exclusive: 'lookup' }),
  opt('--marker', '<server>', 'The last server of the previous page. Display list of servers after marker. Display all servers if not specified. When used with ``--deleted``, the marker must be an ID, otherwise a name or ID can be used.'),
  opt('--limit', '<num-servers>', "Maximum number of servers to display. If limit equals -1, all servers will be displayed. If limit is greater than 'osapi_max_limit' option of Nova API, 'osapi_max_limit' will be used instead.", { type: 'int' }),
  opt('--changes-before', '<changes-before>', 'List only servers changed before a certain point of time. The provided time should be an ISO 8061 formatted time (e.g., 2016-03-05T06:27:59Z). (supported by --os-compute-api-version 2.66 or above)'),
  opt('--changes-since', '<changes-since>', 'List only servers changed after a certain point of time. The provided time should be an ISO 8061 formatted time (e.g., 2016-03-04T06:27:59Z).'),
  flag('--locked', 'Only display locked servers (supported by --os-compute-api-version 2.73 or above)', { exclusive: 'locked' }),
  flag('--unlocked', 'Only display unlocked servers (supported by --os-compute-api-version 2.73 or above)', { exclusive: 'locked' }),
  multi('--tags', '<tag>', 'Only list servers with the specified tag. Specify multiple times to filter on multiple tags. (supported by --os-compute-api-version 2.26 or above)'),
  multi('--not-tags', '<tag>', 'Only list servers without the specified tag. Specify multiple times to filter on multiple tags. (supported by --os-compute-api-version 2.26 or above)'),
];

const ISO = /^\d{4}-?\d\d-?\d\d([T ]\d\d(:?\d\d(:?\d\d(\.\d+)?)?)?(Z|[+-]\d\d(:?\d\d)?)?)?$/;

/** novaclient's search options (only the set ones, keys sorted), with OSC's checks. */
async function searchQuery(ctx: RunCtx, args: Args, mv: string): Promise<{ query: string; imageId?: string; flavorId?: string }> {
  const c = ctx.client;
  const below = (v: string) => compareVersions(mv, v) < 0;
  const o: Record<string, unknown> = {};
  if (args.project) { o.tenant_id = (await keystoneFind(c, 'project', args.project)).id; args.all_projects = true; }
  if (args.user) o.user_id = (await keystoneFind(c, 'user', args.user)).id;
  const flavorId = args.flavor ? (await novaFind(c, 'flavor', args.flavor)).id : undefined;
  const imageId = args.image ? (await sdkFind(c, IMAGE, args.image)).id : undefined;
  Object.assign(o, {
    reservation_id: args.reservation_id, ip: args.ip, ip6: args.ip6, name: args.name, instance_name: args.instance_name,
    status: args.status, flavor: flavorId, image: imageId, host: args.host, all_tenants: args.all_projects,
    deleted: args.deleted, 'changes-before': args.changes_before, 'changes-since': args.changes_since,
    availability_zone: args.availability_zone, key_name: args.key_name, config_drive: args.has_config_drive,
    progress: args.progress === null ? undefined : String(args.progress), vm_state: args.vm_state, task_state: args.task_state,
    power_state: args.power_state ? POWER[args.power_state] : undefined,
  });
  const needs = (given: unknown, v: string, option: string) => {
    if (given && below(v)) throw new CommandError(`--os-compute-api-version ${v} or greater is required to support the ${option} option`);
  };
  needs(args.tags.length, '2.26', '--tag');
  if (args.tags.length) o.tags = args.tags.join(',');
  needs(args.not_tags.length, '2.26', '--not-tag');
  if (args.not_tags.length) o['not-tags'] = args.not_tags.join(',');
  needs(args.locked, '2.73', '--locked');
  needs(args.unlocked, '2.73', '--unlocked');
  if (args.locked || args.unlocked) o.locked = !!args.locked;
  if (args.changes_before) {
    if (below('2.66')) throw new CommandError('--os-compute-api-version 2.66 or later is required');
    if (!ISO.test(args.changes_before)) throw new CommandError(`Invalid changes-before value: ${args.changes_before}`);
  }
  if (args.changes_since && !ISO.test(args.changes_since)) throw new CommandError(`Invalid changes-since value: ${args.changes_since}`);
  if (args.marker) o.marker = args.deleted ? args.marker : (await novaFind(c, 'server', args.marker)).id;
  if (args.limit !== null) o.limit = args.limit;
  const py = (v: unknown) => (v === true ? 'True' : v === false ? 'False' : String(v));
  const pairs = Object.keys(o).filter((k) => o[k] || (k === 'locked' && o[k] === false)).sort().map((k) => [k, py(o[k])]);
  return { query: pairs.length ? `?${new URLSearchParams(pairs)}` : '', imageId, flavorId };
}

/** Rows and headers at the client's microversion (2.1 unless --os-compute-api-version). */
export async function listServers(ctx: RunCtx, args: Args): Promise<Output> {
  const mv = ctx.client.creds.computeApiVersion || '2.1';
  await imageClient(ctx.client);
  const { query, imageId, flavorId } = await searchQuery(ctx, args, mv);
  const r = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', `/servers/detail${query}`, { lib: 'nova' }));
  const servers: any[] = r.body?.servers ?? [];
  const images = new Map<string, string>();
  const flavors = new Map<string, string>();
  const oneByOne = args.name_lookup_one_by_one;
  if (servers.length && !args.no_name_lookup) {
    // OSC ignores failures here: a missing name shows as a blank cell.
    const ids = (f: (s: any) => string | undefined) => [...new Set(servers.map(f).filter((x): x is string => !!x))];
    if (oneByOne || imageId) {
      for (const id of ids((s) => s.image?.id)) {
        try { images.set(id, (await ctx.client.call('image', 'GET', `/v2/images/${id}`, { lib: 'sdk', accept: '*/*' })).body?.name); } catch { /* blank */ }
      }
    } else {
      try { for (const i of (await ctx.client.call('image', 'GET', '/v2/images', { lib: 'sdk' })).body?.images ?? []) images.set(i.id, i.name); } catch { /* blank */ }
    }
    if (oneByOne || flavorId) {
      for (const id of ids((s) => s.flavor?.id)) {
        try { flavors.set(id, (await ctx.client.call('compute', 'GET', `/flavors/${id}`, { lib: 'nova' })).body?.flavor?.name); } catch { /* blank */ }
      }
    } else {
      try { for (const f of (await ctx.client.call('compute', 'GET', '/flavors/detail?is_public=None', { lib: 'nova' })).body?.flavors ?? []) flavors.set(f.id, f.name); } catch { /* blank */ }
    }
  }
  return table(servers, args, mv, images, flavors);
}

function table(servers: any[], args: Args, mv: string, images: Map<string, string>, flavors: Map<string, string>): Output {
  // From 2.47 the server embeds its flavor (no id): one Flavor column from original_name.
  const embedded = compareVersions(mv, '2.47') >= 0;
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
