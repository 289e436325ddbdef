/** `image create --volume`: cinderclient's upload-to-image action, as OSC 6.0.0 runs it (volume API 3.0). */
import { CommandError } from '../errors.ts';
import { cinderFind, wrapErrors } from '../lookup.ts';
import type { Args, RunCtx } from '../types.ts';

const IGNORED: [string, string][] = [
  ['id', 'id'], ['min_disk', 'min_disk'], ['min_ram', 'min_ram'], ['force', 'force'], ['progress', 'progress'],
  ['sign_key_path', 'sign_key_path'], ['sign_cert_id', 'sign_cert_id'], ['property', 'properties'], ['tags', 'tags'],
  ['project', 'project'], ['use_import', 'import'],
];

/** Uploads the volume to a new image and returns the action's answer (volume_type reduced to its name). */
export async function imageFromVolume(ctx: RunCtx, args: Args): Promise<Record<string, unknown>> {
  for (const [key, name] of IGNORED) {
    const v = args[key];
    // `--force` is meaningful here, but OSC 6.0.0 still lists it among the unsupported options.
    if (Array.isArray(v) ? v.length : v) {
      ctx.err(`'--${name}' was given, which is not supported when creating an image from a volume. This will be an error in a future version.\n`);
    }
  }
  const volume = await cinderFind(ctx.client, args.volume);
  // cinderclient sends no microversion, so the API is 3.0.
  if (args.visibility || args.is_protected !== null) {
    throw new CommandError('--os-volume-api-version 3.1 or greater is required to support the --public, --private, --community, --shared or --protected option.');
  }
  const body = { 'os-volume_upload_image': { force: !!args.force, image_name: args.name, container_format: args.container_format, disk_format: args.disk_format } };
  const r = await wrapErrors('cinder', () => ctx.client.call('block-storage', 'POST', `/volumes/${volume.id}/action`, { lib: 'cinder', body }));
  const info: Record<string, unknown> = { ...(r.body?.['os-volume_upload_image'] ?? {}) };
  const type = info.volume_type as any;
  info.volume_type = type && typeof type === 'object' ? type.name ?? null : null;
  return info;
}
