/**
 * npm run bench: what the simulated cloud costs in real time and memory.
 * 1. One install-guide launch (network, subnet, flavor, server → ACTIVE): real ms per launch.
 * 2. 1,000 instances scheduled on 100 compute nodes, and the same per-node load on 25 and 50 nodes,
 *    to show that cost grows linearly with the number of nodes.
 */
import { createCloud, type Cloud } from '../src/sim/cloud.ts';
import { api, login } from '../src/sim/testing.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function must(res: { status: number; body?: unknown }, what: string): any {
  if (res.status >= 400) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Admin token, flavor m1.nano, a flat provider network with a /16 subnet, raised quotas. */
function prepare(cloud: Cloud, instances: number): { token: string; netId: string; imageId: string } {
  const { token, projectId } = login(cloud, 'admin');
  must(api(cloud, token, 'POST', 'nova:/v2.1/flavors', { flavor: { name: 'm1.nano', id: '0', vcpus: 1, ram: 64, disk: 1 } }), 'flavor create');
  const net = must(api(cloud, token, 'POST', 'neutron:/v2.0/networks', {
    network: { name: 'provider', shared: true, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'provider' },
  }), 'network create').network;
  must(api(cloud, token, 'POST', 'neutron:/v2.0/subnets', {
    subnet: { name: 'provider', network_id: net.id, ip_version: 4, cidr: '10.128.0.0/16', gateway_ip: '10.128.0.1' },
  }), 'subnet create');
  const n = instances + 10;
  must(api(cloud, token, 'PUT', `nova:/v2.1/os-quota-sets/${projectId}`, { quota_set: { instances: n, cores: n, ram: n * 64 } }), 'nova quota');
  must(api(cloud, token, 'PUT', `neutron:/v2.0/quotas/${projectId}`, { quota: { port: n + 10 } }), 'neutron quota');
  const images = must(api(cloud, token, 'GET', 'glance:/v2/images?name=cirros'), 'image list').images;
  return { token, netId: net.id, imageId: images[0].id };
}

function boot(cloud: Cloud, p: { token: string; netId: string; imageId: string }, name: string): string {
  const body = { server: { name, imageRef: p.imageId, flavorRef: '0', networks: [{ uuid: p.netId }] } };
  return must(api(cloud, p.token, 'POST', 'nova:/v2.1/servers', body), 'server create').server.id;
}

function launchCost(runs: number): void {
  const times: number[] = [];
  let virtual = 0;
  let hops = 0;
  for (let i = 0; i < runs; i += 1) {
    const cloud = createCloud({ seed: i + 1 });
    const p = prepare(cloud, 1);
    const mark = cloud.mark();
    const t0 = cloud.now();
    const start = performance.now();
    const id = boot(cloud, p, 'provider-instance');
    cloud.runUntilIdle();
    times.push(performance.now() - start);
    virtual = cloud.now() - t0;
    hops = cloud.trace(mark).length;
    const s = must(api(cloud, p.token, 'GET', `nova:/v2.1/servers/${id}`), 'server show').server;
    if (s.status !== 'ACTIVE') throw new Error(`launch ended ${s.status}`);
  }
  times.sort((a, b) => a - b);
  console.log(`launch (install guide, one server to ACTIVE): median ${times[runs >> 1].toFixed(2)} ms real, ` +
    `min ${times[0].toFixed(2)} ms, ${(virtual / 1000).toFixed(1)} s virtual, ${hops} trace records`);
}

function scale(nodes: number, instances: number): { ms: number; mb: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const computes = Array.from({ length: nodes }, (_, i) => `compute${i + 1}`);
  const cloud = createCloud({ seed: 7, computes, computeSize: { vcpus: 64, memory_mb: 262144, disk_gb: 2000 }, traceLimit: 5000 });
  const p = prepare(cloud, instances);
  for (let i = 0; i < instances; i += 1) {
    // A token lives one virtual hour; a long run logs in again as a real client would.
    if (i % 100 === 99) p.token = login(cloud, 'admin').token;
    boot(cloud, p, `vm-${i}`);
    // Let the cloud work between requests, as a busy cloud would, so the queue stays short.
    if (i % 50 === 49) cloud.runUntilIdle();
  }
  cloud.runUntilIdle();
  const ms = performance.now() - start;
  p.token = login(cloud, 'admin').token;
  const all = must(api(cloud, p.token, 'GET', 'nova:/v2.1/servers/detail?all_tenants=1&limit=100000'), 'list').servers;
  const active = all.filter((s: any) => s.status === 'ACTIVE').length;
  if (active !== instances) throw new Error(`${nodes} nodes: ${active} of ${instances} ACTIVE`);
  const hosts = new Set(all.map((s: any) => s['OS-EXT-SRV-ATTR:host'])).size;
  gc();
  const mb = (process.memoryUsage().heapUsed - before) / 1048576;
  console.log(`${instances} instances on ${String(nodes).padStart(3)} compute nodes (spread over ${hosts}): ` +
    `${(ms / 1000).toFixed(2)} s real, ${(ms / instances).toFixed(2)} ms per instance, heap +${mb.toFixed(1)} MB`);
  return { ms, mb };
}

launchCost(5);
if (process.argv.includes("--launch-only")) process.exit(0);
const rows = [25, 50, 100].map((n) => ({ n, ...scale(n, 1000) }));
const perNode = rows.map((r) => r.ms / 1000 / r.n);
console.log(`real ms per instance per node: ${perNode.map((x) => x.toFixed(3)).join(', ')} at ${rows.map((r) => r.n).join(', ')} nodes ` +
  `(steady means the cost of placing an instance grows linearly with the number of nodes)`);
