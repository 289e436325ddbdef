/** The agents table (`neutron.agents`): registration by report_state, liveness, and the agents API. */
import type { Ctx, Handler } from '../core/types.ts';
import { AGENT_DOWN_MS, agentTime, listQuery, project, REPORT_INTERVAL_MS, toBool, resourceBody } from './common.ts';
import { agentNotFound, policyDenied } from './messages.ts';
import { visibleNetwork } from './networks.ts';

/** What an agent reports about itself when it starts. */
export interface AgentReport {
  agent_type: string;
  binary: string;
  topic: string;
  availability_zone: string | null;
  configurations: Record<string, unknown>;
}

/** report_state on start: inserts the agent's row, or refreshes it when the agent comes back; returns it. */
export function registerAgent(ctx: Ctx, r: AgentReport): Record<string, any> {
  const now = agentTime(ctx.now());
  const old = ctx.db.where('neutron.agents', (a) => a.agent_type === r.agent_type && a.host === ctx.host)[0];
  if (old) return ctx.db.update('neutron.agents', old.id, { ...r, started_at: now, started_ms: ctx.now() });
  const id = ctx.ids.uuid();
  return ctx.db.insert('neutron.agents', id, {
    id,
    ...r,
    host: ctx.host,
    admin_state_up: true,
    description: null,
    created_at: now,
    started_at: now,
    started_ms: ctx.now(),
    resources_synced: null,
  });
}

/** The time of the agent's last report_state: every REPORT_INTERVAL while its process runs. */
function lastHeartbeat(ctx: Ctx, a: Record<string, any>): number {
  const comp = ctx.components().find((c) => c.binary === a.binary && c.host === a.host);
  const until = comp?.up ? ctx.now() : comp ? comp.since : a.started_ms;
  return a.started_ms + Math.floor(Math.max(0, until - a.started_ms) / REPORT_INTERVAL_MS) * REPORT_INTERVAL_MS;
}

/** utils.is_agent_down: no heartbeat within agent_down_time means dead. */
export function isAgentAlive(ctx: Ctx, a: Record<string, any>): boolean {
  return ctx.now() - lastHeartbeat(ctx, a) < AGENT_DOWN_MS;
}

/** The live L2 agent on `host` (Open vSwitch or Linux bridge), if any. */
export function liveL2Agent(ctx: Ctx, host: string): Record<string, any> | undefined {
  return ctx.db
    .where('neutron.agents', (a) => a.host === host && ['Open vSwitch agent', 'Linux bridge agent'].includes(a.agent_type))
    .find((a) => a.admin_state_up && isAgentAlive(ctx, a));
}

/** The agent as GET /v2.0/agents shows it. */
export function agentView(ctx: Ctx, a: Record<string, any>): Record<string, unknown> {
  // Counters the agents put in their reports, computed from what they serve now.
  let configurations = a.configurations;
  if (a.agent_type === 'DHCP agent') {
    const nets = ctx.db.where('neutron.networkdhcpagentbindings', (b) => b.dhcp_agent_id === a.id).map((b) => b.network_id);
    const subnets = ctx.db.where('neutron.subnets', (s) => nets.includes(s.network_id) && s.enable_dhcp).length;
    const ports = ctx.db.where('neutron.ports', (p) => nets.includes(p.network_id)).length;
    configurations = { ...configurations, networks: nets.length, subnets, ports };
  } else if (['Open vSwitch agent', 'Linux bridge agent'].includes(a.agent_type)) {
    const devices = ctx.db.where('neutron.host_interfaces', (i) => i.host === a.host && !!i.port_id && i.bridge !== null).length;
    configurations = { ...configurations, devices };
  }
  return {
    id: a.id,
    agent_type: a.agent_type,
    binary: a.binary,
    topic: a.topic,
    host: a.host,
    admin_state_up: a.admin_state_up,
    created_at: a.created_at,
    started_at: a.started_at,
    heartbeat_timestamp: agentTime(lastHeartbeat(ctx, a)),
    description: a.description,
    resources_synced: a.resources_synced,
    availability_zone: a.availability_zone,
    alive: isAgentAlive(ctx, a),
    configurations,
    resource_versions: {},
    ha_chassis_priority: null,
  };
}

// Policy get_agent is admin only; a list filters out what the caller may not see, a show answers 404.
function findAgent(ctx: Ctx, id: string, admin: boolean): Record<string, any> {
  const a = ctx.db.get('neutron.agents', id);
  if (!a || !admin) throw agentNotFound(id);
  return a;
}

export const listAgents: Handler = (ctx, req) => {
  const rows = req.auth.is_admin ? ctx.db.all('neutron.agents').map((a) => agentView(ctx, a)) : [];
  return { status: 200, body: { agents: listQuery(req, rows) } };
};

export const showAgent: Handler = (ctx, req) => ({
  status: 200,
  body: { agent: project(req, agentView(ctx, findAgent(ctx, req.params.agent_id, req.auth.is_admin))) },
});

export const updateAgent: Handler = (ctx, req) => {
  const a = findAgent(ctx, req.params.agent_id, req.auth.is_admin);
  const b = resourceBody(req, 'agent', ['admin_state_up', 'description']);
  const patch: Record<string, unknown> = {};
  if ('admin_state_up' in b) patch.admin_state_up = toBool('admin_state_up', b.admin_state_up);
  if ('description' in b) patch.description = b.description;
  const row = ctx.db.update('neutron.agents', a.id, patch);
  return { status: 200, body: { agent: agentView(ctx, row) } };
};

export const deleteAgent: Handler = (ctx, req) => {
  const a = findAgent(ctx, req.params.agent_id, req.auth.is_admin);
  ctx.db.remove('neutron.agents', a.id);
  for (const b of ctx.db.where('neutron.networkdhcpagentbindings', (x) => x.dhcp_agent_id === a.id)) {
    ctx.db.remove('neutron.networkdhcpagentbindings', b.id);
  }
  return { status: 204 };
};

/** GET /v2.0/networks/{network_id}/dhcp-agents (admin) */
export const listDhcpAgentsHostingNetwork: Handler = (ctx, req) => {
  const net = visibleNetwork(ctx, req, req.params.network_id);
  if (!req.auth.is_admin) throw policyDenied('get_dhcp-agents');
  const ids = ctx.db.where('neutron.networkdhcpagentbindings', (b) => b.network_id === net.id).map((b) => b.dhcp_agent_id);
  const rows = ids.map((id) => ctx.db.get('neutron.agents', id)).filter(Boolean).map((a) => agentView(ctx, a!));
  return { status: 200, body: { agents: listQuery(req, rows) } };
};

/** GET /v2.0/availability_zones: the zones the agents report (DHCP agents put networks in `nova`). */
export const listAvailabilityZones: Handler = (ctx, req) => {
  const zones = [...new Set(ctx.db.where('neutron.agents', (a) => a.agent_type === 'DHCP agent' && a.availability_zone).map((a) => a.availability_zone))];
  const rows = zones.map((name) => ({
    name,
    resource: 'network',
    state: ctx.db.where('neutron.agents', (a) => a.availability_zone === name).some((a) => a.admin_state_up && isAgentAlive(ctx, a)) ? 'available' : 'unavailable',
  }));
  return { status: 200, body: { availability_zones: listQuery(req, rows) } };
};
