/** Subnet attribute checks: CIDR, gateway, allocation pools, name servers and host routes, with Neutron's messages. */
import { apiError } from '../core/errors.ts';
import { contains, formatCidr, formatIp, hostRange, parseCidr, parseIp, type Cidr } from './ip.ts';
import { conflict, invalidAttr, invalidInput } from './messages.ts';

/** An allocation pool as the API shows it. */
export interface Pool {
  start: string;
  end: string;
}

/** The subnet's CIDR, normalised, with the checks of validate_subnet and _validate_subnet. */
export function checkCidr(raw: unknown, ipVersion: number, dhcp: boolean): Cidr {
  const c = typeof raw === 'string' && raw.includes('/') ? parseCidr(raw) : undefined;
  if (!c) throw invalidAttr('cidr', `'${String(raw)}' is not a valid IP subnet`);
  if (c.version !== ipVersion) throw invalidInput(`cidr '${raw}' does not match the ip_version '${ipVersion}'`);
  if (c.prefixlen === 0) throw invalidInput('0 is not allowed as CIDR prefix length');
  if (dhcp && ((c.version === 4 && c.prefixlen > 30) || (c.version === 6 && c.prefixlen > 126))) {
    throw invalidInput('Subnet has a prefix length that is incompatible with DHCP service enabled');
  }
  if (dhcp && c.version === 4 && c.first === 0n) throw invalidInput("First IP '0.0.0.0' of network is not supported if enable_dhcp is True.");
  return c;
}

/** The gateway: the first address by default, none for null; never the network or broadcast address. */
export function checkGateway(raw: unknown, c: Cidr): string | null {
  if (raw === null) return null;
  if (raw === undefined) return formatIp(c.version, c.first + 1n);
  const ip = parseIp(raw);
  if (!ip) throw invalidAttr('gateway_ip', `'${String(raw)}' is not a valid IP address`);
  if (ip.version !== c.version) throw invalidInput(`gateway_ip '${raw}' does not match the ip_version '${c.version}'`);
  if (contains(c, ip) && (ip.value === c.first || (c.version === 4 && ip.value === c.last))) throw invalidInput('Gateway is not valid on subnet');
  return formatIp(ip.version, ip.value);
}

/** The default pools: the host range without the gateway (two pools when it sits in the middle). */
function defaultPools(c: Cidr, gateway: string | null): Pool[] {
  const { first, last } = hostRange(c);
  const gw = gateway ? parseIp(gateway) : undefined;
  const ranges: [bigint, bigint][] = gw && contains(c, gw) && gw.value >= first && gw.value <= last
    ? [[first, gw.value - 1n], [gw.value + 1n, last]]
    : [[first, last]];
  return ranges.filter(([a, z]) => a <= z).map(([a, z]) => ({ start: formatIp(c.version, a), end: formatIp(c.version, z) }));
}

/** validate_allocation_pools plus the gateway check: inside the CIDR, not overlapping, not holding the gateway. */
export function checkPools(raw: unknown, c: Cidr, gateway: string | null): Pool[] {
  if (raw === undefined || raw === null) return defaultPools(c, gateway);
  if (!Array.isArray(raw)) throw invalidAttr('allocation_pools', `Invalid data format for IP pool: '${String(raw)}'`);
  const cidr = formatCidr(c);
  const { first, last } = hostRange(c);
  const pools = raw.map((p) => {
    if (!p || typeof p !== 'object' || !('start' in p) || !('end' in p)) {
      throw invalidAttr('allocation_pools', `Invalid data format for IP pool: '${JSON.stringify(p)}'`);
    }
    const [a, z] = [parseIp(p.start), parseIp(p.end)];
    if (!a) throw invalidAttr('allocation_pools', `'${p.start}' is not a valid IP address`);
    if (!z) throw invalidAttr('allocation_pools', `'${p.end}' is not a valid IP address`);
    const text = `${p.start}-${p.end}`;
    if (a.version !== c.version || z.version !== c.version || a.value > z.value) {
      throw apiError(400, `The allocation pool {'start': '${p.start}', 'end': '${p.end}'} is not valid.`, 'InvalidAllocationPool');
    }
    if (a.value < first || z.value > last) {
      throw apiError(400, `The allocation pool ${text} spans beyond the subnet cidr ${cidr}.`, 'OutOfBoundsAllocationPool');
    }
    return { a: a.value, z: z.value, text, pool: { start: formatIp(c.version, a.value), end: formatIp(c.version, z.value) } };
  });
  pools.forEach((l, i) => pools.slice(i + 1).forEach((r) => {
    if (l.a <= r.z && r.a <= l.z) throw conflict('OverlappingAllocationPools', `Found overlapping allocation pools: ${l.text} ${r.text} for subnet ${cidr}.`);
  }));
  const gw = gateway ? parseIp(gateway) : undefined;
  const hit = gw && pools.find((p) => gw.value >= p.a && gw.value <= p.z);
  if (hit) throw conflict('GatewayConflictWithAllocationPools', `Gateway ip ${gateway} conflicts with allocation pool ${hit.text}.`);
  return pools.map((p) => p.pool);
}

/** validate_nameservers plus max_dns_nameservers (5). */
export function checkNameservers(raw: unknown, subnetId = 'new subnet'): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidAttr('dns_nameservers', `Invalid data format for nameserver: '${String(raw)}'`);
  const seen: string[] = [];
  for (const h of raw) {
    if (!parseIp(h)) throw invalidAttr('dns_nameservers', `'${h}' is not a valid nameserver. '${h}' is not a valid IP address`);
    if (seen.includes(h)) throw invalidAttr('dns_nameservers', `Duplicate nameserver '${h}'`);
    seen.push(h);
  }
  if (seen.length > 5) {
    throw apiError(400, `Unable to complete operation for ${subnetId}. The number of DNS nameservers exceeds the limit 5.`, 'DNSNameServersExhausted');
  }
  return seen;
}

/** validate_hostroutes: a list of {destination, nexthop}. */
export function checkHostRoutes(raw: unknown): { destination: string; nexthop: string }[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidAttr('host_routes', `Invalid data format for hostroute: '${String(raw)}'`);
  return raw.map((r) => {
    if (!r || typeof r !== 'object' || !parseCidr(r.destination) || !parseIp(r.nexthop)) {
      throw invalidAttr('host_routes', `Invalid data format for hostroute: '${JSON.stringify(r)}'`);
    }
    return { destination: formatCidr(parseCidr(r.destination)!), nexthop: r.nexthop };
  });
}
