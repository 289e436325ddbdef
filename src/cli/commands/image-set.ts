/** `openstack image set` through openstacksdk: actions, membership, then one JSON patch of "add" operations. */
import { CommandError } from '../errors.ts';
import { sdkFind, wrapErrors } from '../lookup.ts';
import type { CommandSpec } from '../types.ts';
import { flag, keyValues, multi, opt, pos } from './helpers.ts';
import { keystoneFind } from './identity.ts';
import { IMAGE, imageClient } from './image.ts';
import { CONTAINER_FORMATS, DISK_FORMATS, PROTECT, visibilityFlags } from './image-params.ts';

const member = (name: string, status: string, help: string) =>
  flag(`--${name}`, help, { dest: 'membership', action: 'const', const: status, exclusive: 'membership' });

export const imageSetCommands: CommandSpec[] = [{
  words: ['image', 'set'],
  help: 'Set image properties',
  kind: 'plain',
  params: [
    pos('image', '<image>', 'Image to modify (name or ID)'),
    opt('--name', '<name>', 'New image name'),
    opt('--min-disk', '<disk-gb>', 'Minimum disk size needed to boot image, in gigabytes', { type: 'int' }),
    opt('--min-ram', '<ram-mb>', 'Minimum RAM size needed to boot image, in megabytes', { type: 'int' }),
    opt('--container-format', '<container-format>', `Image container format. The supported options are: ${CONTAINER_FORMATS.join(', ')}`, { choices: CONTAINER_FORMATS }),
    opt('--disk-format', '<disk-format>', `Image disk format. The supported options are: ${DISK_FORMATS.join(', ')}`, { choices: DISK_FORMATS }),
    ...PROTECT,
    ...visibilityFlags(false),
    multi('--property', '<key=value>', 'Set a property on this image (repeat option to set multiple properties)'),
    multi('--tag', '<tag>', 'Set a tag on this image (repeat option to set multiple tags)', { dest: 'tags' }),
    opt('--architecture', '<architecture>', 'Operating system architecture'),
    opt('--instance-id', '<instance-id>', 'ID of server instance used to create this image'),
    opt('--kernel-id', '<kernel-id>', 'ID of kernel image used to boot this disk image'),
    opt('--os-distro', '<os-distro>', 'Operating system distribution name'),
    opt('--os-version', '<os-version>', 'Operating system distribution version'),
    opt('--ramdisk-id', '<ramdisk-id>', 'ID of ramdisk image used to boot this disk image'),
    flag('--deactivate', 'Deactivate the image', { exclusive: 'activation' }),
    flag('--activate', 'Activate the image', { exclusive: 'activation' }),
    opt('--project', '<project>', 'Set an alternate project on this image (name or ID)'),
    opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
    member('accept', 'accepted', 'Accept the image membership'),
    member('reject', 'rejected', 'Reject the image membership'),
    member('pending', 'pending', "Reset the image membership to 'pending'"),
    flag('--hidden', 'Hide the image', { dest: 'is_hidden', action: 'const', const: true, exclusive: 'hidden' }),
    flag('--unhidden', 'Unhide the image', { dest: 'is_hidden', action: 'const', const: false, exclusive: 'hidden' }),
    // An Image v1 option, hidden from help; OSC refuses it.
    opt('--visibility', '<visibility>', 'SUPPRESS', { dest: 'dead_visibility' }),
  ],
  async run(ctx, args) {
    if (args.dead_visibility) throw new CommandError('ERROR: --visibility was given, which is an Image v1 option that is no longer supported in Image v2');
    const c = ctx.client;
    await imageClient(c);
    const image = await sdkFind(c, IMAGE, args.image);
    const projectId = args.project ? (await keystoneFind(c, 'project', args.project)).id : null;
    let activation: string | null = null;
    if (args.deactivate || args.activate) {
      const action = args.deactivate ? 'deactivate' : 'reactivate';
      await wrapErrors('sdk', () => c.call('image', 'POST', `/v2/images/${image.id}/actions/${action}`, { lib: 'sdk', accept: '' }));
      activation = args.deactivate ? 'deactivated' : 'activated';
    }
    if (args.membership) {
      const who = projectId ?? c.auth.project?.id;
      await wrapErrors('sdk', () => c.call('image', 'PUT', `/v2/images/${image.id}/members/${who}`, { lib: 'sdk', body: { status: args.membership }, accept: '*/*' }));
    }
    const attrs: Record<string, unknown> = {};
    for (const k of ['architecture', 'container_format', 'disk_format', 'instance_id', 'kernel_id', 'min_disk', 'min_ram', 'name', 'os_distro', 'os_version', 'ramdisk_id', 'visibility']) {
      if (args[k] !== null) attrs[k] = args[k];
    }
    Object.assign(attrs, keyValues(args.property));
    if (args.is_protected !== null) attrs.protected = args.is_protected;
    if (projectId) attrs.owner = projectId;
    if (args.tags.length) attrs.tags = [...new Set([...(image.tags ?? []), ...args.tags])];
    if (args.is_hidden !== null) attrs.os_hidden = args.is_hidden;
    // The SDK sends a JSON patch of "add" operations, sorted by path.
    const ops = Object.keys(attrs).sort().map((k) => ({ op: 'add', path: `/${k}`, value: attrs[k] }));
    // Nothing changed: the SDK sends no PATCH.
    if (!ops.length) return;
    try {
      await wrapErrors('sdk', () => c.call('image', 'PATCH', `/v2/images/${image.id}`, {
        lib: 'sdk', body: ops, accept: '', headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
      }));
    } catch (e) {
      if (activation) ctx.err(`Image ${image.id} was ${activation}.\n`);
      throw e;
    }
  },
}];
