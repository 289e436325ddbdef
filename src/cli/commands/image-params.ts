/** The arguments of `image create` and `image list`, in python-openstackclient 6.0.0's order and words. */
import { CommandError } from '../errors.ts';
import type { Param } from '../types.ts';
import { flag, multi, opt, pos } from './helpers.ts';

export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'docker', 'ova', 'ovf'];
export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vmdk', 'raw', 'qcow2', 'vhdx', 'vdi', 'iso', 'ploop'];
const MEMBER_STATUS = ['accepted', 'pending', 'rejected', 'all'];
const PROJECT_DOMAIN = opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.');

/** `--public`, `--private`, ... as one `visibility` value (a mutually exclusive group). */
export function visibilityFlags(listing: boolean): Param[] {
  const f = (name: string, help: string): Param => flag(`--${name}`, help, { dest: 'visibility', action: 'const', const: name, exclusive: 'visibility' });
  return listing
    ? [f('public', 'List only public images'), f('private', 'List only private images'), f('community', 'List only community images'), f('shared', 'List only shared images'), f('all', 'List all images')]
    : [f('public', 'Image is accessible to the public'), f('private', 'Image is inaccessible to the public (default)'), f('community', 'Image is accessible to the community'), f('shared', 'Image can be shared')];
}

/** `--protected` / `--unprotected`. */
export const PROTECT: Param[] = [
  flag('--protected', 'Prevent image from being deleted', { dest: 'is_protected', action: 'const', const: true, exclusive: 'protected' }),
  flag('--unprotected', 'Allow image to be deleted (default)', { dest: 'is_protected', action: 'const', const: false, exclusive: 'protected' }),
];

/** `image create`. */
export const IMAGE_CREATE_PARAMS: Param[] = [
  pos('name', '<image-name>', 'New image name'),
  opt('--id', '<id>', 'Image ID to reserve'),
  opt('--container-format', '<container-format>', `Image container format. The supported options are: ${CONTAINER_FORMATS.join(', ')}. The default format is: bare`, { choices: CONTAINER_FORMATS, default: 'bare' }),
  opt('--disk-format', '<disk-format>', `Image disk format. The supported options are: ${DISK_FORMATS.join(', ')}. The default format is: raw`, { choices: DISK_FORMATS, default: 'raw' }),
  opt('--min-disk', '<disk-gb>', 'Minimum disk size needed to boot image, in gigabytes', { type: 'int' }),
  opt('--min-ram', '<ram-mb>', 'Minimum RAM size needed to boot image, in megabytes', { type: 'int' }),
  opt('--file', '<file>', 'Upload image from local file', { dest: 'filename', exclusive: 'source' }),
  opt('--volume', '<volume>', 'Create image from a volume', { exclusive: 'source' }),
  flag('--force', 'Force image creation if volume is in use (only meaningful with --volume)'),
  flag('--progress', 'Show upload progress bar.'),
  opt('--sign-key-path', '<sign-key-path>', 'Sign the image using the specified private key. Only use in combination with --sign-cert-id'),
  opt('--sign-cert-id', '<sign-cert-id>', 'The specified certificate UUID is a reference to the certificate in the key manager that corresponds to the public key and is used for signature validation. Only use in combination with --sign-key-path'),
  ...PROTECT,
  ...visibilityFlags(false),
  multi('--property', '<key=value>', 'Set a property on this image (repeat option to set multiple properties)'),
  multi('--tag', '<tag>', 'Set a tag on this image (repeat option to set multiple tags)', { dest: 'tags' }),
  opt('--project', '<project>', 'Set an alternate project on this image (name or ID)'),
  flag('--import', 'Force the use of glance image import instead of direct upload', { dest: 'use_import' }),
  PROJECT_DOMAIN,
];

/** `image list`. */
export const IMAGE_LIST_PARAMS: Param[] = [
  ...visibilityFlags(true),
  multi('--property', '<key=value>', 'Filter output based on property (repeat option to filter on multiple properties)'),
  opt('--name', '<name>', 'Filter images based on name.'),
  opt('--status', '<status>', 'Filter images based on status.'),
  opt('--member-status', '<member-status>', `Filter images based on member status. The supported options are: ${MEMBER_STATUS.join(', ')}.`, {
    transform: (v) => String(v).toLowerCase(),
  }),
  opt('--project', '<project>', 'Search by project (admin only) (name or ID)'),
  PROJECT_DOMAIN,
  multi('--tag', '<tag>', 'Filter images based on tag. (repeat option to filter on multiple tags)'),
  flag('--hidden', 'List hidden images', { dest: 'is_hidden' }),
  flag('--long', 'List additional fields in output'),
  opt('--sort', '<key>[:<direction>]', 'Sort output by selected keys and directions (asc or desc) (default: name:asc), multiple keys and directions can be specified separated by comma', { default: 'name:asc' }),
  opt('--limit', '<num-images>', 'Maximum number of images to display.', { type: 'int' }),
  opt('--marker', '<image>', 'The last image of the previous page. Display list of images after marker. Display all images if not specified. (name or ID)'),
];

/** osc-lib's sort_items(items, "key:dir,key2", str): stable sorts from the last key, values compared as str(). */
export function sortItems(items: Record<string, unknown>[], sort: string | null): Record<string, unknown>[] {
  if (!sort) return items;
  const out = [...items];
  for (const spec of sort.trim().split(',').reverse()) {
    let [key, direction] = spec.includes(':') ? [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)] : [spec, 'asc'];
    if (!key) throw new CommandError("'<empty string>'' is not a valid sort key");
    if (direction !== 'asc' && direction !== 'desc') {
      throw new CommandError(`'${direction || '<empty string>'}' is not a valid sort direction for sort key ${key}, use 'asc' or 'desc' instead`);
    }
    if (key === 'is_protected') key = 'protected';
    if (out.length && !out.every((x) => key in x)) throw new CommandError(`Resource doesn't have field ${key}`);
    const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));
    // Python's reverse=True keeps equal items in their order, so negate the comparison instead of reversing.
    const dir = direction === 'desc' ? -1 : 1;
    out.sort((a, b) => dir * (str(a[key]) < str(b[key]) ? -1 : str(a[key]) > str(b[key]) ? 1 : 0));
  }
  return out;
}
