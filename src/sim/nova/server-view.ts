/** The server representation of each microversion (views/servers.py): summary, show and detail. */
import type { Ctx, HandlerRequest, Row } from '../core/types.ts';
import { links } from './flavors.ts';
import { sha224 } from './hash.ts';
import { atLeast } from './microversion.ts';
import type { Vif } from './network.ts';
import { findService, serviceIsUp } from './servicegroup.ts';
import { API, cellTable, instanceName, isoMicro, isoZ, latestFault, type ServerRef } from './state.ts';

const STATUS: Record<string, Record<string, string>> = {
  active: {
    default: 'ACTIVE', rebooting: 'REBOOT', reboot_pending: 'REBOOT', reboot_started: 'REBOOT',
    rebooting_hard: 'HARD_REBOOT', reboot_pending_hard: 'HARD_REBOOT', reboot_started_hard: 'HARD_REBOOT',
    updating_password: 'PASSWORD', rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD',
    migrating: 'MIGRATING', resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE',
  },
  building: { default: 'BUILD' },
  stopped: { default: 'SHUTOFF', resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE', rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD' },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: { default: 'ERROR', rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD' },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
};

/** The API status of a vm_state/task_state pair (common.status_from_state). */
export function statusOf(vmState: string, taskState: string | null): string {
  const m = STATUS[vmState];
  if (!m) return 'UNKNOWN';
  return (taskState && m[taskState]) || m.default;
}

/** Which vm_state(s) an API status filter means (the reverse map). */
export function vmStatesFor(status: string): string[] {
  return Object.entries(STATUS).filter(([, m]) => Object.values(m).includes(status)).map(([vm]) => vm);
}

/** The server's hostId: sha224 of project id + host, empty without a host. */
export function hostId(projectId: string, host: string | null): string {
  return host ? sha224(projectId + host) : '';
}

const PROGRESS = ['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING'];

/** The `addresses` block from the info cache: network label → fixed IPs with their MAC. */
function addresses(ctx: Ctx, ref: ServerRef): Record<string, unknown[]> {
  if (!ref.schema || ref.inst.vm_state === 'building') return {};
  const vifs = (ctx.db.get(cellTable(ref.schema, 'instance_info_caches'), ref.inst.uuid)?.network_info ?? []) as Vif[];
  // Keyed by network name, which the user chooses: a Map keeps names such as __proto__ or constructor plain keys.
  const out = new Map<string, unknown[]>();
  for (const vif of vifs) {
    const list = out.get(vif.network.label) ?? [];
    out.set(vif.network.label, list);
    for (const ip of vif.ips) list.push({ version: ip.version, addr: ip.address, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': vif.address });
  }
  return Object.fromEntries(out);
}

/** The volume BDMs of a server (from its cell, or from its BuildRequest). */
export function volumeMappings(ctx: Ctx, ref: ServerRef): Row[] {
  if (!ref.schema) return (ctx.db.get(API.buildRequests, ref.inst.uuid)?.block_device_mappings ?? []).filter((b: Row) => b.volume_id);
  return ctx.db.where(cellTable(ref.schema, 'block_device_mapping'), (b) => b.instance_uuid === ref.inst.uuid && !!b.volume_id && !b.deleted);
}

/** host_status (2.16, admins): UP, DOWN, MAINTENANCE, or empty without a host. */
function hostStatus(ctx: Ctx, host: string | null): string {
  if (!host) return '';
  const svc = findService(ctx, 'nova-compute', host);
  if (!svc) return 'UNKNOWN';
  if (svc.forced_down || !serviceIsUp(ctx, svc)) return 'DOWN';
  return svc.disabled ? 'MAINTENANCE' : 'UP';
}

/** The summary entry of GET /servers. */
export function serverSummary(ref: ServerRef): Row {
  return { id: ref.inst.uuid, name: ref.inst.display_name, links: links('servers', ref.inst.uuid) };
}

/** The full server of GET /servers/{id} and /servers/detail. */
export function serverView(ctx: Ctx, req: HandlerRequest, ref: ServerRef, show = true): Row {
  const inst = ref.inst;
  const admin = req.auth.is_admin;
  const status = inst.deleted ? 'DELETED' : statusOf(inst.vm_state, inst.task_state);
  const f = inst.flavor;
  const s: Row = {
    id: inst.uuid,
    name: inst.display_name,
    status,
    tenant_id: inst.project_id,
    user_id: inst.user_id,
    metadata: { ...inst.metadata },
    hostId: hostId(inst.project_id, inst.host),
    image: inst.image_ref ? { id: inst.image_ref, links: [{ rel: 'bookmark', href: `http://controller:8774/images/${inst.image_ref}` }] } : '',
    flavor: atLeast(req, '2.47')
      ? { vcpus: f.vcpus, ram: f.memory_mb, disk: f.root_gb, ephemeral: f.ephemeral_gb, swap: f.swap, original_name: f.name, extra_specs: { ...f.extra_specs } }
      : { id: f.flavorid, links: [{ rel: 'bookmark', href: `http://controller:8774/flavors/${f.flavorid}` }] },
    created: isoZ(inst.created_at),
    updated: isoZ(inst.updated_at ?? inst.created_at),
    addresses: addresses(ctx, ref),
    accessIPv4: inst.access_ip_v4 ?? '',
    accessIPv6: inst.access_ip_v6 ?? '',
    links: links('servers', inst.uuid),
    'OS-DCF:diskConfig': 'MANUAL',
  };
  if (atLeast(req, '2.98') && s.image) s.image.properties = { ...((inst as Row).image_properties ?? {}) };
  if ((status === 'ERROR' || status === 'DELETED') && ref.schema) {
    const fault = latestFault(ctx, ref.schema, inst.uuid);
    if (fault) {
      s.fault = { code: fault.code, created: isoZ(fault.created_at), message: fault.message };
      if (fault.details && (admin || fault.code !== 500)) s.fault.details = fault.details;
    }
  }
  if (PROGRESS.includes(status)) s.progress = 0;
  s['OS-EXT-AZ:availability_zone'] = inst.availability_zone ?? '';
  s.config_drive = inst.config_drive;
  s.key_name = inst.key_name;
  s['OS-SRV-USG:launched_at'] = isoMicro(inst.launched_at);
  s['OS-SRV-USG:terminated_at'] = isoMicro(inst.terminated_at);
  if (inst.security_groups.length) s.security_groups = inst.security_groups.map((name) => ({ name }));
  if (admin) {
    s['OS-EXT-SRV-ATTR:host'] = inst.host;
    s['OS-EXT-SRV-ATTR:instance_name'] = inst.id ? instanceName(inst) : '';
    s['OS-EXT-SRV-ATTR:hypervisor_hostname'] = inst.node;
    if (atLeast(req, '2.3')) {
      Object.assign(s, {
        'OS-EXT-SRV-ATTR:reservation_id': inst.reservation_id,
        'OS-EXT-SRV-ATTR:launch_index': inst.launch_index,
        'OS-EXT-SRV-ATTR:hostname': inst.hostname,
        'OS-EXT-SRV-ATTR:kernel_id': '',
        'OS-EXT-SRV-ATTR:ramdisk_id': '',
        'OS-EXT-SRV-ATTR:root_device_name': inst.root_device_name,
        'OS-EXT-SRV-ATTR:user_data': inst.user_data,
      });
    }
  } else if (atLeast(req, '2.90')) s['OS-EXT-SRV-ATTR:hostname'] = inst.hostname;
  s['OS-EXT-STS:task_state'] = inst.task_state;
  s['OS-EXT-STS:vm_state'] = inst.vm_state;
  s['OS-EXT-STS:power_state'] = inst.power_state;
  s['os-extended-volumes:volumes_attached'] = volumeMappings(ctx, ref).map((b) =>
    atLeast(req, '2.3') ? { id: b.volume_id, delete_on_termination: !!b.delete_on_termination } : { id: b.volume_id },
  );
  if (atLeast(req, '2.16') && admin) s.host_status = hostStatus(ctx, inst.host);
  if (atLeast(req, '2.9')) s.locked = !!inst.locked_by;
  if (atLeast(req, '2.73')) s.locked_reason = inst.locked_reason;
  if (atLeast(req, '2.19')) s.description = inst.display_description;
  if (atLeast(req, '2.26')) s.tags = [...inst.tags];
  if (atLeast(req, '2.63')) s.trusted_image_certificates = null;
  if (show && atLeast(req, '2.71')) s.server_groups = [];
  if (atLeast(req, '2.96')) s.pinned_availability_zone = (inst as Row).pinned_availability_zone ?? null;
  if (atLeast(req, '2.100')) s.scheduler_hints = {};
  return s;
}
