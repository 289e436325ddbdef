/** How OSC 6.0.0 prints a server: `_prep_server_detail`, the power state words, the Networks cell. */
import type { Client } from '../client.ts';
import { addressesColumn, dictColumn, Formattable, listColumn, listDictColumn } from '../format/columns.ts';
import { novaFind, wrapErrors } from '../lookup.ts';
import type { RunCtx } from '../types.ts';
import { imageClient } from './image.ts';

/** What OSC shows in place of an image for a server booted from a volume. */
export const IMAGE_STRING_FOR_BFV = 'N/A (booted from volume)';

const POWER_STATES: Record<number, string> = { 0: 'NOSTATE', 1: 'Running', 3: 'Paused', 4: 'Shutdown', 6: 'Crashed', 7: 'Suspended' };

/** OSC's PowerStateColumn: a word in tables, the integer in json. */
export function powerStateColumn(v: unknown): Formattable {
  return new Formattable(POWER_STATES[v as number] ?? 'N/A', v);
}

/** `_prep_server_detail`: names for image and flavor, formatted columns, `tenant_id` → `project_id`, no links. */
export async function prepServerDetail(client: Client, server: any, refresh: boolean): Promise<Record<string, unknown>> {
  const info: Record<string, any> = { ...server };
  if (refresh) Object.assign(info, await novaFind(client, 'server', server.id));
  const addresses = info.addresses;
  const image = info.image;
  if (image && typeof image === 'object' && Object.keys(image).length) {
    const id = image.id ?? '';
    try {
      await imageClient(client);
      const r = await client.call('image', 'GET', `/v2/images/${encodeURIComponent(id)}`, { lib: 'sdk', accept: '*/*' });
      info.image = `${r.body?.name} (${id})`;
    } catch {
      // OSC falls back to the bare ID on any failure.
      info.image = id;
    }
  } else info.image = IMAGE_STRING_FOR_BFV;
  const flavor = info.flavor ?? {};
  if ('id' in flavor) {
    const r = await client.call('compute', 'GET', `/flavors/${encodeURIComponent(flavor.id)}`, { lib: 'nova', ok: () => true });
    info.flavor = r.status < 400 && r.body?.flavor ? `${r.body.flavor.name} (${flavor.id})` : flavor.id;
  } else info.flavor = dictColumn(flavor);
  if ('os-extended-volumes:volumes_attached' in info) {
    info.volumes_attached = listDictColumn(info['os-extended-volumes:volumes_attached']);
    delete info['os-extended-volumes:volumes_attached'];
  }
  if ('security_groups' in info) info.security_groups = listDictColumn(info.security_groups);
  if ('tags' in info) info.tags = listColumn(info.tags);
  info.addresses = addressesColumn(addresses);
  info.properties = dictColumn(info.metadata);
  delete info.metadata;
  if ('tenant_id' in info) {
    info.project_id = info.tenant_id;
    delete info.tenant_id;
  }
  if ('OS-EXT-STS:power_state' in info) info['OS-EXT-STS:power_state'] = powerStateColumn(info['OS-EXT-STS:power_state']);
  delete info.links;
  return info;
}

/** novaclient's find for servers; `--all-projects` adds `all_tenants=True` to the name search. */
export async function findServer(ctx: RunCtx, arg: string, allProjects = false): Promise<any> {
  return novaFind(ctx.client, 'server', arg, allProjects ? { all_tenants: 'True' } : {});
}

/** Sends a server action as novaclient does (`POST /servers/{id}/action`, 2.1) and words errors its way. */
export async function serverAction(ctx: RunCtx, id: string, body: unknown): Promise<void> {
  await wrapErrors('nova', () => ctx.client.call('compute', 'POST', `/servers/${id}/action`, { lib: 'nova', body }));
}

/** osc-lib's wait_for_status: GET every 5 s until a success or error status; `\rProgress: N` when progress moves. */
export async function waitForStatus(ctx: RunCtx, id: string, success = ['active'], error = ['error']): Promise<boolean> {
  for (;;) {
    const r = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', `/servers/${id}`, { lib: 'nova' }));
    const status = String(r.body?.server?.status ?? '').toLowerCase();
    if (success.includes(status)) return true;
    if (error.includes(status)) return false;
    const progress = r.body?.server?.progress;
    if (progress) ctx.out(`\rProgress: ${progress}`);
    await ctx.sleep(5000);
  }
}

/** osc-lib's wait_for_delete: GET every 5 s until 404 (true) or status error (false). */
export async function waitForDelete(ctx: RunCtx, id: string): Promise<boolean> {
  for (;;) {
    const r = await ctx.client.call('compute', 'GET', `/servers/${id}`, { lib: 'nova', ok: () => true });
    if (r.status === 404) return true;
    const status = String(r.body?.server?.status ?? '').toLowerCase();
    if (status === 'error') return false;
    const progress = r.body?.server?.progress;
    if (progress) ctx.out(`\rProgress: ${progress}`);
    await ctx.sleep(5000);
  }
}
