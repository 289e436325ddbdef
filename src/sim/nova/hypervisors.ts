/** os-hypervisors (admin) and os-availability-zone: the compute nodes, their usage and their zones. */
import { apiError } from '../core/errors.ts';
import type { Ctx, Handler, HandlerRequest, Row } from '../core/types.ts';
import { atLeast } from './microversion.ts';
import { nodeUsage } from './resource-tracker.ts';
import { requireAdmin } from './policy.ts';
import { findService, serviceIsUp, serviceUpdatedAt } from './servicegroup.ts';
import { CELL } from './state.ts';

function nodes(ctx: Ctx): Row[] {
  return ctx.db.all(CELL.computeNodes).filter((n) => !n.deleted);
}

function view(ctx: Ctx, req: HandlerRequest, node: Row, detail: boolean): Row {
  const svc = findService(ctx, 'nova-compute', node.host) ?? {};
  const uuids = atLeast(req, '2.53');
  const out: Row = {
    id: uuids ? node.uuid : node.id,
    hypervisor_hostname: node.hypervisor_hostname,
    state: svc.id && serviceIsUp(ctx, svc) ? 'up' : 'down',
    status: svc.disabled ? 'disabled' : 'enabled',
  };
  if (!detail) return out;
  Object.assign(out, {
    hypervisor_type: node.hypervisor_type,
    hypervisor_version: node.hypervisor_version,
    host_ip: node.host_ip,
    service: { id: uuids ? svc.uuid : svc.id, host: node.host, disabled_reason: svc.disabled_reason ?? null },
  });
  const u = nodeUsage(ctx, node);
  if (!atLeast(req, '2.88')) {
    Object.assign(out, {
      vcpus: node.vcpus, memory_mb: node.memory_mb, local_gb: node.local_gb, vcpus_used: u.vcpus, memory_mb_used: u.ram,
      local_gb_used: u.disk, free_ram_mb: node.memory_mb - u.ram, free_disk_gb: node.local_gb - u.disk,
      current_workload: u.busy, running_vms: u.insts.length, disk_available_least: node.local_gb - u.disk,
      cpu_info: atLeast(req, '2.28') ? node.cpu_info : JSON.stringify(node.cpu_info),
    });
  } else {
    const up = svc.id && serviceIsUp(ctx, svc);
    out.uptime = up ? ` ${(serviceUpdatedAt(ctx, svc) ?? '').slice(11, 19)} up ${Math.floor(ctx.now() / 60000)} min,  0 users,  load average: 0.00, 0.00, 0.00` : null;
  }
  if (atLeast(req, '2.53') && req.query.get('with_servers') === 'true') out.servers = u.insts.map((i) => ({ name: `instance-${i.id.toString(16).padStart(8, '0')}`, uuid: i.uuid }));
  return out;
}

function listed(ctx: Ctx, req: HandlerRequest): Row[] {
  const pattern = atLeast(req, '2.53') ? req.query.get('hypervisor_hostname_pattern') : null;
  const rows = nodes(ctx).filter((n) => !pattern || n.hypervisor_hostname.includes(pattern));
  if (pattern && !rows.length) throw apiError(404, `No hypervisor matching '${pattern}' could be found.`);
  return rows;
}

export const listHypervisors: Handler = (ctx, req) => {
  requireAdmin(req, 'os-hypervisors:list');
  return { status: 200, body: { hypervisors: listed(ctx, req).map((n) => view(ctx, req, n, false)) } };
};

export const listHypervisorsDetail: Handler = (ctx, req) => {
  requireAdmin(req, 'os-hypervisors:list-detail');
  return { status: 200, body: { hypervisors: listed(ctx, req).map((n) => view(ctx, req, n, true)) } };
};

export const showHypervisor: Handler = (ctx, req) => {
  requireAdmin(req, 'os-hypervisors:show');
  const id = req.params.hypervisor_id;
  const node = nodes(ctx).find((n) => (atLeast(req, '2.53') ? n.uuid === id : String(n.id) === id));
  if (!node) throw apiError(404, `Hypervisor with ID '${id}' could not be found.`);
  return { status: 200, body: { hypervisor: view(ctx, req, node, true) } };
};

/** GET /os-hypervisors/statistics (before 2.88): the sums over every node. */
export const hypervisorStatistics: Handler = (ctx, req) => {
  requireAdmin(req, 'os-hypervisors:statistics');
  if (atLeast(req, '2.88')) throw apiError(404, 'The resource could not be found.');
  const all = nodes(ctx).map((n) => ({ n, u: nodeUsage(ctx, n) }));
  const sum = (f: (x: { n: Row; u: ReturnType<typeof nodeUsage> }) => number) => all.reduce((s, x) => s + f(x), 0);
  return {
    status: 200,
    body: {
      hypervisor_statistics: {
        count: all.length, vcpus: sum((x) => x.n.vcpus), memory_mb: sum((x) => x.n.memory_mb), local_gb: sum((x) => x.n.local_gb),
        vcpus_used: sum((x) => x.u.vcpus), memory_mb_used: sum((x) => x.u.ram), local_gb_used: sum((x) => x.u.disk),
        free_ram_mb: sum((x) => x.n.memory_mb - x.u.ram), free_disk_gb: sum((x) => x.n.local_gb - x.u.disk),
        current_workload: sum((x) => x.u.busy), running_vms: sum((x) => x.u.insts.length), disk_available_least: sum((x) => x.n.local_gb - x.u.disk),
      },
    },
  };
};

/** GET /os-availability-zone: the zone `nova` while any compute is up (members see only zone names). */
export const listAvailabilityZones: Handler = (ctx) => {
  const computes = ctx.db.all(CELL.services).filter((s) => s.binary === 'nova-compute' && !s.deleted && !s.disabled);
  return { status: 200, body: { availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: computes.some((s) => serviceIsUp(ctx, s)) }, hosts: null }] } };
};

/** GET /os-availability-zone/detail (admin): zones with their hosts and services. */
export const listAvailabilityZonesDetail: Handler = (ctx, req) => {
  requireAdmin(req, 'os-availability-zone:detail');
  const all = ctx.db.all(CELL.services).filter((s) => !s.deleted);
  const zone = (name: string, svcs: Row[]) => ({
    zoneName: name,
    zoneState: { available: svcs.some((s) => serviceIsUp(ctx, s)) },
    hosts: Object.fromEntries([...new Set(svcs.map((s) => s.host))].map((h) => [h, Object.fromEntries(svcs.filter((s) => s.host === h).map((s) => [s.binary, { available: serviceIsUp(ctx, s), active: !s.disabled, updated_at: serviceUpdatedAt(ctx, s) }]))])),
  });
  return {
    status: 200,
    body: { availabilityZoneInfo: [zone('internal', all.filter((s) => s.binary !== 'nova-compute')), zone('nova', all.filter((s) => s.binary === 'nova-compute' && !s.disabled))] },
  };
};
