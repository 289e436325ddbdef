/** Glance commands through openstacksdk: `image create/list/show/set/delete`. */
import type { Client } from '../client.ts';
import { dictColumn, listColumn } from '../format/columns.ts';
import { sdkFind, wrapErrors, type SdkResource } from '../lookup.ts';
import type { CommandSpec } from '../types.ts';
import { CommandError } from '../errors.ts';
import { flag, keyValues, listOf, pos, showSorted } from './helpers.ts';
import { keystoneFind } from './identity.ts';
import { IMAGE_CREATE_PARAMS, IMAGE_LIST_PARAMS, sortItems } from './image-params.ts';
import { imageFromVolume } from './image-volume.ts';
import { deleteEach } from './delete-each.ts';

/** The SDK's Image resource for lookups. */
export const IMAGE: SdkResource = { type: 'image', path: '/v2/images', many: 'images', className: 'Image' };

const SHOWN = ['status', 'name', 'container_format', 'created_at', 'size', 'disk_format', 'updated_at', 'visibility', 'min_disk', 'protected', 'id', 'file', 'checksum', 'owner', 'virtual_size', 'min_ram', 'schema'];
// SDK attributes come first in properties, in the Image class's order; unknown keys follow in body order.
const SDK_ORDER = ['os_hidden', 'os_hash_algo', 'os_hash_value'];

/** Glance version discovery (`GET /` on the catalog URL), once per process, before any image call. */
export async function imageClient(client: Client): Promise<void> {
  await client.discover(client.endpoint('image'));
}

/** OSC's `_format_image`: the standard fields, `tags` as a list, everything else gathered in `properties`. */
export function formatImage(image: Record<string, any>): Record<string, unknown> {
  const info: Record<string, unknown> = {};
  const props: Record<string, unknown> = {};
  const keys = [...SDK_ORDER.filter((k) => k in image), ...Object.keys(image).filter((k) => !SDK_ORDER.includes(k))];
  for (const k of keys) {
    const v = image[k];
    if (v === null || v === undefined || k === 'self' || k === 'tags' || k === 'location') continue;
    if (SHOWN.includes(k)) info[k] = v;
    else if (k === 'properties' && typeof v === 'object') Object.assign(props, v);
    else props[k] = v;
  }
  info.tags = listColumn(image.tags);
  if (Object.keys(props).length) info.properties = dictColumn(props);
  return info;
}

