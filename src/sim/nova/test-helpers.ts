/** Shared setup for Nova's tests: the install guide's launch prerequisites and small request helpers. */
import type { Cloud } from '../cloud.ts';
import type { SimResponse } from '../core/types.ts';
import { api, login } from '../testing.ts';

/** Logged-in identities and what the install guide creates before `openstack server create`. */
export interface LaunchSetup {
  admin: { token: string; projectId: string; userId: string };
  demo: { token: string; projectId: string; userId: string };
  imageId: string;
  networkId: string;
  subnetId: string;
}

/** Creates m1.nano, the provider network and subnet, and a keypair `mykey` for the demo user; lets the agents settle. */
export function prepareLaunch(cloud: Cloud): LaunchSetup {
  const admin = login(cloud, 'admin');
  const demo = login(cloud, 'demo');
  must(api(cloud, admin.token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'm1.nano', id: '0', ram: 64, vcpus: 1, disk: 1 } }), 200);
  const net = must(api(cloud, admin.token, 'POST', 'neutron:/v2.0/networks', {
    network: { name: 'provider', shared: true, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'provider' },
  }), 201).network;
  const subnet = must(api(cloud, admin.token, 'POST', 'neutron:/v2.0/subnets', {
    subnet: {
      network_id: net.id, name: 'provider', ip_version: 4, cidr: '203.0.113.0/24', gateway_ip: '203.0.113.1',
      allocation_pools: [{ start: '203.0.113.101', end: '203.0.113.250' }], dns_nameservers: ['8.8.4.4'],
    },
  }), 201).subnet;
  must(api(cloud, demo.token, 'POST', 'nova:/v2.1/os-keypairs', { keypair: { name: 'mykey' } }), 200);
  const images = must(api(cloud, demo.token, 'GET', 'glance:/v2/images?name=cirros'), 200).images;
  cloud.runUntilIdle();
  return { admin, demo, imageId: images[0].id, networkId: net.id, subnetId: subnet.id };
}

/** The body of `res`, after checking its status. */
export function must(res: SimResponse, status: number): any {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** POST /v2.1/servers as the install guide's command sends it, with `extra` merged into the server. */
export function bootServer(cloud: Cloud, s: LaunchSetup, extra: Record<string, unknown> = {}, token = s.demo.token, headers: Record<string, string> = {}): SimResponse {
  return api(cloud, token, 'POST', 'nova:/v2.1/servers', {
    server: { name: 'provider-instance', imageRef: s.imageId, flavorRef: '0', key_name: 'mykey', min_count: 1, max_count: 1, networks: [{ uuid: s.networkId }], ...extra },
  }, headers);
}

/** GET /v2.1/servers/{id} and return the server (or the response when it is not 200). */
export function getServer(cloud: Cloud, token: string, id: string, headers: Record<string, string> = {}): any {
  const res = api(cloud, token, 'GET', `nova:/v2.1/servers/${id}`, undefined, headers);
  return res.status === 200 ? (res.body as any).server : res;
}

/** POST /v2.1/servers/{id}/action. */
export function action(cloud: Cloud, token: string, id: string, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return api(cloud, token, 'POST', `nova:/v2.1/servers/${id}/action`, body, headers);
}

/** The kinds and summaries of trace records, one string each (`http POST /v2.1/servers`). */
export function hops(cloud: Cloud, mark: number): string[] {
  return cloud.trace(mark).map((t) => `${t.kind} ${t.summary}`);
}

/** True when `wanted` appear in `list` in this order (other entries may come between). */
export function inOrder(list: string[], wanted: (string | RegExp)[]): boolean {
  let i = 0;
  for (const item of list) {
    const w = wanted[i];
    if (w !== undefined && (typeof w === 'string' ? item.startsWith(w) : w.test(item))) i += 1;
  }
  return i === wanted.length;
}
