/** POST /servers: validate, check quota, write BuildRequest + RequestSpec + InstanceMapping, cast to the conductor. */
import { apiError, ApiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest, Row } from '../core/types.ts';
import type { BuildArgs } from './conductor.ts';
import { requestedNetworks, securityGroups } from './create-networks.ts';
import { findFlavor, links, snapshot } from './flavors.ts';
import { atLeast } from './microversion.ts';
import { checkInstanceQuota } from './quotas.ts';
import type { RequestSpec } from './scheduler.ts';
import { API, type FlavorSnapshot, type Instance } from './state.ts';
import { bodyObject, checkInt, checkName, invalid, noExtraKeys, pyRepr, requireKey } from './validation.ts';

const SERVER_KEYS = [
  'name', 'imageRef', 'flavorRef', 'adminPass', 'metadata', 'networks', 'OS-DCF:diskConfig', 'accessIPv4', 'accessIPv6',
  'personality', 'availability_zone', 'block_device_mapping', 'block_device_mapping_v2', 'config_drive', 'key_name',
  'min_count', 'max_count', 'return_reservation_id', 'security_groups', 'user_data', 'description', 'tags',
  'trusted_image_certificates', 'host', 'hypervisor_hostname', 'hostname',
];
const GiB = 1024 ** 3;

/** The id at the end of a reference that may be a URL (`http://controller:8774/flavors/0`). */
function idFromHref(ref: string): string {
  return ref.split('/').filter(Boolean).pop() ?? ref;
}

/** GET /v2/images/{id} as the caller: 400 when missing or not active. */
function activeImage(ctx: Ctx, req: HandlerRequest, id: string): Row {
  const r = ctx.http('glance', 'GET', `/v2/images/${id}`, undefined, { 'X-Auth-Token': req.auth.token });
  if (r.status !== 200) throw apiError(400, `Image ${id} could not be found.`);
  const image = r.body as Row;
  if (image.status !== 'active') throw apiError(400, `Image ${id} is not active.`);
  return image;
}

/** _validate_flavor_image_nostatus: memory and, for a local root disk, its size against the image. */
function checkFlavorFitsImage(req: HandlerRequest, flavor: FlavorSnapshot, image: Row, volumeBacked: boolean): void {
  if (flavor.memory_mb < Number(image.min_ram ?? 0)) throw apiError(400, "Flavor's memory is too small for requested image.");
  if (volumeBacked) return;
  const size = flavor.root_gb * GiB;
  if (size === 0) {
    if (!req.auth.is_admin) throw apiError(403, 'Only volume-backed servers are allowed for flavors with zero disk.');
    return;
  }
  if (Number(image.size ?? 0) > size) throw apiError(400, `Flavor's disk is too small for requested image. Flavor disk is ${size} bytes, image is ${image.size} bytes.`);
  const minDisk = Number(image.min_disk ?? 0) * GiB;
  if (minDisk > size) throw apiError(400, `Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${size} bytes, minimum size is ${minDisk} bytes.`);
}

