/** `openstack quota show` (python-openstackclient 6.0.0 common/quota.py): Nova, Cinder and Neutron quotas merged into one Field/Value table. */
import { CommandError } from '../errors.ts';
import { Formattable } from '../format/columns.ts';
import { pyRepr } from '../format/python.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { flag, pos, showSorted } from './helpers.ts';

/** The names OSC prints for Nova's and Cinder's quota keys (COMPUTE_QUOTAS, NOVA_NETWORK_QUOTAS, VOLUME_QUOTAS). */
const RENAMES: [string, string][] = [
  ['fixed_ips', 'fixed-ips'], ['injected_file_content_bytes', 'injected-file-size'], ['injected_file_path_bytes', 'injected-path-size'],
  ['injected_files', 'injected-files'], ['key_pairs', 'key-pairs'], ['metadata_items', 'properties'], ['server_groups', 'server-groups'],
  ['server_group_members', 'server-group-members'], ['floating_ips', 'floating-ips'], ['security_group_rules', 'secgroup-rules'],
  ['security_groups', 'secgroups'], ['backup_gigabytes', 'backup-gigabytes'], ['per_volume_gigabytes', 'per-volume-gigabytes'],
];

/** The SDK's network Quota attributes → Neutron's keys (what `to_dict()` holds). */
const NETWORK_ATTRS: [string, string][] = [
  ['check_limit', 'check_limit'], ['floating_ips', 'floatingip'], ['health_monitors', 'healthmonitor'], ['listeners', 'listener'],
  ['load_balancers', 'loadbalancer'], ['l7_policies', 'l7policy'], ['networks', 'network'], ['pools', 'pool'], ['ports', 'port'],
  ['project_id', 'tenant_id'], ['rbac_policies', 'rbac_policy'], ['routers', 'router'], ['subnets', 'subnet'], ['subnet_pools', 'subnetpool'],
  ['security_group_rules', 'security_group_rule'], ['security_groups', 'security_group'],
];

/** keystoneclient's find: `GET /v3/projects/<x>`, then `?name=`; OSC's `No project with a name or ID of 'x' exists.` */
async function findProject(ctx: RunCtx, arg: string): Promise<{ id: string; name: string }> {
  const byId = await ctx.client.call('identity', 'GET', `/projects/${encodeURIComponent(arg)}`, { lib: 'keystone', ok: () => true });
  if (byId.status === 200 && byId.body?.project) return byId.body.project;
  const r = await wrapErrors('keystone', () => ctx.client.call('identity', 'GET', `/projects?name=${encodeURIComponent(arg)}`, { lib: 'keystone' }));
  const found = (r.body?.projects ?? []).filter((p: any) => p.name === arg);
  if (found.length !== 1) throw new CommandError(found.length ? `More than one project exists with the name '${arg}'.` : `No project with a name or ID of '${arg}' exists.`);
  return found[0];
}

/** The project the quotas are for: the argument, else the token's project. */
async function project(ctx: RunCtx, arg: string | null): Promise<{ id: string; name: string }> {
  if (arg != null) return findProject(ctx, arg);
  return { id: ctx.client.auth?.project?.id ?? null, name: ctx.client.auth?.project?.name ?? null };
}

/** openstacksdk's `location` of the connection, printed as its Munch repr. */
function location(ctx: RunCtx): Formattable {
  const c = ctx.client.creds;
  const proj = { id: ctx.client.auth?.project?.id ?? null, name: c.projectName ?? null, domain_id: null, domain_name: c.projectDomainName ?? null };
  const loc = { cloud: '', region_name: c.regionName ?? '', zone: null, project: proj };
  const munch = (o: Record<string, unknown>): string =>
    `Munch({${Object.entries(o).map(([k, v]) => `'${k}': ${v && typeof v === 'object' ? munch(v as Record<string, unknown>) : pyRepr(v)}`).join(', ')}})`;
  return new Formattable(munch(loc), loc);
}

export const quotaCommands: CommandSpec[] = [
  {
    words: ['quota', 'show'],
    help: 'Show quotas for project or class. Specify ``--os-compute-api-version 2.50`` or higher to see ``server-groups`` and ``server-group-members`` output for a given quota class.',
    kind: 'show',
    params: [
      pos('project', '<project/class>', 'Show quotas for this project or class (name or ID)', { nargs: '?' }),
      flag('--class', 'Show quotas for <class>', { dest: 'quota_class', exclusive: 'type' }),
      flag('--default', 'Show default quotas for <project>', { exclusive: 'type' }),
    ],
    async run(ctx, a) {
      const info: Record<string, unknown> = {};
      if (a.quota_class) {
        const c = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', `/os-quota-class-sets/${encodeURIComponent(a.project ?? 'default')}`, { lib: 'nova' }));
        Object.assign(info, c.body.quota_class_set);
        const v = await wrapErrors('cinder', () => ctx.client.call('block-storage', 'GET', `/os-quota-class-sets/${encodeURIComponent(a.project ?? 'default')}`, { lib: 'cinder' }));
        Object.assign(info, v.body.quota_class_set);
      } else {
        const compute = await project(ctx, a.project);
        const c = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', `/os-quota-sets/${compute.id}${a.default ? '/defaults' : ''}`, { lib: 'nova' }));
        Object.assign(info, c.body.quota_set);
        const volume = await project(ctx, a.project);
        const v = await wrapErrors('cinder', () => ctx.client.call('block-storage', 'GET', `/os-quota-sets/${volume.id}${a.default ? '/defaults' : '?usage=False'}`, { lib: 'cinder' }));
        Object.assign(info, v.body.quota_set);
        const network = await project(ctx, a.project);
        const n = await wrapErrors('sdk', () => ctx.client.call('network', 'GET', `/v2.0/quotas/${network.id}${a.default ? '/default' : ''}`, { lib: 'sdk' }));
        const q = n.body.quota ?? {};
        const sdk: Record<string, unknown> = { id: q.tenant_id ?? q.project_id ?? network.id, location: location(ctx) };
        for (const [attr, key] of NETWORK_ATTRS) sdk[attr] = key === 'tenant_id' ? q.tenant_id ?? q.project_id : q[key];
        for (const [k, v] of Object.entries(sdk)) if (v !== null && v !== undefined) info[k] = v;
      }
      for (const [from, to] of RENAMES) {
        if (info[from] !== null && info[from] !== undefined) {
          info[to] = info[from];
          delete info[from];
        }
      }
      if ('id' in info) {
        info.project = info.id;
        delete info.id;
        delete info.project_id;
        info.project_name = (await project(ctx, a.project)).name;
      }
      return showSorted(info);
    },
  },
];
