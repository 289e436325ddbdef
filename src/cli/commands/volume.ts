/** `openstack volume create/list/show/delete` (python-openstackclient 6.0.0 volume/v2/volume.py, via cinderclient with no microversion). */
import { CommandError, HttpError } from '../errors.ts';
import { dictColumn, Formattable } from '../format/columns.ts';
import { apiErrorText, sdkFind, wrapErrors } from '../lookup.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { flag, keyValues, listOf, multi, opt, pos, showSorted } from './helpers.ts';
import { projectId } from './network.ts';

const IMAGE = { type: 'image', path: '/v2/images', many: 'images', className: 'Image' };

/** osc-lib find_resource with cinderclient: GET by id, then `volumes/detail?all_tenants=1&name=`. */
async function findVolume(ctx: RunCtx, arg: string): Promise<any> {
  const byId = await ctx.client.call('block-storage', 'GET', `/volumes/${encodeURIComponent(arg)}`, { lib: 'cinder', ok: () => true });
  if (byId.status === 200 && byId.body?.volume) return byId.body.volume;
  const r = await wrapErrors('cinder', () => ctx.client.call('block-storage', 'GET', `/volumes/detail?all_tenants=1&name=${encodeURIComponent(arg)}`, { lib: 'cinder' }));
  const found: any[] = (r.body?.volumes ?? []).filter((v: any) => v.name === arg || v.id === arg);
  if (found.length > 1) throw new CommandError(`More than one volume exists with the name '${arg}'.`);
  if (!found.length) throw new CommandError(`No volume with a name or ID of '${arg}' exists.`);
  return found[0];
}

/** What `volume create` and `volume show` print: the API's volume with metadata → properties, volume_type → type, no links. */
function volumeView(v: any) {
  const { metadata, volume_type, links: _links, ...rest } = v;
  return showSorted({ ...rest, properties: dictColumn(metadata ?? {}), type: volume_type ?? null });
}

/** AttachmentsColumn: `Attached to <server name or id> on <device> ` per attachment. */
function attachments(list: any[] | undefined, servers: Map<string, string>): Formattable {
  const text = (list ?? []).map((a) => `Attached to ${servers.get(a.server_id) ?? a.server_id} on ${a.device} `).join('');
  return new Formattable(text, list ?? []);
}

