/** Service health: every process of the deployment and whether it runs, for the health diagram. */
import type { Cloud } from '../cloud.ts';
import type { ServiceName } from '../core/types.ts';

/** One process as the health view shows it. */
export interface ProcessHealth {
  /** `nova-compute@compute1`, `cinder-volume`. */
  name: string;
  binary: string;
  service: ServiceName;
  host: string;
  up: boolean;
  /** Virtual ms of the last start or stop. */
  since: number;
}

/** Every process, grouped by service in the install guide's order, then by host and name. */
export function serviceHealth(cloud: Cloud): ProcessHealth[] {
  const order: ServiceName[] = ['keystone', 'glance', 'placement', 'nova', 'neutron', 'cinder'];
  const hostRank = (h: string) => (h === 'controller' ? '' : h);
  return cloud
    .components()
    .map((c) => ({ name: c.name, binary: c.binary, service: c.service, host: c.host, up: c.up, since: c.since }))
    .sort((a, b) => order.indexOf(a.service) - order.indexOf(b.service) || hostRank(a.host).localeCompare(hostRank(b.host), 'en', { numeric: true }) || a.name.localeCompare(b.name));
}

/** Per service: how many of its processes run and how many there are. */
export function healthSummary(cloud: Cloud): { service: ServiceName; up: number; total: number }[] {
  const out = new Map<ServiceName, { service: ServiceName; up: number; total: number }>();
  for (const p of serviceHealth(cloud)) {
    const s = out.get(p.service) ?? { service: p.service, up: 0, total: 0 };
    s.total += 1;
    if (p.up) s.up += 1;
    out.set(p.service, s);
  }
  return [...out.values()];
}
