/** The arguments of `server create`, in python-openstackclient 6.0.0's order, with its help texts. */
import { CommandError } from '../errors.ts';
import type { Param } from '../types.ts';
import { flag, multi, opt, pos } from './helpers.ts';

/** The exclusive group argparse requires one of (`--image`, `--image-property`, `--volume`, `--snapshot`). */
export const IMAGE_GROUP = 'image';

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

const nic = (key?: 'net-id' | 'port-id') => (v: unknown) => parseNic(String(v), key);

/** osc-lib's MultiKeyValueAction for `--ephemeral size=N[,format=F]` and `--block-device k=v,...`. */
function keyValueList(option: string, allowed?: string[], required?: string[]) {
  return (v: unknown) => {
    const out: Record<string, string> = {};
    for (const kv of String(v).split(',')) {
      const i = kv.indexOf('=');
      if (i < 1) throw new CommandError(`Expected key=value pairs separated by comma, but got: ${v}`);
      out[kv.slice(0, i)] = kv.slice(i + 1);
    }
    const bad = allowed ? Object.keys(out).filter((k) => !allowed.includes(k)) : [];
    if (bad.length) throw new CommandError(`Invalid keys ${bad.join(', ')} specified.\nValid keys are: ${allowed!.join(', ')}`);
    const missing = (required ?? []).filter((k) => !(k in out));
    if (missing.length) throw new CommandError(`Missing required keys ${missing.join(', ')}.\nRequired keys are: ${required!.join(', ')}`);
    void option;
    return out;
  };
}

const VOLUME_NOTE = '\nThis option automatically creates a block device mapping with a boot index of 0. On many hypervisors (libvirt/kvm for example) this will be device vda. Do not create a duplicate mapping using --block-device-mapping for this volume.';

