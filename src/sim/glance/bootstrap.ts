/** The install guide's Glance setup: `glance-manage db_sync`, then the CirrOS image uploaded as admin. */
import type { Ctx } from '../core/types.ts';
import { storeData } from './image-data.ts';
import { FILES, IMAGES, LOCATIONS, MEMBERS, PROPERTIES, STAGING, TAGS, type ImageRow } from './state.ts';

/** The CirrOS 0.4.0 image the guide downloads: its real size and digests. */
export const CIRROS = {
  file: 'cirros-0.4.0-x86_64-disk.img',
  size: 12716032,
  virtual_size: 46137344,
  checksum: '443b7623e27ecf03dc9e01ee93f67afe',
  os_hash_value: '6513f21e44aa3da349f248188a44bc304a3653a04122d8fb4535423c8e1d14cd6a153f735bb0982e2161b5b5186106570c17a9e58b64dd39390617cd5a350f78',
};

/** Creates Glance's tables and the public `cirros` image, owned by the admin project. */
export function bootstrap(ctx: Ctx): void {
  for (const t of [IMAGES, PROPERTIES, TAGS, MEMBERS, LOCATIONS, FILES, STAGING]) ctx.db.table(t);
  // The guide runs `glance image-create` with admin-openrc, so the image belongs to the admin project.
  const admin = ctx.db.all('keystone.project').find((p) => p.name === 'admin' && !p.is_domain);
  const now = ctx.iso();
  const img: ImageRow = {
    id: ctx.ids.uuid(),
    name: 'cirros',
    status: 'active',
    visibility: 'public',
    protected: false,
    os_hidden: false,
    disk_format: 'qcow2',
    container_format: 'bare',
    size: CIRROS.size,
    virtual_size: CIRROS.virtual_size,
    checksum: CIRROS.checksum,
    os_hash_algo: 'sha512',
    os_hash_value: CIRROS.os_hash_value,
    min_disk: 0,
    min_ram: 0,
    owner: admin?.id ?? null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    deleted: false,
  };
  ctx.db.insert(IMAGES, img.id, img);
  storeData(ctx, img, '', CIRROS.file);
}
