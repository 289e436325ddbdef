/** `openstack server create` as OSC 6.0.0 runs it: SDK image lookup, novaclient flavor lookup, Neutron checks, POST at 2.1. */
import { compareVersions } from '../client.ts';
import { CommandError } from '../errors.ts';
import { cinderFind, novaFind, sdkFind, wrapErrors, type SdkResource } from '../lookup.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { keyValues, showSorted } from './helpers.ts';
import { IMAGE, imageClient } from './image.ts';
import { IMAGE_GROUP, SERVER_CREATE_PARAMS } from './server-create-params.ts';
import { serverBlockDevices } from './server-bdm.ts';
import { prepServerDetail, waitForStatus } from './server-format.ts';

const NETWORK: SdkResource = { type: 'network', path: '/v2.0/networks', one: 'network', many: 'networks', className: 'Network' };
const PORT: SdkResource = { type: 'network', path: '/v2.0/ports', one: 'port', many: 'ports', className: 'Port' };
const SECURITY_GROUP: SdkResource = { type: 'network', path: '/v2.0/security-groups', one: 'security_group', many: 'security_groups', className: 'SecurityGroup' };

/** `--image-property`: the first image whose attributes or properties hold every key=value. */
async function imageByProperties(ctx: RunCtx, wanted: Record<string, string>): Promise<any> {
  const r = await wrapErrors('sdk', () => ctx.client.call('image', 'GET', '/v2/images', { lib: 'sdk' }));
  const match = (r.body?.images ?? []).filter((img: any) => Object.entries(wanted).every(([k, v]) => k in img && String(img[k]) === v));
  if (match.length > 1) ctx.err(`Multiple matching images: [${match.map((i: any) => `'${i.id}'`).join(', ')}]\nUsing image: ${match[0].id}\n`);
  if (!match.length) throw new CommandError('No images match the property expected by --image-property');
  return match[0];
}

/** A host file's text, or OSC's "Can't open" error (there is no real file system here). */
function openFile(ctx: RunCtx, path: string): string {
  const text = ctx.readFile(path);
  if (text === undefined) throw new CommandError(`Can't open '${path}': [Errno 2] No such file or directory: '${path}'`);
  return text;
}

function b64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

