/** ML2 port binding: the openvswitch or linuxbridge mechanism driver binds a port when a live agent on the host can reach its segment. */
import type { Ctx } from '../core/types.ts';
import { liveL2Agent } from './agents.ts';
import { segmentOf } from './segments.ts';

/** vif_details the mechanism drivers hand to Nova (native OVS firewall, so no hybrid plug). */
const VIF_DETAILS: Record<string, { vif_type: string; vif_details: Record<string, unknown> }> = {
  'Open vSwitch agent': {
    vif_type: 'ovs',
    vif_details: { connectivity: 'l2', port_filter: true, ovs_hybrid_plug: false, datapath_type: 'system', bridge_name: 'br-int', bound_drivers: { '0': 'openvswitch' } },
  },
  'Linux bridge agent': {
    vif_type: 'bridge',
    vif_details: { connectivity: 'l2', port_filter: true, bound_drivers: { '0': 'linuxbridge' } },
  },
};

/** The binding row of a port (`neutron.ml2_port_bindings`). */
export function bindingOf(ctx: Ctx, portId: string): Record<string, any> {
  const b = ctx.db.get('neutron.ml2_port_bindings', portId);
  if (!b) throw new Error(`port ${portId} has no binding row: ports are created with one`);
  return b;
}

function agentReaches(agent: Record<string, any>, physnet: string | null): boolean {
  const c = agent.configurations ?? {};
  const mappings = agent.agent_type === 'Open vSwitch agent' ? c.bridge_mappings : c.interface_mappings;
  return !!physnet && !!mappings && physnet in mappings;
}

/**
 * Binds (or, with host '', unbinds) the port: `ovs`/`bridge` with vif_details when a live L2 agent on the host maps the
 * segment's physical network and the vNIC is `normal`; `binding_failed` otherwise. A newly bound port is announced to
 * that agent with `port_update`, which makes it look for the device.
 */
export function bindPort(ctx: Ctx, port: Record<string, any>, host: string, vnicType: string, profile: Record<string, unknown>): Record<string, any> {
  const old = ctx.db.get('neutron.ml2_port_bindings', port.id);
  let result = { host, vnic_type: vnicType, profile, vif_type: 'unbound', vif_details: {} as Record<string, unknown> };
  if (host) {
    const agent = liveL2Agent(ctx, host);
    const seg = segmentOf(ctx, port.network_id);
    const driver = agent && VIF_DETAILS[agent.agent_type];
    result = vnicType === 'normal' && agent && driver && agentReaches(agent, seg.physical_network)
      ? { ...result, ...driver }
      : { ...result, vif_type: 'binding_failed' };
  }
  const row = old
    ? ctx.db.update('neutron.ml2_port_bindings', port.id, result)
    : ctx.db.insert('neutron.ml2_port_bindings', port.id, { port_id: port.id, status: 'ACTIVE', ...result });
  if (host && row.vif_type !== 'binding_failed' && (!old || old.host !== host)) {
    const seg = segmentOf(ctx, port.network_id);
    ctx.cast(`q-agent-notifier.${host}`, 'port_update', {
      port_id: port.id,
      network_type: seg.network_type,
      physical_network: seg.physical_network,
      segmentation_id: seg.segmentation_id,
    });
  }
  return row;
}
