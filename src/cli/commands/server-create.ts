/** `openstack server create` as OSC 6.0.0 runs it: SDK image lookup, novaclient flavor lookup, Neutron checks, POST at 2.1. */
import { CommandError } from '../errors.ts';
import { cinderFind, novaFind, sdkFind, wrapErrors, type SdkResource } from '../lookup.ts';
import type { CommandSpec, Param } from '../types.ts';
import { flag, keyValues, multi, opt, pos, showSorted } from './helpers.ts';
import { IMAGE, imageClient } from './image.ts';
import { prepServerDetail, waitForStatus } from './server-format.ts';

const NETWORK: SdkResource = { type: 'network', path: '/v2.0/networks', one: 'network', many: 'networks', className: 'Network' };
const PORT: SdkResource = { type: 'network', path: '/v2.0/ports', one: 'port', many: 'ports', className: 'Port' };
const SECURITY_GROUP: SdkResource = { type: 'network', path: '/v2.0/security-groups', one: 'security_group', many: 'security_groups', className: 'SecurityGroup' };

const NIC_FORM = "'net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,v6-fixed-ip=ip-addr,tag=tag'";

/** OSC's NICAction: `auto`, `none`, or `net-id=…,port-id=…,v4-fixed-ip=…` (checked as the option is read). */
export function parseNic(value: string, key?: 'net-id' | 'port-id'): string | Record<string, string> {
  if (value === 'auto' || value === 'none') return value;
  if (key && /[,=]/.test(value)) throw new CommandError(`Invalid argument ${value}; characters ',' and '=' are not allowed`);
  const text = key ? `${key}=${value}` : value;
  const info: Record<string, string> = { 'net-id': '', 'port-id': '', 'v4-fixed-ip': '', 'v6-fixed-ip': '' };
  for (const kv of text.split(',')) {
    const i = kv.indexOf('=');
    const k = i < 0 ? kv : kv.slice(0, i);
    const v = i < 0 ? '' : kv.slice(i + 1);
    if (!(k in info || k === 'tag') || !v) throw new CommandError(`Invalid argument ${text}; argument must be of form ${NIC_FORM}`);
    info[k] = v;
  }
  if (info['net-id'] && info['port-id']) throw new CommandError(`Invalid argument ${text}; either network or port should be specified but not both`);
  return info;
}

const nicAction = (key?: 'net-id' | 'port-id') => (v: unknown) => parseNic(String(v), key);

const IMAGE_GROUP = 'image';
const params: Param[] = [
  pos('server_name', '<server-name>', 'New server name'),
  opt('--flavor', '<flavor>', 'Create server with this flavor (name or ID)', { required: true }),
  opt('--image', '<image>', 'Create server boot disk from this image (name or ID)', { exclusive: IMAGE_GROUP }),
  opt('--volume', '<volume>', 'Create server using this volume as the boot disk (name or ID)', { exclusive: IMAGE_GROUP }),
  opt('--boot-from-volume', '<volume-size>', 'When used in conjunction with the ``--image`` or ``--image-property`` option, this option automatically creates a block device mapping with a boot index of 0 and tells the compute service to create a volume of the given size (in GB) from the specified image and use it as the root disk of the server.', { type: 'int' }),
  multi('--network', '<network>', 'Create a NIC on the server and connect it to network.', { dest: 'nics', transform: nicAction('net-id') }),
  multi('--port', '<port>', 'Create a NIC on the server and connect it to port.', { dest: 'nics', transform: nicAction('port-id') }),
  multi('--nic', '<net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,v6-fixed-ip=ip-addr,tag=tag,auto,none>', 'Create a NIC on the server. Specify option multiple times to create multiple NICs.', { dest: 'nics', transform: nicAction() }),
  opt('--password', '<password>', 'Set the password to this server.'),
  multi('--security-group', '<security-group>', 'Security group to assign to this server (name or ID) (repeat option to set multiple groups)'),
  opt('--key-name', '<key-name>', 'Keypair to inject into this server'),
  multi('--property', '<key=value>', 'Set a property on this server (repeat option to set multiple values)'),
  opt('--availability-zone', '<zone-name>', 'Select an availability zone for the server.'),
  multi('--hint', '<key=value>', 'Hints for the scheduler'),
  opt('--min', '<count>', 'Minimum number of servers to launch (default=1)', { type: 'int', default: 1 }),
  opt('--max', '<count>', 'Maximum number of servers to launch (default=1)', { type: 'int', default: 1 }),
  flag('--wait', 'Wait for build to complete'),
];

