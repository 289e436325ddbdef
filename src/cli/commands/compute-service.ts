/** `openstack compute service list` (python-openstackclient 6.0.0 compute/v2/service.py, via openstacksdk at up to 2.69). */
import { compareVersions } from '../client.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec } from '../types.ts';
import { flag, listOf, opt } from './helpers.ts';
import { query } from './network-common.ts';

export const computeServiceCommands: CommandSpec[] = [
  {
    words: ['compute', 'service', 'list'],
    help: 'List compute services. Using ``--os-compute-api-version`` 2.53 or greater will return the ID as a UUID value which can be used to uniquely identify the service in a multi-cell deployment.',
    kind: 'list',
    params: [
      opt('--host', '<host>', 'List services on specified host (name only)'),
      opt('--service', '<service>', 'List only specified service binaries (name only). For example, ``nova-compute``, ``nova-conductor``, etc.'),
      flag('--long', 'List additional fields in output'),
    ],
    async run(ctx, a) {
      const headers = ['ID', 'Binary', 'Host', 'Zone', 'Status', 'State', 'Updated At'];
      const mv = await ctx.client.computeMicroversion('2.69');
      const forced = a.long && mv !== undefined && compareVersions(mv, '2.11') >= 0;
      if (a.long) headers.push('Disabled Reason');
      if (forced) headers.push('Forced Down');
      const q = query([['binary', a.service], ['host', a.host]]);
      const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'GET', `/os-services${q}`, { lib: 'sdk', cap: '2.69' }));
      return listOf(headers, (r.body.services ?? []).map((s: any) => {
        const row = [s.id, s.binary, s.host, s.zone ?? null, s.status, s.state, s.updated_at ?? null];
        if (a.long) row.push(s.disabled_reason ?? null);
        if (forced) row.push(s.forced_down ?? null);
        return row;
      }));
    },
  },
];
