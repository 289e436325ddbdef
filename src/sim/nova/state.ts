/** Nova's tables: the API database (`nova_api`), cell1 (`nova`), cell0 (`nova_cell0`), and lookups over them. */
import { apiError } from '../core/errors.ts';
import type { Ctx, HandlerRequest } from '../core/types.ts';

/** Tables of the API database. */
export const API = {
  cellMappings: 'nova_api.cell_mappings',
  hostMappings: 'nova_api.host_mappings',
  instanceMappings: 'nova_api.instance_mappings',
  buildRequests: 'nova_api.build_requests',
  requestSpecs: 'nova_api.request_specs',
  flavors: 'nova_api.flavors',
  flavorProjects: 'nova_api.flavor_projects',
  keyPairs: 'nova_api.key_pairs',
  quotas: 'nova_api.quotas',
  quotaClasses: 'nova_api.quota_classes',
} as const;

/** The cell databases of the install guide. */
export type CellSchema = 'nova' | 'nova_cell0';
/** cell1's database, where instances that found a host live (and services, compute nodes). */
export const CELL1: CellSchema = 'nova';
/** cell0's database, where instances that never found a host are buried. */
export const CELL0: CellSchema = 'nova_cell0';
/** cell0's fixed uuid, as `nova-manage cell_v2 map_cell0` writes it. */
export const CELL0_UUID = '00000000-0000-0000-0000-000000000000';

/** Tables that exist once per cell. */
export function cellTable(schema: CellSchema, name: 'instances' | 'instance_faults' | 'instance_info_caches' | 'block_device_mapping' | 'instance_actions' | 'console_auth_tokens'): string {
  return `${schema}.${name}`;
}

/** Per-cell tables that only cell1 has rows in (services report there). */
export const CELL = {
  services: 'nova.services',
  computeNodes: 'nova.compute_nodes',
} as const;

/** The hypervisor's own state on each compute node (libvirt's domains, the `_base` image cache). */
export const HV = {
  domains: 'hypervisor.domains',
  imageCache: 'hypervisor.image_cache',
} as const;

/** nova-compute's in-memory state: the external events each instance waits for. */
export const COMPUTE_EVENTS = 'nova_compute.instance_events';

/** The flavor as an instance keeps a copy of it. */
export interface FlavorSnapshot {
  flavorid: string;
  name: string;
  memory_mb: number;
  vcpus: number;
  root_gb: number;
  ephemeral_gb: number;
  swap: number;
  extra_specs: Record<string, string>;
}

/** One row of `<cell>.instances` (a BuildRequest holds the same shape before it has a cell). */
export interface Instance {
  id: number;
  uuid: string;
  display_name: string;
  display_description: string | null;
  project_id: string;
  user_id: string;
  hostname: string;
  host: string | null;
  node: string | null;
  vm_state: string;
  task_state: string | null;
  power_state: number;
  flavor: FlavorSnapshot;
  image_ref: string;
  key_name: string | null;
  key_data: string | null;
  availability_zone: string | null;
  launch_index: number;
  reservation_id: string;
  config_drive: string;
  access_ip_v4: string | null;
  access_ip_v6: string | null;
  metadata: Record<string, string>;
  security_groups: string[];
  locked_by: string | null;
  locked_reason: string | null;
  tags: string[];
  user_data: string | null;
  root_device_name: string | null;
  created_at: string;
  updated_at: string | null;
  launched_at: string | null;
  terminated_at: string | null;
  deleted: number;
  deleted_at: string | null;
}

/** Where a server lives: still a BuildRequest (schema null) or an instance row in a cell. */
export interface ServerRef {
  inst: Instance;
  schema: CellSchema | null;
}

/** The cell schema a cell mapping points at (from its database_connection, as Nova reads it). */
export function schemaOfCell(ctx: Ctx, cellUuid: string | null): CellSchema | null {
  if (!cellUuid) return null;
  const cell = ctx.db.get(API.cellMappings, cellUuid);
  if (!cell) return null;
  return String(cell.database_connection).split('/').pop() as CellSchema;
}

/** The server `id` as the caller may see it; 404 when missing, deleted or another project's (unless admin). */
export function findServer(ctx: Ctx, req: HandlerRequest, id: string): ServerRef {
  const notFound = () => apiError(404, `Instance ${id} could not be found.`);
  const mapping = ctx.db.get(API.instanceMappings, id);
  if (!mapping) throw notFound();
  if (!req.auth.is_admin && mapping.project_id !== req.auth.project_id) throw notFound();
  const schema = schemaOfCell(ctx, mapping.cell_id);
  if (!schema) {
    const br = ctx.db.get(API.buildRequests, id);
    if (!br) throw notFound();
    return { inst: br.instance as Instance, schema: null };
  }
  const inst = ctx.db.get<Instance>(cellTable(schema, 'instances'), id);
  if (!inst || inst.deleted) throw notFound();
  return { inst, schema };
}

/** Every server of the cloud that is not deleted: BuildRequests and instances of both cells. */
export function allServers(ctx: Ctx, withDeleted = false): ServerRef[] {
  const out: ServerRef[] = ctx.db.all(API.buildRequests).map((br) => ({ inst: br.instance as Instance, schema: null }));
  for (const schema of [CELL0, CELL1]) {
    for (const inst of ctx.db.all<Instance>(cellTable(schema, 'instances'))) {
      if (!inst.deleted || withDeleted) out.push({ inst, schema });
    }
  }
  return out;
}

/** The next autoincrement id of `table` (rows are soft-deleted, so ids are never reused). */
export function nextId(ctx: Ctx, table: string): number {
  return ctx.db.all(table).reduce((m, r) => Math.max(m, Number(r.id) || 0), 0) + 1;
}

/** The libvirt domain name of an instance: `instance-%08x` of its id. */
export function instanceName(inst: Pick<Instance, 'id'>): string {
  return `instance-${inst.id.toString(16).padStart(8, '0')}`;
}

/** Nova's timestamp format for created/updated: seconds, with Z. */
export function isoZ(ts: string | null | undefined): string | null {
  return ts ? ts.replace(/\.\d+Z$/, 'Z') : null;
}

/** Nova's format for launched_at/terminated_at: microseconds, no zone. */
export function isoMicro(ts: string | null | undefined): string | null {
  return ts ? ts.replace(/Z$/, '') : null;
}

/** Updates an instance row in its cell, stamping updated_at. */
export function saveInstance(ctx: Ctx, schema: CellSchema, uuid: string, patch: Partial<Instance>): Instance {
  return ctx.db.update<Instance>(cellTable(schema, 'instances'), uuid, { ...patch, updated_at: ctx.iso() });
}

/** Records an instance fault (what the API shows under `fault`). */
export function addFault(ctx: Ctx, schema: CellSchema, uuid: string, code: number, message: string, details: string, host: string | null): void {
  const table = cellTable(schema, 'instance_faults');
  const id = nextId(ctx, table);
  ctx.db.insert(table, String(id), { id, instance_uuid: uuid, code, message, details, host, created_at: ctx.iso() });
}

/** The newest fault of an instance, if any. */
export function latestFault(ctx: Ctx, schema: CellSchema, uuid: string): any {
  const faults = ctx.db.where(cellTable(schema, 'instance_faults'), (f) => f.instance_uuid === uuid);
  return faults[faults.length - 1];
}