export const serverCreateCommands: CommandSpec[] = [{
  words: ['server', 'create'],
  help: 'Create a new server',
  kind: 'show',
  params: SERVER_CREATE_PARAMS,
  requiredGroups: [IMAGE_GROUP],
  async run(ctx, args) {
    const c = ctx.client;
    const mv = c.creds.computeApiVersion || '2.1';
    const below = (v: string) => compareVersions(mv, v) < 0;
    await imageClient(c);
    let image = args.image ? await sdkFind(c, IMAGE, args.image) : null;
    if (!image && args.image_properties.length) image = await imageByProperties(ctx, keyValues(args.image_properties));
    let volumeId: string | null = null;
    let snapshotId: string | null = null;
    if (args.volume) {
      if (args.boot_from_volume) throw new CommandError('--volume is not allowed with --boot-from-volume');
      volumeId = (await cinderFind(c, args.volume)).id;
    }
    if (args.snapshot) {
      if (args.boot_from_volume) throw new CommandError('--snapshot is not allowed with --boot-from-volume');
      snapshotId = (await cinderFind(c, args.snapshot, 'snapshot')).id;
    }
    const flavor = await novaFind(c, 'flavor', args.flavor);
    const files: { path: string; contents: string }[] = [];
    if (args.file.length && !below('2.57')) throw new CommandError('Personality files are deprecated and are not supported for --os-compute-api-version greater than 2.56; use user data instead');
    for (const f of args.file as string[]) {
      const i = f.indexOf('=');
      files.push({ path: f.slice(0, i), contents: b64(openFile(ctx, f.slice(i + 1))) });
    }
    if (args.min > args.max) throw new CommandError('min instances should be <= max instances');
    if (args.min < 1) throw new CommandError('min instances should be > 0');
    if (args.max < 1) throw new CommandError('max instances should be > 0');
    const userData = args.user_data ? openFile(ctx, args.user_data) : null;
    if (args.description && below('2.19')) throw new CommandError('Description is not supported for --os-compute-api-version less than 2.19');
    const bdm = await serverBlockDevices(ctx, args, image, volumeId, snapshotId, mv);
    if (args.boot_from_volume) image = null;
    let nics: any = [...args.nics];
    if (nics.includes('auto') || nics.includes('none')) {
      if (nics.length > 1) throw new CommandError('Specifying a --nic of auto or none cannot be used with any other --nic, --network or --port value.');
      nics = nics[0];
    } else {
      for (const nic of nics) {
        if (nic.tag && below('2.43')) throw new CommandError('--os-compute-api-version 2.43 or greater is required to support the --nic tag field');
        if (nic['net-id']) nic['net-id'] = (await sdkFind(c, NETWORK, nic['net-id'])).id;
        if (nic['port-id']) nic['port-id'] = (await sdkFind(c, PORT, nic['port-id'])).id;
      }
    }
    const groups: string[] = [];
    for (const sg of args.security_group) groups.push((await sdkFind(c, SECURITY_GROUP, sg)).id);
    const configDrive = args.config_drive === true || /^(true|1)$/i.test(String(args.config_drive)) ? true
      : args.config_drive === false || args.config_drive === null || /^(false|0|none)?$/i.test(String(args.config_drive)) ? null : args.config_drive;
    for (const [opt, key, v] of [['--tag', 'tags', '2.52'], ['--host', 'host', '2.74'], ['--hypervisor-hostname', 'hypervisor_hostname', '2.74'], ['--hostname', 'hostname', '2.90']] as const) {
      const given = Array.isArray(args[key]) ? args[key].length : args[key];
      if (given && below(v)) throw new CommandError(`--os-compute-api-version ${v} or greater is required to support the ${opt} option`);
    }
    if (args.trusted_image_certs.length) {
      if (!image || args.boot_from_volume) throw new CommandError('--trusted-image-cert option is only supported for servers booted directly from images');
      if (below('2.63')) throw new CommandError('--os-compute-api-version 2.63 or greater is required to support the --trusted-image-cert option');
    }
    // novaclient at 2.1: string nics are refused; an empty list is left out.
    if (typeof nics === 'string' && below('2.37')) throw new CommandError("nics must be a list or a tuple, not <class 'str'>");
    const server: Record<string, unknown> = { name: args.server_name, imageRef: image ? image.id : '', flavorRef: String(flavor.id) };
    if (userData) server.user_data = b64(userData);
    const meta = keyValues(args.property);
    if (Object.keys(meta).length) server.metadata = meta;
    if (args.key_name) server.key_name = args.key_name;
    if (configDrive) server.config_drive = configDrive;
    if (args.password) server.adminPass = args.password;
    Object.assign(server, { min_count: args.min, max_count: args.max });
    if (groups.length) server.security_groups = groups.map((name) => ({ name }));
    if (files.length) server.personality = files.sort((a, b) => (a.path < b.path ? -1 : 1));
    if (args.availability_zone) server.availability_zone = args.availability_zone;
    if (bdm.length) server.block_device_mapping_v2 = image ? [{ uuid: image.id, source_type: 'image', destination_type: 'local', boot_index: 0, delete_on_termination: true }, ...bdm] : bdm;
    if (typeof nics === 'string') server.networks = nics;
    else if (nics.length) {
      server.networks = nics.map((n: Record<string, string>) => ({
        ...(n['net-id'] ? { uuid: n['net-id'] } : {}),
        ...(n['v4-fixed-ip'] || n['v6-fixed-ip'] ? { fixed_ip: n['v4-fixed-ip'] || n['v6-fixed-ip'] } : {}),
        ...(n['port-id'] ? { port: n['port-id'] } : {}),
        ...(n.tag ? { tag: n.tag } : {}),
      }));
    }
    if (args.description) server.description = args.description;
    const body: Record<string, unknown> = { server };
    const hints = keyValues(args.hint);
    if (Object.keys(hints).length) body['os:scheduler_hints'] = hints;
    const r = await wrapErrors('nova', () => c.call('compute', 'POST', '/servers', { lib: 'nova', body }));
    const created = r.body?.server ?? {};
    if (args.wait) {
      if (await waitForStatus(ctx, created.id)) ctx.out('\n');
      // 6.0.0 exits through a bare SystemExit: status 0, and no table.
      else throw new CommandError(`Error creating server: ${args.server_name}`, 0, 'Error creating server\n');
    }
    return showSorted(await prepServerDetail(c, created, true));
  },
}];
