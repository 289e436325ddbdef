/** `openstack hypervisor list/show` (python-openstackclient 6.0.0 compute/v2/hypervisor.py, via novaclient at 2.1). */
import { CommandError } from '../errors.ts';
import { dictColumn } from '../format/columns.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { flag, listOf, opt, pos, showSorted } from './helpers.ts';

/** osc-lib find_resource over novaclient's hypervisors: GET by id (any error ignored), then the detailed list matched on hostname. */
async function findHypervisor(ctx: RunCtx, arg: string): Promise<any> {
  const byId = await ctx.client.call('compute', 'GET', `/os-hypervisors/${encodeURIComponent(arg)}`, { lib: 'nova', ok: () => true });
  if (byId.status === 200 && byId.body?.hypervisor) return byId.body.hypervisor;
  const r = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', '/os-hypervisors/detail', { lib: 'nova' }));
  const found: any[] = (r.body?.hypervisors ?? []).filter((h: any) => h.hypervisor_hostname === arg || String(h.id) === arg);
  if (found.length > 1) throw new CommandError(`More than one hypervisor exists with the name '${arg}'.`);
  if (!found.length) throw new CommandError(`No hypervisor with a name or ID of '${arg}' exists.`);
  return found[0];
}

export const hypervisorCommands: CommandSpec[] = [
  {
    words: ['hypervisor', 'list'],
    help: 'List hypervisors',
    kind: 'list',
    params: [
      opt('--matching', '<hostname>', 'Filter hypervisors using <hostname> substring Hypervisor Type and Host IP are not returned when using microversion 2.52 or lower'),
      opt('--marker', '<marker>', "The UUID of the last hypervisor of the previous page; displays list of hypervisors after 'marker'. (supported with --os-compute-api-version 2.33 or above)"),
      opt('--limit', '<limit>', "Maximum number of hypervisors to display. Note that there is a configurable max limit on the server, and the limit that is used will be the minimum of what is requested here and what is configured in the server. (supported with --os-compute-api-version 2.33 or above)", { type: 'int' }),
      flag('--long', 'List additional fields in output'),
    ],
    async run(ctx, a) {
      if (a.matching && (a.marker || a.limit)) throw new CommandError('--matching is not compatible with --marker or --limit');
      if (a.marker) throw new CommandError('--os-compute-api-version 2.33 or greater is required to support the --marker option');
      if (a.limit) throw new CommandError('--os-compute-api-version 2.33 or greater is required to support the --limit option');
      const headers = ['ID', 'Hypervisor Hostname', 'Hypervisor Type', 'Host IP', 'State'];
      if (a.long) headers.push('vCPUs Used', 'vCPUs', 'Memory MB Used', 'Memory MB');
      const path = a.matching ? `/os-hypervisors/${encodeURIComponent(a.matching)}/search` : '/os-hypervisors/detail';
      const r = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', path, { lib: 'nova' }));
      const keys = headers.map((h) => h.toLowerCase().replace(/ /g, '_'));
      return listOf(headers, (r.body.hypervisors ?? []).map((h: any) => keys.map((k) => h[k] ?? '')));
    },
  },
  {
    words: ['hypervisor', 'show'],
    help: 'Display hypervisor details',
    kind: 'show',
    params: [pos('hypervisor', '<hypervisor>', 'Hypervisor to display (name or ID)')],
    async run(ctx, a) {
      const h = { ...(await findHypervisor(ctx, a.hypervisor)) };
      const aggs = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', '/os-aggregates', { lib: 'nova' }));
      const host: string = h.service?.host ?? '';
      h.aggregates = (aggs.body?.aggregates ?? []).filter((g: any) => (g.hosts ?? []).includes(host)).map((g: any) => g.name);
      const up = await ctx.client.call('compute', 'GET', `/os-hypervisors/${h.id}/uptime`, { lib: 'nova', ok: () => true });
      const m = /\s*(.+)\sup\s+(.+),\s+(.+)\susers?,\s+load average:\s(.+)/.exec(up.body?.hypervisor?.uptime ?? '');
      if (up.status === 200 && m) Object.assign(h, { host_time: m[1], uptime: m[2], users: m[3], load_average: m[4] });
      h.service_id = h.service?.id ?? null;
      h.service_host = h.service?.host ?? null;
      delete h.service;
      let cpu = h.cpu_info;
      if (typeof cpu === 'string') cpu = cpu ? JSON.parse(cpu) : {};
      h.cpu_info = dictColumn(cpu ?? {});
      return showSorted(h);
    },
  },
];
