/** The install guide's Nova setup: `nova-manage api_db sync`, `cell_v2 map_cell0`, `cell_v2 create_cell --name=cell1`. */
import type { Ctx } from '../core/types.ts';
import { API, CELL0_UUID } from './state.ts';

/** The default quota class the API database migration creates (nova.conf `[quota]` defaults). */
export const DEFAULT_QUOTAS: Record<string, number> = {
  instances: 10,
  cores: 20,
  ram: 51200,
  metadata_items: 128,
  injected_files: 5,
  injected_file_content_bytes: 10240,
  injected_file_path_bytes: 255,
  key_pairs: 100,
  server_groups: 10,
  server_group_members: 10,
};

/** Fills Nova's API database: the two cell mappings and the default quotas. No flavors: the guide creates m1.nano itself. */
export function bootstrap(ctx: Ctx): void {
  const now = ctx.iso();
  ctx.db.insert(API.cellMappings, CELL0_UUID, {
    id: 1,
    uuid: CELL0_UUID,
    name: 'cell0',
    transport_url: 'none:///',
    database_connection: 'mysql+pymysql://nova:NOVA_DBPASS@controller/nova_cell0',
    disabled: false,
    created_at: now,
  });
  const cell1 = ctx.ids.uuid();
  ctx.db.insert(API.cellMappings, cell1, {
    id: 2,
    uuid: cell1,
    name: 'cell1',
    transport_url: 'rabbit://openstack:RABBIT_PASS@controller:5672/',
    database_connection: 'mysql+pymysql://nova:NOVA_DBPASS@controller/nova',
    disabled: false,
    created_at: now,
  });
  let id = 0;
  for (const [resource, hard_limit] of Object.entries(DEFAULT_QUOTAS)) {
    id += 1;
    ctx.db.insert(API.quotaClasses, `default:${resource}`, { id, class_name: 'default', resource, hard_limit, created_at: now });
  }
}

/** The uuid of the cell named `name` (cell1 in the install guide). */
export function cellUuid(ctx: Ctx, name: string): string {
  const cell = ctx.db.all(API.cellMappings).find((c) => c.name === name);
  if (!cell) throw new Error(`no cell mapping named ${name}: run the nova bootstrap first`);
  return cell.uuid;
}
