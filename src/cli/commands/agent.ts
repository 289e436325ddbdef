/** `openstack network agent list` (python-openstackclient 6.0.0 network/v2/network_agent.py, via openstacksdk). */
import { Formattable } from '../format/columns.ts';
import { sdkFind } from '../lookup.ts';
import type { CommandSpec } from '../types.ts';
import { flag, listOf, opt } from './helpers.ts';
import { adminState } from './network.ts';
import { NETWORK, query, sdkErrors } from './network-common.ts';

/** `--agent-type` choices and the agent_type each one filters on. */
const TYPES: Record<string, string> = {
  bgp: 'BGP dynamic routing agent', dhcp: 'DHCP agent', 'open-vswitch': 'Open vSwitch agent', 'linux-bridge': 'Linux bridge agent',
  ofa: 'OFA driver agent', l3: 'L3 agent', loadbalancer: 'Loadbalancer agent', metering: 'Metering agent', metadata: 'Metadata agent',
  macvtap: 'Macvtap agent', nic: 'NIC Switch agent',
};

/** AliveColumn: `:-)` for a live agent, `XXX` for a dead one; the boolean in json. */
function alive(v: unknown): Formattable {
  return new Formattable(v ? ':-)' : 'XXX', v ?? null);
}

export const agentCommands: CommandSpec[] = [
  {
    words: ['network', 'agent', 'list'],
    help: 'List network agents',
    kind: 'list',
    params: [
      opt('--agent-type', '<agent-type>', 'List only agents with the specified agent type. The supported agent types are: bgp, dhcp, open-vswitch, linux-bridge, ofa, l3, loadbalancer, metering, metadata, macvtap, nic.', { choices: Object.keys(TYPES) }),
      opt('--host', '<host>', 'List only agents running on the specified host'),
      opt('--network', '<network>', 'List agents hosting a network (name or ID)', { exclusive: 'hosting' }),
      opt('--router', '<router>', 'List agents hosting this router (name or ID)', { exclusive: 'hosting' }),
      flag('--long', 'List additional fields in output'),
    ],
    async run(ctx, a) {
      const headers = ['ID', 'Agent Type', 'Host', 'Availability Zone', 'Alive', 'State', 'Binary'];
      return sdkErrors(async () => {
        let path: string;
        let ha = false;
        if (a.network != null) {
          path = `/v2.0/networks/${(await sdkFind(ctx.client, NETWORK, a.network)).id}/dhcp-agents`;
        } else if (a.router != null) {
          const router = await sdkFind(ctx.client, { type: 'network', path: '/v2.0/routers', one: 'router', many: 'routers', className: 'Router' }, a.router);
          path = `/v2.0/routers/${router.id}/l3-agents`;
          ha = a.long;
        } else {
          path = `/v2.0/agents${query([['agent_type', a.agent_type ? TYPES[a.agent_type] : undefined], ['host', a.host]])}`;
        }
        if (ha) headers.push('HA State');
        const r = await ctx.client.call('network', 'GET', path, { lib: 'sdk' });
        return listOf(headers, (r.body.agents ?? []).map((g: any) => {
          const row = [g.id, g.agent_type, g.host, g.availability_zone ?? null, alive(g.alive), adminState(g.admin_state_up), g.binary];
          if (ha) row.push(g.ha_state ?? null);
          return row;
        }));
      });
    },
  },
];
