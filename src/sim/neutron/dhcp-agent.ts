/**
 * neutron-dhcp-agent: one `qdhcp-<network>` namespace with a DHCP port and dnsmasq per network it serves.
 * `neutron.dhcp_servers` (one per network) and `neutron.dhcp_hosts` (dnsmasq's host file: MAC → IP, name) are the
 * agent's files and processes, not Neutron database tables.
 */
import type { Ctx, RpcHandler, TaskHandler } from '../core/types.ts';
import { registerAgent } from './agents.ts';
import { formatIp, parseCidr } from './ip.ts';
import { NAMESPACE_DNS, uuid5 } from './uuid5.ts';
import { devName, interfacesOn, putInterface, removeInterfaces } from './wiring.ts';

interface PortInfo {
  id: string;
  mac_address: string;
  device_owner?: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
}

/** common_utils.get_dhcp_agent_device_id: `dhcp<uuid5(DNS, host)>-<network id>`. */
function deviceId(host: string, networkId: string): string {
  return `dhcp${uuid5(NAMESPACE_DNS, host)}-${networkId}`;
}

/** neutron-dhcp-agent starts: reports itself, then serves the networks the server hands it (network_auto_schedule). */
export const startDhcpAgent: TaskHandler = (ctx) => {
  registerAgent(ctx, {
    agent_type: 'DHCP agent',
    binary: 'neutron-dhcp-agent',
    topic: 'dhcp_agent',
    availability_zone: 'nova',
    configurations: {
      dhcp_driver: 'neutron.agent.linux.dhcp.Dnsmasq', dhcp_lease_duration: 86400, log_agent_heartbeats: false,
      notifies_port_ready: true,
    },
  });
  const ids = ctx.call('q-plugin', 'get_active_networks_info', { host: ctx.host }) as string[];
  for (const id of ids) refresh(ctx, id);
};

/** The host-file entries dnsmasq gets for a port: its addresses on the served subnets. */
function writeHost(ctx: Ctx, networkId: string, port: PortInfo, subnetIds: string[]): void {
  const ips = port.fixed_ips.filter((f) => subnetIds.includes(f.subnet_id)).map((f) => f.ip_address);
  if (!ips.length) {
    ctx.db.remove('neutron.dhcp_hosts', port.id);
    return;
  }
  const hostname = `host-${ips[0].replace(/[.:]/g, '-')}`;
  const row = { port_id: port.id, network_id: networkId, host: ctx.host, mac_address: port.mac_address, ip_addresses: ips, hostname, fqdn: `${hostname}.openstacklocal.` };
  if (ctx.db.get('neutron.dhcp_hosts', port.id)) ctx.db.update('neutron.dhcp_hosts', port.id, row);
  else ctx.db.insert('neutron.dhcp_hosts', port.id, row);
}

/** Plugs the DHCP port into the namespace: an OVS internal port, or a veth pair whose tap end the Linux bridge agent enslaves. */
function plugDhcpPort(ctx: Ctx, port: PortInfo, networkId: string, ns: string): string {
  const tap = devName('tap', port.id);
  const base = { port_id: port.id, network_id: networkId, mac_address: port.mac_address };
  if (ctx.config.mechanism === 'linuxbridge') {
    const inside = devName('ns-', port.id);
    putInterface(ctx, ctx.host, inside, { ...base, type: 'veth', peer: tap, namespace: ns });
    putInterface(ctx, ctx.host, tap, { ...base, type: 'veth', peer: inside });
    ctx.act('agent', `ip link add ${tap} type veth peer name ${inside}; ip link set ${inside} netns ${ns}`);
    return inside;
  }
  putInterface(ctx, ctx.host, tap, { ...base, type: 'internal', bridge: 'br-int', namespace: ns });
  ctx.act('agent', `ovs-vsctl add-port br-int ${tap} -- set Interface ${tap} type=internal; ip link set ${tap} netns ${ns}`);
  return tap;
}

/** Stops serving the network: dnsmasq and the metadata proxy stop, the namespace and its devices go. */
function disable(ctx: Ctx, networkId: string, releasePort: boolean): void {
  const server = ctx.db.get('neutron.dhcp_servers', networkId);
  if (!server) return;
  removeInterfaces(ctx, interfacesOn(ctx, ctx.host, (i) => i.port_id === server.port_id && i.type !== 'tap'));
  for (const h of ctx.db.where('neutron.dhcp_hosts', (x) => x.network_id === networkId)) ctx.db.remove('neutron.dhcp_hosts', h.port_id);
  ctx.db.remove('neutron.dhcp_servers', networkId);
  ctx.act('agent', `kill dnsmasq and haproxy of ${networkId}; ip netns delete ${server.namespace}`);
  if (releasePort) ctx.call('q-plugin', 'release_dhcp_port', { network_id: networkId, device_id: deviceId(ctx.host, networkId) });
}

/**
 * Brings the agent in line with the network: enable (namespace, DHCP port, dnsmasq, metadata proxy) when it has a
 * DHCP subnet, give the DHCP port an address on each such subnet, reload hosts; disable when none is left.
 */