/** Every `server create` argument. */
export const SERVER_CREATE_PARAMS: Param[] = [
  pos('server_name', '<server-name>', 'New server name'),
  opt('--flavor', '<flavor>', 'Create server with this flavor (name or ID)', { required: true }),
  opt('--image', '<image>', 'Create server boot disk from this image (name or ID)', { exclusive: IMAGE_GROUP }),
  multi('--image-property', '<key=value>', 'Create server using the image that matches the specified property. Property must match exactly one property.', { dest: 'image_properties', exclusive: IMAGE_GROUP }),
  opt('--volume', '<volume>', 'Create server using this volume as the boot disk (name or ID)' + VOLUME_NOTE, { exclusive: IMAGE_GROUP }),
  opt('--snapshot', '<snapshot>', 'Create server using this snapshot as the boot disk (name or ID)' + VOLUME_NOTE, { exclusive: IMAGE_GROUP }),
  opt('--boot-from-volume', '<volume-size>', 'When used in conjunction with the ``--image`` or ``--image-property`` option, this option automatically creates a block device mapping with a boot index of 0 and tells the compute service to create a volume of the given size (in GB) from the specified image and use it as the root disk of the server. The root volume will not be deleted when the server is deleted. This option is mutually exclusive with the ``--volume`` and ``--snapshot`` options.', { type: 'int' }),
  multi('--block-device-mapping', '<dev-name=mapping>', '**Deprecated** Create a block device on the server.\nBlock device mapping in the format\n<dev-name>=<id>:<type>:<size(GB)>:<delete-on-terminate>\n<dev-name>: block device name, like: vdb, xvdc (required)\n<id>: Name or ID of the volume, volume snapshot or image (required)\n<type>: volume, snapshot or image; default: volume (optional)\n<size(GB)>: volume size if create from image or snapshot (optional)\n<delete-on-terminate>: true or false; default: false (optional)\nReplaced by --block-device'),
  multi('--block-device', '', 'Create a block device on the server.\nEither a path to a JSON file or a CSV-serialized string describing the block device mapping.\nThe following keys are accepted for both:\nuuid=<uuid>: UUID of the volume, snapshot or ID (required if using source image, snapshot or volume),\nsource_type=<source_type>: source type (one of: image, snapshot, volume, blank),\ndestination_type=<destination_type>: destination type (one of: volume, local) (optional),\ndisk_bus=<disk_bus>: device bus (one of: uml, lxc, virtio, ...) (optional),\ndevice_type=<device_type>: device type (one of: disk, cdrom, etc. (optional),\ndevice_name=<device_name>: name of the device (optional),\nvolume_size=<volume_size>: size of the block device in MiB (for swap) or GiB (for everything else) (optional),\nguest_format=<guest_format>: format of device (optional),\nboot_index=<boot_index>: index of disk used to order boot disk (required for volume-backed instances),\ndelete_on_termination=<true|false>: whether to delete the volume upon deletion of server (optional),\ntag=<tag>: device metadata tag (optional),\nvolume_type=<volume_type>: type of volume to create (name or ID) when source if blank, image or snapshot and dest is volume (optional)', { dest: 'block_devices', transform: keyValueList('--block-device') }),
  opt('--swap', '<swap>', 'Create and attach a local swap block device of <swap_size> MiB.', { type: 'int' }),
  multi('--ephemeral', '<size=size[,format=format]>', 'Create and attach a local ephemeral block device of <size> GiB and format it to <format>.', { dest: 'ephemerals', transform: keyValueList('--ephemeral', ['size', 'format'], ['size']) }),
  multi('--network', '<network>', "Create a NIC on the server and connect it to network. Specify option multiple times to create multiple NICs. This is a wrapper for the '--nic net-id=<network>' parameter that provides simple syntax for the standard use case of connecting a new server to a given network. For more advanced use cases, refer to the '--nic' parameter.", { dest: 'nics', transform: nic('net-id') }),
  multi('--port', '<port>', "Create a NIC on the server and connect it to port. Specify option multiple times to create multiple NICs. This is a wrapper for the '--nic port-id=<port>' parameter that provides simple syntax for the standard use case of connecting a new server to a given port. For more advanced use cases, refer to the '--nic' parameter.", { dest: 'nics', transform: nic('port-id') }),
  multi('--nic', '<net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,v6-fixed-ip=ip-addr,tag=tag,auto,none>', 'Create a NIC on the server.\nNIC in the format:\nnet-id=<net-uuid>: attach NIC to network with this UUID,\nport-id=<port-uuid>: attach NIC to port with this UUID,\nv4-fixed-ip=<ip-addr>: IPv4 fixed address for NIC (optional),\nv6-fixed-ip=<ip-addr>: IPv6 fixed address for NIC (optional),\ntag: interface metadata tag (optional) (supported by --os-compute-api-version 2.43 or above),\nnone: (v2.37+) no network is attached,\nauto: (v2.37+) the compute service will automatically allocate a network.\nSpecify option multiple times to create multiple NICs.\nSpecifying a --nic of auto or none cannot be used with any other --nic value.\nEither net-id or port-id must be provided, but not both.', { dest: 'nics', transform: nic() }),
  opt('--password', '<password>', 'Set the password to this server. This option requires cloud support.'),
  multi('--security-group', '<security-group>', 'Security group to assign to this server (name or ID) (repeat option to set multiple groups)'),
  opt('--key-name', '<key-name>', 'Keypair to inject into this server'),
  multi('--property', '<key=value>', 'Set a property on this server (repeat option to set multiple values)'),
  multi('--file', '<dest-filename=source-filename>', 'File(s) to inject into image before boot (repeat option to set multiple files)(supported by --os-compute-api-version 2.57 or below)'),
  opt('--user-data', '<user-data>', 'User data file to serve from the metadata server'),
  opt('--description', '<description>', 'Set description for the server (supported by --os-compute-api-version 2.19 or above)'),
  opt('--availability-zone', '<zone-name>', 'Select an availability zone for the server. Host and node are optional parameters. Availability zone in the format <zone-name>:<host-name>:<node-name>, <zone-name>::<node-name>, <zone-name>:<host-name> or <zone-name>'),
  opt('--host', '<host>', 'Requested host to create servers. (admin only) (supported by --os-compute-api-version 2.74 or above)'),
  opt('--hypervisor-hostname', '<hypervisor-hostname>', 'Requested hypervisor hostname to create servers. (admin only) (supported by --os-compute-api-version 2.74 or above)'),
  multi('--hint', '<key=value>', 'Hints for the scheduler'),
  flag('--use-config-drive', 'Enable config drive.', { dest: 'config_drive', action: 'const', const: true, exclusive: 'config-drive' }),
  flag('--no-config-drive', 'Disable config drive.', { dest: 'config_drive', action: 'const', const: false, exclusive: 'config-drive' }),
  opt('--config-drive', '<config-drive-volume>|True', "**Deprecated** Use specified volume as the config drive, or 'True' to use an ephemeral drive. Replaced by '--use-config-drive'.", { exclusive: 'config-drive' }),
  opt('--min', '<count>', 'Minimum number of servers to launch (default=1)', { type: 'int', default: 1 }),
  opt('--max', '<count>', 'Maximum number of servers to launch (default=1)', { type: 'int', default: 1 }),
  multi('--tag', '<tag>', 'Tags for the server. Specify multiple times to add multiple tags. (supported by --os-compute-api-version 2.52 or above)', { dest: 'tags' }),
  opt('--hostname', '<hostname>', 'Hostname configured for the server in the metadata service. If unset, a hostname will be automatically generated from the server name. A utility such as cloud-init is required to propagate the hostname in the metadata service to the guest OS itself. (supported by --os-compute-api-version 2.90 or above)'),
  flag('--wait', 'Wait for build to complete'),
  multi('--trusted-image-cert', '<trusted-cert-id>', 'Trusted image certificate IDs used to validate certificates during the image signature verification process. May be specified multiple times to pass multiple trusted image certificate IDs. (supported by --os-compute-api-version 2.63 or above)', { dest: 'trusted_image_certs' }),
];
