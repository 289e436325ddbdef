/** Test harness: a simulated cloud and a shell session on it (tests only; the command line itself never imports the simulator). */
import { createCloud, type Cloud } from '../../sim/cloud.ts';
import { api, login } from '../../sim/testing.ts';
import { runShell } from '../shell/shell.ts';
import { newSession, type ShellSession } from '../shell/session.ts';
import type { FetchLike, RunResult } from '../types.ts';

/** A cloud, a shell session logged in as admin, and `sh()` to type commands. */
export interface Harness {
  cloud: Cloud;
  session: ShellSession;
  sh(input: string): Promise<RunResult>;
  /** The REST requests the client sent since `mark`, as `nova-api GET /v2.1/flavors/0`. */
  requests(mark: number): string[];
  /** Every request as the client sent it (URL, headers, body text), oldest first. */
  sent: Sent[];
}

/** One request as it left the command line. */
export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Builds a fresh cloud and sources admin-openrc. */
export async function harness(): Promise<Harness> {
  const cloud = createCloud();
  const session = newSession();
  const sent: Sent[] = [];
  const fetch: FetchLike = (url, init = {}) => {
    sent.push({ method: init.method ?? 'GET', url, headers: { ...init.headers }, body: init.body });
    return cloud.fetch(url, init);
  };
  const sh = (input: string) => runShell(input, session, { fetch, sleep: async (ms) => { cloud.advance(ms); } });
  await sh('. admin-openrc');
  const requests = (mark: number) => cloud.trace(mark)
    .filter((r: any) => r.kind === 'http' && r.from === 'client')
    .map((r: any) => `${r.to} ${r.summary}`);
  return { cloud, session, sh, requests, sent };
}

/** Creates the install guide's provider network and subnet through REST (the network commands belong to another module). */
export function providerNetwork(cloud: Cloud): { networkId: string; subnetId: string } {
  const { token } = login(cloud, 'admin');
  const net = api(cloud, token, 'POST', 'neutron:/v2.0/networks', {
    network: { name: 'provider', shared: true, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'provider' },
  });
  const networkId = (net.body as any).network.id;
  const sub = api(cloud, token, 'POST', 'neutron:/v2.0/subnets', {
    subnet: {
      name: 'provider', network_id: networkId, ip_version: 4, cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1',
      allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }], dns_nameservers: ['8.8.4.4'],
    },
  });
  cloud.runUntilIdle();
  return { networkId, subnetId: (sub.body as any).subnet.id };
}

/** The value of one row of a Field/Value table. */
export function field(table: string, name: string): string | undefined {
  const row = table.split('\n').find((l) => l.startsWith(`| ${name} `));
  return row?.split('|')[2]?.trim();
}
