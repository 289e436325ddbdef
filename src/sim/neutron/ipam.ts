/** IPAM: fixed IPs for ports from their subnets' allocation pools (`neutron.ipallocations`, one row per address). */
import { apiError } from '../core/errors.ts';
import type { Ctx } from '../core/types.ts';
import { contains, formatIp, parseCidr, parseIp } from './ip.ts';
import { conflict, invalidAttr, invalidInput, noMoreIps, subnetNotFound } from './messages.ts';

/** One fixed IP of a port, as the API shows it. */
export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

function allocated(ctx: Ctx, subnetId: string): Set<string> {
  return new Set(ctx.db.where('neutron.ipallocations', (a) => a.subnet_id === subnetId).map((a) => a.ip_address));
}

/** The lowest free address of the subnet's pools, or undefined when they are exhausted. */
export function nextFreeIp(ctx: Ctx, subnet: Record<string, any>, also: string[] = []): string | undefined {
  const used = allocated(ctx, subnet.id);
  for (const ip of also) used.add(ip);
  for (const pool of subnet.allocation_pools as { start: string; end: string }[]) {
    const a = parseIp(pool.start)!;
    const z = parseIp(pool.end)!;
    for (let v = a.value; v <= z.value; v += 1n) {
      const ip = formatIp(a.version, v);
      if (!used.has(ip)) return ip;
    }
  }
  return undefined;
}

/** How many addresses the subnet's pools still have. */
export function freeIpCount(ctx: Ctx, subnet: Record<string, any>): number {
  const total = (subnet.allocation_pools as { start: string; end: string }[])
    .reduce((n, p) => n + Number(parseIp(p.end)!.value - parseIp(p.start)!.value + 1n), 0);
  return total - allocated(ctx, subnet.id).size;
}

/** validate_fixed_ips: a list of {subnet_id?, ip_address?} objects. */
function checkFormat(fixedIps: unknown): { subnet_id?: string; ip_address?: string }[] {
  if (!Array.isArray(fixedIps)) throw invalidAttr('fixed_ips', `Invalid data format for fixed IP: '${JSON.stringify(fixedIps)}'`);
  for (const f of fixedIps) {
    if (!f || typeof f !== 'object' || Array.isArray(f) || Object.keys(f).some((k) => !['subnet_id', 'ip_address'].includes(k))) {
      throw invalidAttr('fixed_ips', `Invalid data format for fixed IP: '${JSON.stringify(f)}'`);
    }
    if ('ip_address' in f && !parseIp(f.ip_address)) throw invalidAttr('fixed_ips', `'${f.ip_address}' is not a valid IP address`);
  }
  return fixedIps;
}

/** The request's fixed IPs resolved to (subnet, address?) pairs, with Neutron's 400s. */
function resolve(ctx: Ctx, networkId: string, fixedIps: unknown): { subnet: Record<string, any>; ip?: string }[] {
  const subnets = ctx.db.where('neutron.subnets', (s) => s.network_id === networkId);
  return checkFormat(fixedIps).map((f) => {
    const ip = f.ip_address === undefined ? undefined : parseIp(f.ip_address)!;
    let subnet: Record<string, any> | undefined;
    if (f.subnet_id !== undefined) {
      subnet = ctx.db.get('neutron.subnets', f.subnet_id);
      if (!subnet) throw subnetNotFound(f.subnet_id);
      if (subnet.network_id !== networkId) {
        throw invalidInput(`Failed to create port on network ${networkId}, because fixed_ips included invalid subnet ${f.subnet_id}`);
      }
    } else if (!ip) {
      // _get_subnet_for_fixed_ip: an empty {} names neither.
      throw invalidInput('IP allocation requires subnet_id or ip_address');
    } else {
      subnet = subnets.find((s) => contains(parseCidr(s.cidr)!, ip!));
      if (!subnet) {
        throw apiError(400, `IP address ${f.ip_address} is not a valid IP for any of the subnets on the specified network.`, 'InvalidIpForNetwork');
      }
    }
    if (ip) {
      const c = parseCidr(subnet.cidr)!;
      const edge = c.version === 4 && c.prefixlen <= 30 && (ip.value === c.first || ip.value === c.last);
      if (!contains(c, ip) || edge) {
        throw apiError(400, `IP address ${f.ip_address} is not a valid IP for the specified subnet.`, 'InvalidIpForSubnet');
      }
    }
    return { subnet, ip: ip && formatIp(ip.version, ip.value) };
  });
}

/**
 * Picks the port's addresses: the requested ones, or else one from the first IPv4 (and IPv6) subnet with room.
 * Conflicts: IpAddressAlreadyAllocated for a taken address, IpAddressGenerationFailure when the pools are full.
 */
export function chooseFixedIps(ctx: Ctx, networkId: string, requested: unknown): FixedIp[] {
  const out: FixedIp[] = [];
  const taken = (subnetId: string, ip: string) =>
    !!ctx.db.get('neutron.ipallocations', `${subnetId}/${ip}`) || out.some((o) => o.subnet_id === subnetId && o.ip_address === ip);
  if (requested !== undefined) {
    for (const { subnet, ip } of resolve(ctx, networkId, requested)) {
      if (ip && taken(subnet.id, ip)) throw conflict('IpAddressAlreadyAllocated', `IP address ${ip} already allocated in subnet ${subnet.id}`);
      const next = ip ?? nextFreeIp(ctx, subnet, out.filter((o) => o.subnet_id === subnet.id).map((o) => o.ip_address));
      if (!next) {
        throw conflict('IpAddressGenerationFailure', `No more IP addresses available for subnet ${subnet.id}.`);
      }
      out.push({ subnet_id: subnet.id, ip_address: next });
    }
    return out;
  }
  for (const version of [4, 6]) {
    const subnets = ctx.db.where('neutron.subnets', (s) => s.network_id === networkId && s.ip_version === version);
    if (!subnets.length) continue;
    const pick = subnets.map((s) => ({ s, ip: nextFreeIp(ctx, s) })).find((x) => x.ip);
    if (!pick) throw noMoreIps(networkId);
    out.push({ subnet_id: pick.s.id, ip_address: pick.ip! });
  }
  return out;
}

/** Records the port's addresses. */
export function allocateIps(ctx: Ctx, port: { id: string; network_id: string }, ips: FixedIp[]): void {
  for (const f of ips) {
    const key = `${f.subnet_id}/${f.ip_address}`;
    ctx.db.insert('neutron.ipallocations', key, { id: key, port_id: port.id, network_id: port.network_id, ...f });
  }
}

/** Frees every address of the port. */
export function releaseIps(ctx: Ctx, portId: string): void {
  for (const a of ctx.db.where('neutron.ipallocations', (x) => x.port_id === portId)) ctx.db.remove('neutron.ipallocations', a.id);
}

/** The port's fixed IPs in allocation order. */
export function fixedIpsOf(ctx: Ctx, portId: string): FixedIp[] {
  return ctx.db
    .where('neutron.ipallocations', (a) => a.port_id === portId)
    .map((a) => ({ subnet_id: a.subnet_id, ip_address: a.ip_address }));
}
