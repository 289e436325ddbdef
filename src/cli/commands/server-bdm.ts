/** `server create`'s block device mappings, built in OSC 6.0.0's order and with its checks. */
import { compareVersions } from '../client.ts';
import { CommandError } from '../errors.ts';
import { cinderFind, sdkFind } from '../lookup.ts';
import type { RunCtx } from '../types.ts';
import { IMAGE } from './image.ts';

/** BDMLegacyAction: `vdb=<id>:<type>:<size>:<delete-on-terminate>`. */
function legacyMapping(text: string): Record<string, unknown> {
  const i = text.indexOf('=');
  if (i < 0) throw new CommandError(`Invalid argument ${text}; argument must be of form 'dev-name=id[:type[:size[:delete-on-terminate]]]'`);
  const [uuid, type, size, dot] = text.slice(i + 1).split(':');
  const m: Record<string, unknown> = { device_name: text.slice(0, i), uuid, source_type: type || 'volume', destination_type: 'volume' };
  if (size) m.volume_size = size;
  if (dot) m.delete_on_termination = dot;
  return m;
}

const boolLike = (v: string): boolean | undefined => {
  const s = v.toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(s)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(s)) return false;
  return undefined;
};

/** The `block_device_mapping_v2` list (without novaclient's leading image entry). */
export async function serverBlockDevices(ctx: RunCtx, args: any, image: any, volumeId: string | null, snapshotId: string | null, mv: string): Promise<Record<string, unknown>[]> {
  const below = (v: string) => compareVersions(mv, v) < 0;
  const bdm: Record<string, unknown>[] = [];
  if (volumeId) bdm.push({ uuid: volumeId, boot_index: '0', source_type: 'volume', destination_type: 'volume' });
  else if (snapshotId) bdm.push({ uuid: snapshotId, boot_index: '0', source_type: 'snapshot', destination_type: 'volume', delete_on_termination: false });
  else if (args.boot_from_volume) {
    bdm.push({ uuid: image.id, boot_index: '0', source_type: 'image', destination_type: 'volume', volume_size: args.boot_from_volume });
  }
  if (args.swap) {
    bdm.push({ boot_index: -1, source_type: 'blank', destination_type: 'local', guest_format: 'swap', volume_size: args.swap, delete_on_termination: true });
  }
  for (const e of args.ephemerals as Record<string, string>[]) {
    bdm.push({ boot_index: -1, source_type: 'blank', destination_type: 'local', delete_on_termination: true, volume_size: e.size, ...(e.format ? { guest_format: e.format } : {}) });
  }
  for (const text of args.block_device_mapping as string[]) {
    const m = legacyMapping(text);
    if (m.source_type === 'volume') m.uuid = (await cinderFind(ctx.client, String(m.uuid))).id;
    else if (m.source_type === 'snapshot') m.uuid = (await cinderFind(ctx.client, String(m.uuid), 'snapshot')).id;
    else if (m.source_type === 'image') m.uuid = (await sdkFind(ctx.client, IMAGE, String(m.uuid))).id;
    bdm.push(m);
  }
  for (const raw of args.block_devices as Record<string, string>[]) {
    const m: Record<string, unknown> = { ...raw };
    if ('boot_index' in m) {
      if (!/^\s*[+-]?\d+\s*$/.test(String(m.boot_index))) throw new CommandError('The boot_index key of --block-device should be an integer');
      m.boot_index = parseInt(String(m.boot_index), 10);
    }
    if ('tag' in m && below('2.42')) throw new CommandError('--os-compute-api-version 2.42 or greater is required to support the tag key of --block-device');
    if ('volume_type' in m && below('2.67')) throw new CommandError('--os-compute-api-version 2.67 or greater is required to support the volume_type key of --block-device');
    if ('source_type' in m) {
      if (!['volume', 'image', 'snapshot', 'blank'].includes(String(m.source_type))) throw new CommandError('The source_type key of --block-device should be one of: volume, image, snapshot, blank');
    } else m.source_type = 'blank';
    if ('destination_type' in m) {
      if (!['local', 'volume'].includes(String(m.destination_type))) throw new CommandError('The destination_type key of --block-device should be one of: local, volume');
    } else m.destination_type = m.source_type === 'blank' ? 'local' : 'volume';
    if ('delete_on_termination' in m) {
      const b = boolLike(String(m.delete_on_termination));
      if (b === undefined) throw new CommandError('The delete_on_termination key of --block-device should be a boolean-like value');
      m.delete_on_termination = b;
    } else if (m.destination_type === 'local') m.delete_on_termination = true;
    bdm.push(m);
  }
  return bdm;
}
