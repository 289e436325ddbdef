/** Test helpers: the install guide's provider network, and a check that a failed request changed nothing. */
import { expect } from 'vitest';
import type { Cloud } from '../cloud.ts';
import type { SimResponse } from '../core/types.ts';
import { api, login } from '../testing.ts';

/** The install guide's `network create --share --external ... provider` and its subnet, as admin; DHCP settled. */
export function providerNetwork(cloud: Cloud, pool = { start: '203.0.113.101', end: '203.0.113.250' }) {
  const admin = login(cloud, 'admin');
  const net = api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', {
    network: { name: 'provider', admin_state_up: true, shared: true, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'provider' },
  });
  expect(net.status).toBe(201);
  const networkId = (net.body as any).network.id as string;
  const sub = api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', {
    subnet: { name: 'provider', network_id: networkId, ip_version: 4, cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1', allocation_pools: [pool], dns_nameservers: ['8.8.4.4'] },
  });
  expect(sub.status).toBe(201);
  cloud.runUntilIdle();
  return { admin, networkId, subnetId: (sub.body as any).subnet.id as string };
}

/** Sends the request and expects it to fail with `status` and Neutron exception `type`, leaving every table as it was. */
export function rejects(cloud: Cloud, status: number, type: string, send: () => SimResponse): string {
  const before = state(cloud);
  const res = send();
  expect(res.status).toBe(status);
  expect((res.body as any).NeutronError.type).toBe(type);
  expect(state(cloud)).toEqual(before);
  return (res.body as any).NeutronError.message;
}

/** Every non-empty table (a rolled-back insert may leave an empty table behind, which holds nothing). */
export function state(cloud: Cloud): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cloud.tables()).filter(([, rows]) => Object.keys(rows).length));
}

/** Non-db trace records after `mark`, as `from -> to: summary` lines. */
export function hops(cloud: Cloud, mark: number): string[] {
  return cloud.trace(mark).filter((t) => t.kind !== 'db').map((t) => `${t.from} -> ${t.to}: ${t.summary}`);
}
