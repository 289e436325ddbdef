/** neutron-server's side of DHCP: the DHCP agent scheduler and DhcpAgentNotifyAPI (casts to `dhcp_agent.<host>`). */
import type { Ctx } from '../core/types.ts';
import { isAgentAlive } from './agents.ts';
import { DHCP_AGENTS_PER_NETWORK } from './common.ts';

/** True when some subnet of the network has DHCP on. */
export function hasDhcpSubnet(ctx: Ctx, networkId: string): boolean {
  return ctx.db.where('neutron.subnets', (s) => s.network_id === networkId && s.enable_dhcp).length > 0;
}

/** The DHCP agents hosting the network. */
export function dhcpAgentsOf(ctx: Ctx, networkId: string): Record<string, any>[] {
  return ctx.db
    .where('neutron.networkdhcpagentbindings', (b) => b.network_id === networkId)
    .map((b) => ctx.db.get('neutron.agents', b.dhcp_agent_id))
    .filter((a): a is Record<string, any> => !!a);
}

/** ChanceScheduler: binds the network to live DHCP agents until it has dhcp_agents_per_network; returns the new ones. */
export function scheduleNetwork(ctx: Ctx, networkId: string): Record<string, any>[] {
  const have = dhcpAgentsOf(ctx, networkId);
  const free = ctx.db
    .where('neutron.agents', (a) => a.agent_type === 'DHCP agent' && a.admin_state_up && !have.some((h) => h.id === a.id))
    .filter((a) => isAgentAlive(ctx, a))
    .slice(0, Math.max(0, DHCP_AGENTS_PER_NETWORK - have.length));
  for (const a of free) {
    const id = `${networkId}:${a.id}`;
    ctx.db.insert('neutron.networkdhcpagentbindings', id, { id, network_id: networkId, dhcp_agent_id: a.id });
  }
  return free;
}

/** Casts `method` to every DHCP agent hosting the network (nothing when none does). */
export function notifyDhcpAgents(ctx: Ctx, networkId: string, method: string, payload: unknown): void {
  for (const a of dhcpAgentsOf(ctx, networkId)) ctx.cast(`dhcp_agent.${a.host}`, method, payload);
}

/** A port change the DHCP agents must know about (only for networks with a DHCP subnet); carries the port's addresses. */
export function notifyPortChange(ctx: Ctx, port: Record<string, any>, method: 'port_create_end' | 'port_update_end' | 'port_delete_end'): void {
  if (!hasDhcpSubnet(ctx, port.network_id)) return;
  const fixedIps = ctx.db.where('neutron.ipallocations', (a) => a.port_id === port.id).map((a) => ({ subnet_id: a.subnet_id, ip_address: a.ip_address }));
  const payload = method === 'port_delete_end'
    ? { port_id: port.id, network_id: port.network_id }
    : { port: { id: port.id, network_id: port.network_id, mac_address: port.mac_address, device_owner: port.device_owner, fixed_ips: fixedIps } };
  notifyDhcpAgents(ctx, port.network_id, method, payload);
}
