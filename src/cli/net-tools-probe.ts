/** Whether a packet from a host on the provider network reaches an address: decided from the cloud state read over REST. */

/** What the network looks like to the probe (Neutron and Nova objects as the API returns them). */
export interface NetView {
  ports(): Promise<any[]>;
  networks(): Promise<any[]>;
  subnets(): Promise<any[]>;
  rules(securityGroupId: string): Promise<any[]>;
  /** The server (`GET /servers/{id}`), or undefined when it is gone. */
  server(id: string): Promise<any | undefined>;
}

/** What a probe runs into. */
export type Verdict =
  /** The host answers (ICMP echo reply, or sshd accepts the connection). */
  | { kind: 'answer'; server?: any; port: any }
  /** Nothing answers ARP on the subnet: no port holds the address, or its instance is not running. */
  | { kind: 'unreachable'; reason: string; source: string }
  /** Packets vanish: a security group drops them, or the address is not on a network this host reaches. */
  | { kind: 'timeout'; reason: string }
  /** The host answers with a TCP reset: nothing listens on the port. */
  | { kind: 'refused'; reason: string };

/** A probe: ICMP echo, or a TCP connection to `port`. */
export type Probe = { proto: 'icmp' } | { proto: 'tcp'; port: number };

/** IPv4 dotted quad → 32-bit number, or undefined. */
export function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  return o.some((x) => x > 255) ? undefined : ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0;
}

/** True when `ip` lies in `cidr` (IPv4 only). */
export function inCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(net);
  const n = Number(bits ?? 32);
  if (a === undefined || b === undefined || !(n >= 0 && n <= 32)) return false;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

function dotted(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** A network the outside host sits on: a flat or VLAN provider network (the install guide's option 1). */
function reachableFromOutside(net: any): boolean {
  const type = net?.['provider:network_type'];
  return net?.['router:external'] === true || type === 'flat' || type === 'vlan';
}

/**
 * The address the probe comes from: a host of the provider subnet that is neither its gateway
 * nor in an allocation pool (for the guide's 203.0.113.0/24 that is 203.0.113.2).
 */
export function outsideAddress(subnet: any): string {
  const [net, bits] = String(subnet.cidr).split('/');
  const base = ipv4(net) ?? 0;
  const size = 2 ** (32 - Number(bits));
  const pools: { start: string; end: string }[] = subnet.allocation_pools ?? [];
  const used = (ip: number) =>
    dotted(ip) === subnet.gateway_ip || pools.some((p) => ip >= (ipv4(p.start) ?? 0) && ip <= (ipv4(p.end) ?? 0));
  for (let i = 1; i < size - 1; i++) if (!used(base + i)) return dotted(base + i);
  return subnet.gateway_ip ?? net;
}

/** True when `rule` lets `probe` in from `source` (IPv4 ingress; a remote group never holds the outside host). */
export function ruleAllows(rule: any, probe: Probe, source: string): boolean {
  if (rule.direction !== 'ingress' || (rule.ethertype ?? 'IPv4') !== 'IPv4') return false;
  if (rule.remote_group_id || rule.remote_address_group_id) return false;
  if (rule.remote_ip_prefix && !inCidr(source, rule.remote_ip_prefix)) return false;
  const proto = rule.protocol == null ? 'any' : String(rule.protocol).toLowerCase();
  if (probe.proto === 'icmp') return proto === 'any' || proto === 'icmp' || proto === '1';
  if (!(proto === 'any' || proto === 'tcp' || proto === '6')) return false;
  const min = rule.port_range_min;
  const max = rule.port_range_max ?? min;
  return min == null || (probe.port >= min && probe.port <= max);
}

/** Decides what `probe` to `ip` meets, from the ports, networks, subnets, server and security group rules. */
export async function probe(view: NetView, ip: string, p: Probe): Promise<Verdict> {
  const [ports, networks, subnets] = await Promise.all([view.ports(), view.networks(), view.subnets()]);
  const nets = new Map(networks.map((n) => [n.id, n]));
  const subnet = subnets.find((s) => s.ip_version !== 6 && inCidr(ip, s.cidr) && reachableFromOutside(nets.get(s.network_id)));
  if (!subnet) return { kind: 'timeout', reason: `${ip} is not on a provider network that this host is attached to` };
  const port = ports.find((x) => (x.fixed_ips ?? []).some((f: any) => f.ip_address === ip) && x.network_id === subnet.network_id);
  if (!port) {
    if (ip === subnet.gateway_ip) return p.proto === 'icmp' ? { kind: 'answer', port: undefined } : { kind: 'timeout', reason: `the gateway ${ip} does not accept SSH` };
    return { kind: 'unreachable', reason: `no port on network ${subnet.network_id} has the address ${ip}`, source: outsideAddress(subnet) };
  }
  if (!port.admin_state_up || port.status !== 'ACTIVE') {
    return { kind: 'unreachable', reason: `port ${port.id} is ${port.admin_state_up ? port.status : 'administratively down'}`, source: outsideAddress(subnet) };
  }
  const owner: string = port.device_owner ?? '';
  if (owner.startsWith('network:')) {
    // DHCP and router ports live in namespaces: they answer pings but run no sshd.
    return p.proto === 'icmp' ? { kind: 'answer', port } : { kind: 'refused', reason: `nothing listens on port ${p.port} of the ${owner} port` };
  }
  let server: any;
  if (owner.startsWith('compute:')) {
    server = await view.server(port.device_id);
    if (!server || server.status !== 'ACTIVE') {
      return { kind: 'unreachable', reason: `instance ${port.device_id} is ${server ? server.status : 'gone'}`, source: outsideAddress(subnet) };
    }
  }
  if (port.port_security_enabled !== false) {
    const source = outsideAddress(subnet);
    const rules = (await Promise.all((port.security_groups ?? []).map((g: string) => view.rules(g)))).flat();
    if (!rules.some((r) => ruleAllows(r, p, source))) {
      const what = p.proto === 'icmp' ? 'ICMP' : `TCP port ${p.port}`;
      return { kind: 'timeout', reason: `no ingress rule of the port's security groups allows ${what} from ${source}` };
    }
  }
  return { kind: 'answer', port, server };
}