/** block_device_mapping_v2 checked with Cinder as the caller; returns the BDMs to keep and whether root is a volume. */
function blockDevices(ctx: Ctx, req: HandlerRequest, list: unknown): { bdms: Row[]; bootImage: string | null; volumeBacked: boolean } {
  if (list === undefined) return { bdms: [], bootImage: null, volumeBacked: false };
  if (!Array.isArray(list)) throw invalid('block_device_mapping_v2', list, `${pyRepr(list)} is not of type 'array'`);
  const bdms: Row[] = [];
  let bootImage: string | null = null;
  let volumeBacked = false;
  for (const [i, d] of (list as Row[]).entries()) {
    // jsonschema reports the failing item by its index, which nova takes as the field name.
    if (!d || typeof d !== 'object' || Array.isArray(d)) throw invalid(String(i), d, `${pyRepr(d)} is not of type 'object'`);
    const source = d.source_type ?? 'volume';
    const dest = d.destination_type ?? (source === 'volume' ? 'volume' : 'local');
    if (!['image', 'volume', 'snapshot', 'blank'].includes(source)) throw invalid('source_type', source, `${pyRepr(source)} is not one of ['volume', 'image', 'snapshot', 'blank']`);
    const boot = d.boot_index === undefined || d.boot_index === null ? null : Number(d.boot_index);
    const bdm: Row = {
      uuid: ctx.ids.uuid(), source_type: source, destination_type: dest, boot_index: boot, device_name: d.device_name ?? (boot === 0 ? '/dev/vda' : null),
      volume_id: null, image_id: null, volume_size: d.volume_size ?? null, delete_on_termination: !!d.delete_on_termination,
      attachment_id: null, connection_info: null, tag: d.tag ?? null, deleted: 0,
    };
    if (source === 'volume') {
      const r = ctx.http('cinder', 'GET', `/v3/volumes/${d.uuid}`, undefined, { 'X-Auth-Token': req.auth.token, 'OpenStack-API-Version': 'volume 3.44' });
      if (r.status !== 200) throw apiError(400, `Block Device Mapping is Invalid: failed to get volume ${d.uuid}.`);
      const status = (r.body as any).volume.status;
      if (status !== 'available') throw apiError(400, `Invalid volume: volume '${d.uuid}' status must be 'available'. Currently in '${status}'`);
      bdm.volume_id = d.uuid;
    } else if (source === 'image') {
      activeImage(ctx, req, d.uuid);
      bdm.image_id = d.uuid;
      if (dest === 'volume' && !bdm.volume_size) throw apiError(400, 'Block Device Mapping is Invalid: Images with destination_type \'volume\' need to have a non-zero size specified.');
    } else if (source === 'blank' && dest === 'volume' && !bdm.volume_size) {
      throw apiError(400, 'Block Device Mapping is Invalid: Blank volumes (source: \'blank\', dest: \'volume\') need to have non-zero size.');
    }
    if (boot === 0) {
      if (dest === 'volume') volumeBacked = true;
      else if (source === 'image') bootImage = d.uuid;
    }
    bdms.push(bdm);
  }
  return { bdms, bootImage, volumeBacked };
}

/** Nova's sanitize_hostname: lower case, [a-z0-9.-] only, at most 63 characters. */
function hostnameOf(name: string): string {
  const h = name.toLowerCase().replace(/[ _]/g, '-').replace(/[^a-z0-9.-]/g, '').replace(/^[.-]+|[.-]+$/g, '').slice(0, 63);
  return h || 'server';
}

function password(ctx: Ctx): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return Array.from({ length: 12 }, () => chars[ctx.ids.int(chars.length)]).join('');
}