export const volumeCommands: CommandSpec[] = [
  {
    words: ['volume', 'create'],
    help: 'Create new volume',
    kind: 'show',
    params: [
      pos('name', '<name>', 'Volume name'),
      opt('--size', '<size>', 'Volume size in GB (Required unless --snapshot or --source is specified)', { type: 'int' }),
      opt('--type', '<volume-type>', 'Set the type of volume'),
      opt('--image', '<image>', 'Use <image> as source of volume (name or ID)', { exclusive: 'source' }),
      opt('--snapshot', '<snapshot>', 'Use <snapshot> as source of volume (name or ID)', { exclusive: 'source' }),
      opt('--source', '<volume>', 'Volume to clone (name or ID)', { exclusive: 'source' }),
      opt('--description', '<description>', 'Volume description'),
      opt('--availability-zone', '<availability-zone>', 'Create volume in <availability-zone>'),
      opt('--consistency-group', 'consistency-group>', 'Consistency group where the new volume belongs to'),
      multi('--property', '<key=value>', 'Set a property to this volume (repeat option to set multiple properties)'),
      multi('--hint', '<key=value>', 'Arbitrary scheduler hint key-value pairs to help boot an instance (repeat option to set multiple hints)'),
      flag('--bootable', 'Mark volume as bootable', { exclusive: 'bootable' }),
      flag('--non-bootable', 'Mark volume as non-bootable (default)', { exclusive: 'bootable' }),
      flag('--read-only', 'Set volume to read-only access mode', { exclusive: 'ro' }),
      flag('--read-write', 'Set volume to read-write access mode (default)', { exclusive: 'ro' }),
    ],
    async run(ctx, a) {
      if (a.snapshot == null && a.source == null && a.size == null) {
        throw new CommandError('--size is a required option if snapshot or source volume is not specified.');
      }
      // OSC builds its image client (Glance discovery) before anything else.
      await ctx.client.discover(ctx.client.endpoint('image'));
      const source = a.source ? (await findVolume(ctx, a.source)).id : null;
      const image = a.image ? (await sdkFind(ctx.client, IMAGE, a.image)).id : null;
      if (a.snapshot) throw new CommandError(`No snapshot with a name or ID of '${a.snapshot}' exists.`);
      const body: Record<string, unknown> = {
        size: a.size, consistencygroup_id: a.consistency_group ?? null, snapshot_id: null, name: a.name, description: a.description ?? null,
        volume_type: a.type ?? null, availability_zone: a.availability_zone ?? null, metadata: keyValues(a.property), imageRef: image,
        source_volid: source, backup_id: null,
      };
      const req: Record<string, unknown> = { volume: body };
      if (a.hint?.length) req['OS-SCH-HNT:scheduler_hints'] = keyValues(a.hint);
      const r = await wrapErrors('cinder', () => ctx.client.call('block-storage', 'POST', '/volumes', { lib: 'cinder', body: req }));
      const volume = r.body.volume;
      const action = async (what: string, payload: unknown) => {
        try {
          await ctx.client.call('block-storage', 'POST', `/volumes/${volume.id}/action`, { lib: 'cinder', body: payload });
        } catch (e) {
          ctx.err(`Failed to set volume ${what}: ${e instanceof HttpError ? apiErrorText(e, 'cinder') : String(e)}\n`);
        }
      };
      if (a.bootable || a.non_bootable) await action('bootable property', { 'os-set_bootable': { bootable: !!a.bootable } });
      if (a.read_only || a.read_write) await action('read-only access mode flag', { 'os-update_readonly_flag': { readonly: !!a.read_only } });
      return volumeView(volume);
    },
  },
  {
    words: ['volume', 'delete'],
    help: 'Delete volume(s)',
    kind: 'plain',
    params: [
      pos('volumes', '<volume>', 'Volume(s) to delete (name or ID)', { nargs: '+' }),
      flag('--force', 'Attempt forced removal of volume(s), regardless of state (defaults to False)', { exclusive: 'force' }),
      flag('--purge', 'Remove any snapshots along with volume(s) (defaults to False)', { exclusive: 'force' }),
    ],
    async run(ctx, a) {
      let failed = 0;
      for (const name of a.volumes) {
        try {
          const v = await findVolume(ctx, name);
          await wrapErrors('cinder', () => a.force
            ? ctx.client.call('block-storage', 'POST', `/volumes/${v.id}/action`, { lib: 'cinder', body: { 'os-force_delete': null } })
            : ctx.client.call('block-storage', 'DELETE', `/volumes/${v.id}${a.purge ? '?cascade=True' : ''}`, { lib: 'cinder' }));
        } catch (e) {
          failed += 1;
          ctx.err(`Failed to delete volume with name or ID '${name}': ${(e as Error).message}\n`);
        }
      }
      if (failed) throw new CommandError(`${failed} of ${a.volumes.length} volumes failed to delete.`);
    },
  },
  {
    words: ['volume', 'list'],
    help: 'List volumes',
    kind: 'list',
    params: [
      opt('--project', '<project>', 'Filter results by project (name or ID) (admin only)'),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
      opt('--user', '<user>', 'Filter results by user (name or ID) (admin only)'),
      opt('--user-domain', '<user-domain>', 'Domain the user belongs to (name or ID). This can be used in case collisions between user names exist.'),
      opt('--name', '<name>', 'Filter results by volume name'),
      opt('--status', '<status>', 'Filter results by status'),
      flag('--all-projects', 'Include all projects (admin only)'),
      flag('--long', 'List additional fields in output'),
      opt('--marker', '<volume>', 'The last volume ID of the previous page'),
      opt('--limit', '<num-volumes>', 'Maximum number of volumes to display', { type: 'int' }),
    ],
    async run(ctx, a) {
      // OSC maps server ids to names first and forgets any trouble doing so.
      const servers = new Map<string, string>();
      try {
        const s = await ctx.client.call('compute', 'GET', '/servers/detail', { lib: 'nova' });
        for (const x of s.body?.servers ?? []) servers.set(x.id, x.name);
      } catch {
        // As OSC: no names, ids only.
      }
      const q: [string, string][] = [];
      if (a.project || a.all_projects) q.push(['all_tenants', 'True']);
      if (a.project) q.push(['project_id', await projectId(ctx, a.project)]);
      if (a.user) q.push(['user_id', a.user]);
      if (a.name) q.push(['name', a.name]);
      if (a.status) q.push(['status', a.status]);
      if (a.marker) q.push(['marker', a.marker]);
      if (a.limit) q.push(['limit', String(a.limit)]);
      q.sort((x, y) => (x[0] < y[0] ? -1 : 1));
      const qs = q.length ? `?${q.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '';
      const r = await wrapErrors('cinder', () => ctx.client.call('block-storage', 'GET', `/volumes/detail${qs}`, { lib: 'cinder' }));
      const vols: any[] = r.body.volumes ?? [];
      if (a.long) {
        return listOf(['ID', 'Name', 'Status', 'Size', 'Type', 'Bootable', 'Attached to', 'Properties'],
          vols.map((v) => [v.id, v.name, v.status, v.size, v.volume_type ?? null, v.bootable ?? null, attachments(v.attachments, servers), dictColumn(v.metadata ?? {})]));
      }
      return listOf(['ID', 'Name', 'Status', 'Size', 'Attached to'], vols.map((v) => [v.id, v.name, v.status, v.size, attachments(v.attachments, servers)]));
    },
  },
  {
    words: ['volume', 'show'],
    help: 'Display volume details',
    kind: 'show',
    params: [pos('volume', '<volume>', 'Volume to display (name or ID)')],
    async run(ctx, a) {
      return volumeView(await findVolume(ctx, a.volume));
    },
  },
];