export const serverCreateCommands: CommandSpec[] = [{
  words: ['server', 'create'],
  help: 'Create a new server',
  kind: 'show',
  params,
  requiredGroups: [IMAGE_GROUP],
  async run(ctx, args) {
    const c = ctx.client;
    await imageClient(c);
    let image = args.image ? await sdkFind(c, IMAGE, args.image) : null;
    let volumeId: string | null = null;
    if (args.volume) {
      if (args.boot_from_volume) throw new CommandError('--volume is not allowed with --boot-from-volume');
      volumeId = (await cinderFind(c, args.volume)).id;
    }
    const flavor = await novaFind(c, 'flavor', args.flavor);
    if (args.min > args.max) throw new CommandError('min instances should be <= max instances');
    if (args.min < 1) throw new CommandError('min instances should be > 0');
    if (args.max < 1) throw new CommandError('max instances should be > 0');
    let bdm: Record<string, unknown>[] = [];
    if (volumeId) bdm = [{ uuid: volumeId, boot_index: '0', source_type: 'volume', destination_type: 'volume' }];
    else if (args.boot_from_volume) {
      bdm = [{ uuid: image.id, boot_index: '0', source_type: 'image', destination_type: 'volume', volume_size: args.boot_from_volume }];
      image = null;
    }
    let nics: any = [...args.nics];
    if (nics.includes('auto') || nics.includes('none')) {
      if (nics.length > 1) throw new CommandError('Specifying a --nic of auto or none cannot be used with any other --nic, --network or --port value.');
      nics = nics[0];
    } else {
      for (const nic of nics) {
        if (nic['net-id']) nic['net-id'] = (await sdkFind(c, NETWORK, nic['net-id'])).id;
        if (nic['port-id']) nic['port-id'] = (await sdkFind(c, PORT, nic['port-id'])).id;
      }
    }
    // novaclient at 2.1 refuses the string forms and leaves out an empty list.
    if (typeof nics === 'string') throw new CommandError("nics must be a list or a tuple, not <class 'str'>");
    const groups: string[] = [];
    for (const sg of args.security_group) groups.push((await sdkFind(c, SECURITY_GROUP, sg)).id);
    const server: Record<string, unknown> = { name: args.server_name, imageRef: image ? image.id : '', flavorRef: String(flavor.id) };
    const meta = keyValues(args.property);
    if (Object.keys(meta).length) server.metadata = meta;
    if (args.key_name) server.key_name = args.key_name;
    if (args.password) server.adminPass = args.password;
    Object.assign(server, { min_count: args.min, max_count: args.max });
    if (groups.length) server.security_groups = groups.map((name) => ({ name }));
    if (args.availability_zone) server.availability_zone = args.availability_zone;
    if (bdm.length) server.block_device_mapping_v2 = image ? [{ uuid: image.id, source_type: 'image', destination_type: 'local', boot_index: 0, delete_on_termination: true }, ...bdm] : bdm;
    if (nics.length) {
      server.networks = nics.map((n: Record<string, string>) => ({
        ...(n['net-id'] ? { uuid: n['net-id'] } : {}),
        ...(n['v4-fixed-ip'] || n['v6-fixed-ip'] ? { fixed_ip: n['v4-fixed-ip'] || n['v6-fixed-ip'] } : {}),
        ...(n['port-id'] ? { port: n['port-id'] } : {}),
      }));
    }
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