export const imageCommands: CommandSpec[] = [
  {
    words: ['image', 'create'],
    help: 'Create/upload an image',
    kind: 'show',
    params: IMAGE_CREATE_PARAMS,
    async run(ctx, args) {
      if (args.volume) return showSorted(await imageFromVolume(ctx, args));
      await imageClient(ctx.client);
      if ((args.sign_key_path || args.sign_cert_id) && !args.filename) {
        throw new CommandError('signing an image requires the --file option, passing files via stdin when signing is not supported.');
      }
      if (args.sign_key_path || args.sign_cert_id) {
        if (!args.sign_key_path || !args.sign_cert_id) throw new CommandError("'sign-key-path' and 'sign-cert-id' must both be specified when attempting to sign an image.");
        throw new CommandError('Error during sign operation: private key could not be loaded.');
      }
      const body: Record<string, unknown> = { name: args.name, disk_format: args.disk_format, container_format: args.container_format };
      if (args.project) body.owner = (await keystoneFind(ctx.client, 'project', args.project)).id;
      if (args.id) body.id = args.id;
      if (args.min_disk) body.min_disk = args.min_disk;
      if (args.min_ram) body.min_ram = args.min_ram;
      if (args.tags.length) body.tags = args.tags;
      if (args.visibility) body.visibility = args.visibility;
      if (args.is_protected !== null) body.protected = args.is_protected;
      Object.assign(body, keyValues(args.property), {
        'owner_specified.openstack.md5': '', 'owner_specified.openstack.sha256': '', 'owner_specified.openstack.object': `images/${args.name}`,
      });
      const created = await wrapErrors('sdk', () => ctx.client.call('image', 'POST', '/v2/images', { lib: 'sdk', body, accept: '*/*' }));
      const image = created.body;
      if (args.filename) {
        // No file system here: the upload carries a placeholder in place of the file's bytes.
        const data = `Stackbook placeholder image data for ${args.filename}\n`;
        if (args.use_import) {
          // The interoperable import: stage the data, then ask for glance-direct.
          await wrapErrors('sdk', () => ctx.client.call('image', 'PUT', `/v2/images/${image.id}/stage`, { lib: 'sdk', body: data, raw: true, accept: '' }));
          await wrapErrors('sdk', () => ctx.client.call('image', 'POST', `/v2/images/${image.id}/import`, { lib: 'sdk', body: { method: { name: 'glance-direct' } } }));
        } else {
          await wrapErrors('sdk', () => ctx.client.call('image', 'PUT', `/v2/images/${image.id}/file`, { lib: 'sdk', body: data, raw: true, accept: '' }));
        }
      }
      // Like OSC 6.0.0: the table shows the POST response.
      return showSorted(formatImage(image));
    },
  },
  {
    words: ['image', 'list'],
    help: 'List available images',
    kind: 'list',
    params: IMAGE_LIST_PARAMS,
    async run(ctx, args) {
      await imageClient(ctx.client);
      const q = new URLSearchParams();
      if (args.visibility) q.set('visibility', args.visibility);
      if (args.limit) q.set('limit', String(args.limit));
      if (args.marker) q.set('marker', (await sdkFind(ctx.client, IMAGE, args.marker)).id);
      if (args.name) q.set('name', args.name);
      if (args.status) q.set('status', args.status);
      if (args.member_status) q.set('member_status', args.member_status);
      for (const t of args.tag) q.append('tag', t);
      if (args.project) q.set('owner', (await keystoneFind(ctx.client, 'project', args.project)).id);
      if (args.is_hidden) q.set('os_hidden', 'true');
      const path = `/v2/images${q.size ? '?' + q : ''}`;
      let images: any[] = (await wrapErrors('sdk', () => ctx.client.call('image', 'GET', path, { lib: 'sdk' }))).body?.images ?? [];
      for (const [k, v] of Object.entries(keyValues(args.property))) images = images.filter((i) => String(i[k] ?? i.properties?.[k]) === v);
      images = sortItems(images, args.sort);
      if (!args.long) return listOf(['ID', 'Name', 'Status'], images.map((i) => [i.id, i.name, i.status]));
      return listOf(
        ['ID', 'Name', 'Disk Format', 'Container Format', 'Size', 'Checksum', 'Status', 'Visibility', 'Protected', 'Project', 'Tags'],
        images.map((i) => [i.id, i.name, i.disk_format, i.container_format, i.size, i.checksum, i.status, i.visibility, i.protected, i.owner, listColumn(i.tags)]),
      );
    },
  },
  {
    words: ['image', 'show'],
    help: 'Display image details',
    kind: 'show',
    params: [pos('image', '<image>', 'Image to display (name or ID)'), flag('--human-readable', 'Print image size in a human-friendly format.')],
    async run(ctx, args) {
      await imageClient(ctx.client);
      const info = formatImage(await sdkFind(ctx.client, IMAGE, args.image));
      if (args.human_readable) info.size = humanSize(info.size as number);
      return showSorted(info);
    },
  },
  {
    words: ['image', 'delete'],
    help: 'Delete image(s)',
    kind: 'plain',
    params: [pos('images', '<image>', 'Image(s) to delete (name or ID)', { nargs: '+' })],
    async run(ctx, args) {
      await imageClient(ctx.client);
      await deleteEach(ctx, args.images, {
        item: (n) => `Failed to delete image with name or ID '${n}'`,
        summary: (f, t) => `Failed to delete ${f} of ${t} images.`,
      }, async (name) => {
        const image = await sdkFind(ctx.client, IMAGE, name);
        await wrapErrors('sdk', () => ctx.client.call('image', 'DELETE', `/v2/images/${image.id}`, { lib: 'sdk', accept: '' }));
      });
    },
  },
];

/** osc-lib's format_size: 12716032 → `12.7M`. */
function humanSize(size: number | undefined): string {
  const suffix = ['', 'K', 'M', 'G', 'T', 'P', 'E', 'Z'];
  let s = size ?? 0;
  let i = 0;
  while (s >= 1000) { s /= 1000; i++; }
  return s.toFixed(1).replace(/0+$/, '').replace(/\.$/, '') + suffix[i];
}