/** POST /servers. */
export const createServer: Handler = (ctx, req) => {
  const b = bodyObject(req.body, 'server');
  noExtraKeys(b, SERVER_KEYS, 'server');
  requireKey(b, 'name', 'server');
  requireKey(b, 'flavorRef', 'server');
  if (atLeast(req, '2.37')) requireKey(b, 'networks', 'server');
  const name = checkName(b.name, 'name');
  const minCount = b.min_count === undefined ? 1 : checkInt(b.min_count, 'min_count', 1);
  const maxCount = b.max_count === undefined ? minCount : checkInt(b.max_count, 'max_count', 1);
  if (minCount > maxCount) throw apiError(400, 'min_count must be <= max_count');
  const flavorId = idFromHref(String(b.flavorRef));
  let flavorRow: Row;
  try {
    flavorRow = findFlavor(ctx, req, flavorId);
  } catch (e) {
    if (e instanceof ApiError) throw apiError(400, `Flavor ${flavorId} could not be found.`);
    throw e;
  }
  const flavor = snapshot(flavorRow);
  const { bdms, bootImage, volumeBacked } = blockDevices(ctx, req, b.block_device_mapping_v2);
  const imageRef = b.imageRef ? idFromHref(String(b.imageRef)) : bootImage;
  if (!imageRef && !volumeBacked) {
    throw apiError(400, 'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.');
  }
  const image = imageRef && !volumeBacked ? activeImage(ctx, req, imageRef) : {};
  checkFlavorFitsImage(req, flavor, image, volumeBacked);
  if (imageRef && !volumeBacked && !bdms.some((d) => d.boot_index === 0)) {
    bdms.unshift({ uuid: ctx.ids.uuid(), source_type: 'image', destination_type: 'local', boot_index: 0, device_name: '/dev/vda', image_id: imageRef, volume_id: null, volume_size: null, delete_on_termination: true, attachment_id: null, connection_info: null, tag: null, deleted: 0 });
  }
  let keyData: string | null = null;
  if (b.key_name !== undefined && b.key_name !== null) {
    const kp = ctx.db.get(API.keyPairs, `${req.auth.user_id}:${b.key_name}`);
    if (!kp) throw apiError(400, 'Invalid key_name provided.');
    keyData = kp.public_key;
  }
  const az = b.availability_zone ?? null;
  if (az !== null && az !== 'nova' && !(req.auth.is_admin && /^nova:[^:]+/.test(az))) throw apiError(400, 'The requested availability zone is not available');
  const metadata = (b.metadata ?? {}) as Record<string, unknown>;
  if (typeof metadata !== 'object' || Array.isArray(metadata) || Object.values(metadata).some((v) => typeof v !== 'string')) {
    throw invalid('metadata', b.metadata, `${pyRepr(b.metadata)} is not of type 'object'`);
  }
  if (b.user_data !== undefined && b.user_data !== null && (typeof b.user_data !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}$/.test(b.user_data))) {
    throw invalid('user_data', b.user_data, `${pyRepr(b.user_data)} is not a 'base64'`);
  }
  const nics = requestedNetworks(ctx, req, b.networks, maxCount);
  const groups = nics.length ? securityGroups(ctx, req, b.security_groups) : { ids: [], names: (b.security_groups ?? [{ name: 'default' }]).map((g: Row) => g?.name) };
  const count = checkInstanceQuota(ctx, req.auth.project_id, flavor, minCount, maxCount);
  const reservation = `r-${ctx.ids.hex(8)}`;
  const adminPass = typeof b.adminPass === 'string' ? b.adminPass : password(ctx);
  const uuids: string[] = [];
  for (let i = 0; i < count; i++) {
    const uuid = ctx.ids.uuid();
    uuids.push(uuid);
    const display = count > 1 ? `${name}-${i + 1}` : name;
    const inst: Instance & Row = {
      id: 0, uuid, display_name: display, display_description: atLeast(req, '2.19') ? (b.description ?? null) : null,
      project_id: req.auth.project_id, user_id: req.auth.user_id, hostname: hostnameOf(b.hostname ?? display), host: null, node: null,
      vm_state: 'building', task_state: 'scheduling', power_state: 0, flavor, image_ref: volumeBacked ? '' : (imageRef ?? ''),
      image_properties: Object.fromEntries(Object.entries(image).filter(([k]) => /^(hw_|img_|os_)/.test(k))),
      key_name: b.key_name ?? null, key_data: keyData, availability_zone: az, launch_index: i, reservation_id: reservation,
      config_drive: b.config_drive ? 'True' : '', access_ip_v4: b.accessIPv4 ?? null, access_ip_v6: b.accessIPv6 ?? null,
      metadata: metadata as Record<string, string>, security_groups: groups.names, locked_by: null, locked_reason: null,
      tags: Array.isArray(b.tags) ? b.tags : [], user_data: b.user_data ?? null, root_device_name: '/dev/vda',
      created_at: ctx.iso(), updated_at: null, launched_at: null, terminated_at: null, deleted: 0, deleted_at: null,
    };
    const spec: RequestSpec = {
      instance_uuid: uuid, project_id: inst.project_id, user_id: inst.user_id, flavor, image: { id: imageRef, ...image },
      num_instances: count, availability_zone: az, is_bfv: volumeBacked, ignore_hosts: [],
    };
    ctx.db.insert(API.requestSpecs, uuid, { instance_uuid: uuid, spec });
    ctx.db.insert(API.buildRequests, uuid, { instance_uuid: uuid, project_id: inst.project_id, instance: inst, block_device_mappings: bdms.map((d) => ({ ...d, uuid: i ? ctx.ids.uuid() : d.uuid })), tags: inst.tags, created_at: inst.created_at });
    ctx.db.insert(API.instanceMappings, uuid, { instance_uuid: uuid, cell_id: null, project_id: inst.project_id, user_id: inst.user_id, queued_for_delete: false });
  }
  const args: BuildArgs = {
    build_requests: uuids,
    image: { id: imageRef, name: image.name, status: image.status, disk_format: image.disk_format, size: image.size },
    admin_password: adminPass,
    injected_files: [],
    requested_networks: nics,
    security_groups: groups.ids,
    block_device_mapping: bdms,
    tags: Array.isArray(b.tags) ? b.tags : [],
    context: { auth_token: req.auth.token, user_id: req.auth.user_id, project_id: req.auth.project_id },
  };
  ctx.cast('conductor', 'schedule_and_build_instances', args);
  if (b.return_reservation_id) return { status: 202, body: { reservation_id: reservation } };
  const server: Row = {
    id: uuids[0],
    links: links('servers', uuids[0]),
    'OS-DCF:diskConfig': 'MANUAL',
    security_groups: b.security_groups ?? [{ name: 'default' }],
    adminPass,
  };
  return { status: 202, body: { server }, headers: { Location: `http://controller:8774/v2.1/servers/${uuids[0]}` } };
};


