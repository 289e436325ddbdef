/** Checks that must hold after any sequence of requests, read through the admin REST API. */
import type { Cloud } from './cloud.ts';
import { api, login } from './testing.ts';

/** Returns a list of broken invariants (empty when the cloud is consistent). */
export function checkInvariants(cloud: Cloud): string[] {
  const problems: string[] = [];
  const { token } = login(cloud, 'admin');
  const get = (url: string) => {
    const res = api(cloud, token, 'GET', url, undefined, { 'OpenStack-API-Version': 'placement 1.38' });
    if (res.status !== 200) throw new Error(`invariant check could not read ${url}: ${res.status}`);
    return res.body as any;
  };
  const servers: any[] = get('nova:/v2.1/servers/detail?all_tenants=1').servers;
  const ports: any[] = get('neutron:/v2.0/ports').ports;
  const networks = new Set(get('neutron:/v2.0/networks').networks.map((n: any) => n.id));
  const subnets: any[] = get('neutron:/v2.0/subnets').subnets;
  const providers: any[] = get('placement:/resource_providers').resource_providers;

  // Placement: every provider's usage is the sum of its allocations and within capacity.
  for (const rp of providers) {
    const usages = get(`placement:/resource_providers/${rp.uuid}/usages`).usages;
    const allocs = get(`placement:/resource_providers/${rp.uuid}/allocations`).allocations;
    const inv = get(`placement:/resource_providers/${rp.uuid}/inventories`).inventories;
    const sum: Record<string, number> = {};
    for (const a of Object.values<any>(allocs)) for (const [rc, n] of Object.entries<number>(a.resources)) sum[rc] = (sum[rc] ?? 0) + n;
    for (const rc of new Set([...Object.keys(usages), ...Object.keys(sum)])) {
      if ((usages[rc] ?? 0) !== (sum[rc] ?? 0)) problems.push(`${rp.name} ${rc}: usage ${usages[rc]} but allocations add up to ${sum[rc]}`);
      const i = inv[rc];
      if (i && (usages[rc] ?? 0) > (i.total - i.reserved) * i.allocation_ratio) problems.push(`${rp.name} ${rc}: usage over capacity`);
    }
  }

  // Nova: every ACTIVE server has a host, an allocation against that host and its ports.
  for (const s of servers) {
    if (s.status !== 'ACTIVE') continue;
    const host = s['OS-EXT-SRV-ATTR:host'];
    if (!host) problems.push(`server ${s.id} is ACTIVE without a host`);
    const allocs = get(`placement:/allocations/${s.id}`).allocations;
    const rpNames = Object.keys(allocs).map((u) => providers.find((p) => p.uuid === u)?.name);
    if (!rpNames.length) problems.push(`server ${s.id} is ACTIVE without an allocation`);
    else if (host && !rpNames.includes(host)) problems.push(`server ${s.id} runs on ${host} but is allocated on ${rpNames.join(',')}`);
    const own = ports.filter((p) => p.device_id === s.id);
    if (!own.length && Object.keys(s.addresses ?? {}).length) problems.push(`server ${s.id} shows addresses but has no port`);
  }

  // Neutron: ports belong to existing networks; fixed IPs are unique per subnet.
  const seen = new Map<string, string>();
  for (const p of ports) {
    if (!networks.has(p.network_id)) problems.push(`port ${p.id} refers to missing network ${p.network_id}`);
    for (const ip of p.fixed_ips ?? []) {
      const key = `${ip.subnet_id}/${ip.ip_address}`;
      if (seen.has(key)) problems.push(`IP ${ip.ip_address} is on ports ${seen.get(key)} and ${p.id}`);
      seen.set(key, p.id);
      if (!subnets.some((sn) => sn.id === ip.subnet_id)) problems.push(`port ${p.id} has an IP on missing subnet ${ip.subnet_id}`);
    }
  }
  return problems;
}
