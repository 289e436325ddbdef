/** `openstack limits show` (python-openstackclient 6.0.0 common/limits.py): Nova's then Cinder's limits, via novaclient and cinderclient. */
import { CommandError } from '../errors.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec } from '../types.ts';
import { flag, listOf, opt } from './helpers.ts';

export const limitsCommands: CommandSpec[] = [
  {
    words: ['limits', 'show'],
    help: 'Show compute and block storage limits',
    kind: 'list',
    requiredGroups: ['type'],
    params: [
      flag('--absolute', 'Show absolute limits', { dest: 'is_absolute', exclusive: 'type' }),
      flag('--rate', 'Show rate limits', { dest: 'is_rate', exclusive: 'type' }),
      flag('--reserved', 'Include reservations count [only valid with --absolute]', { dest: 'is_reserved' }),
      opt('--project', '<project>', 'Show limits for a specific project (name or ID) [only valid with --absolute]'),
      opt('--domain', '<domain>', 'Domain the project belongs to (name or ID) [only valid with --absolute]'),
    ],
    async run(ctx, a) {
      let tenant: string | undefined;
      if (a.project != null) {
        const byId = await ctx.client.call('identity', 'GET', `/projects/${encodeURIComponent(a.project)}`, { lib: 'keystone', ok: () => true });
        tenant = byId.status === 200 ? byId.body.project.id : undefined;
        if (!tenant) {
          const r = await wrapErrors('keystone', () => ctx.client.call('identity', 'GET', `/projects?name=${encodeURIComponent(a.project)}`, { lib: 'keystone' }));
          tenant = (r.body.projects ?? []).find((p: any) => p.name === a.project)?.id;
          if (!tenant) throw new CommandError(`No project with a name or ID of '${a.project}' exists.`);
        }
      }
      const q = [a.is_reserved ? 'reserved=1' : '', tenant ? `tenant_id=${tenant}` : ''].filter(Boolean).join('&');
      const compute = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', `/limits${q ? `?${q}` : ''}`, { lib: 'nova' }));
      // OSC asks Cinder only when the catalog lists `volumev3` or `volume` (is_volume_endpoint_enabled); `block-storage` alone does not count.
      const catalog: any[] = ctx.client.auth?.catalog ?? [];
      const volumeListed = catalog.some((s) => s.type === 'volumev3' || s.type === 'volume');
      const volume = volumeListed ? await wrapErrors('cinder', () => ctx.client.call('block-storage', 'GET', '/limits', { lib: 'cinder' })) : undefined;
      const parts = [compute.body?.limits, volume?.body?.limits].filter(Boolean);
      if (a.is_absolute) {
        return listOf(['Name', 'Value'], parts.flatMap((l: any) => Object.entries(l.absolute ?? {}).map(([k, v]) => [k, v])));
      }
      const rows: unknown[][] = [];
      for (const l of parts) {
        for (const group of l.rate ?? []) {
          for (const r of group.limit ?? []) rows.push([r.verb, group.uri, r.value, r.remaining, r.unit, r['next-available'] ?? null]);
        }
      }
      return listOf(['Verb', 'URI', 'Value', 'Remain', 'Unit', 'Next Available'], rows);
    },
  },
];