function refresh(ctx: Ctx, networkId: string): void {
  const info = ctx.call('q-plugin', 'get_network_info', { network_id: networkId }) as { subnets: any[]; ports: PortInfo[] } | null;
  const subnets = (info?.subnets ?? []).filter((s) => s.enable_dhcp);
  if (!subnets.length) return disable(ctx, networkId, !!info);
  const ns = `qdhcp-${networkId}`;
  let server = ctx.db.get('neutron.dhcp_servers', networkId);
  let port = info!.ports.find((p) => p.device_owner === 'network:dhcp' && p.id === server?.port_id);
  if (server && !port) {
    // Someone deleted the DHCP port: start over with a new one.
    disable(ctx, networkId, false);
    server = undefined;
  }
  if (!server) {
    ctx.act('agent', `ip netns add ${ns}`);
    port = ctx.call('q-plugin', 'create_dhcp_port', {
      host: ctx.host,
      port: { network_id: networkId, device_id: deviceId(ctx.host, networkId), fixed_ips: subnets.map((s) => ({ subnet_id: s.id })) },
    }) as PortInfo;
    const dev = plugDhcpPort(ctx, port, networkId, ns);
    server = ctx.db.insert('neutron.dhcp_servers', networkId, {
      network_id: networkId, host: ctx.host, namespace: ns, interface: dev, port_id: port.id, subnets: [], dnsmasq: 'running', metadata_proxy: 'running',
    });
  } else if (port && subnets.some((s) => !port!.fixed_ips.some((f) => f.subnet_id === s.id))) {
    const keep = port.fixed_ips.filter((f) => subnets.some((s) => s.id === f.subnet_id));
    const add = subnets.filter((s) => !keep.some((f) => f.subnet_id === s.id)).map((s) => ({ subnet_id: s.id }));
    port = ctx.call('q-plugin', 'update_dhcp_port', { port_id: port.id, port: { fixed_ips: [...keep, ...add] } }) as PortInfo;
  }
  const ids = subnets.map((s) => s.id);
  const addrs = port!.fixed_ips.filter((f) => ids.includes(f.subnet_id)).map((f) => {
    const c = parseCidr(subnets.find((s) => s.id === f.subnet_id).cidr)!;
    return `${f.ip_address}/${c.prefixlen}`;
  });
  ctx.db.update('neutron.dhcp_servers', networkId, { subnets: ids, ip_addresses: addrs });
  ctx.act('agent', `ip netns exec ${ns} ip addr add ${[...addrs, '169.254.169.254/32'].join(', ')} dev ${server.interface}`);
  for (const p of [...info!.ports.filter((x) => x.id !== port!.id), port!]) writeHost(ctx, networkId, p, ids);
  const ranges = subnets.map((s) => {
    const c = parseCidr(s.cidr)!;
    return `${formatIp(c.version, c.first)}/${c.prefixlen}`;
  });
  ctx.act('agent', `dnsmasq --interface=${server.interface} --dhcp-range=${ranges.join(',')} --dhcp-hostsfile=/var/lib/neutron/dhcp/${networkId}/host (and haproxy for 169.254.169.254)`);
}

function served(ctx: Ctx, networkId: string): boolean {
  return ctx.db.get('neutron.dhcp_servers', networkId)?.host === ctx.host;
}

const networkChanged: RpcHandler = (ctx, args: { network_id: string }) => refresh(ctx, args.network_id);

const portChanged: RpcHandler = (ctx, args: { port: PortInfo & { network_id: string } }) => {
  const server = ctx.db.get('neutron.dhcp_servers', args.port.network_id);
  if (!server || server.host !== ctx.host) return;
  writeHost(ctx, args.port.network_id, args.port, server.subnets);
  ctx.act('agent', `dnsmasq: reload host file (SIGHUP) for ${args.port.mac_address}`);
};

const portDeleted: RpcHandler = (ctx, args: { port_id: string; network_id: string }) => {
  if (!served(ctx, args.network_id) || !ctx.db.get('neutron.dhcp_hosts', args.port_id)) return;
  ctx.db.remove('neutron.dhcp_hosts', args.port_id);
  ctx.act('agent', 'dnsmasq: reload host file (SIGHUP)');
};

const networkDeleted: RpcHandler = (ctx, args: { network_id: string }) => disable(ctx, args.network_id, false);

/** RPC methods the DHCP agent consumes (topic kind `dhcp_agent`). */
export const dhcpAgentRpc: Record<string, RpcHandler> = {
  'dhcp_agent.network_create_end': networkChanged,
  'dhcp_agent.subnet_create_end': networkChanged,
  'dhcp_agent.subnet_update_end': networkChanged,
  'dhcp_agent.subnet_delete_end': networkChanged,
  'dhcp_agent.port_create_end': portChanged,
  'dhcp_agent.port_update_end': portChanged,
  'dhcp_agent.port_delete_end': portDeleted,
  'dhcp_agent.network_delete_end': networkDeleted,
};

/** neutron-metadata-agent starts: reports itself (it proxies 169.254.169.254 requests to nova-api's metadata service). */
export const startMetadataAgent: TaskHandler = (ctx) => {
  registerAgent(ctx, {
    agent_type: 'Metadata agent',
    binary: 'neutron-metadata-agent',
    topic: 'N/A',
    availability_zone: null,
    configurations: {
      log_agent_heartbeats: false, metadata_proxy_socket: '/var/lib/neutron/metadata_proxy', nova_metadata_host: 'controller', nova_metadata_port: 8775,
    },
  });
};
