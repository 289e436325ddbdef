/**
 * The contract every service keeps (STYLE.md, "Tests"): an unknown route is a 404 in the service's own error envelope,
 * a protected route without a token is a 401 with WWW-Authenticate, a stopped API process answers 503, a snapshot
 * restores to the identical cloud that still answers, and the same seed gives the same trace.
 */
import { describe, expect, it } from 'vitest';
import { createCloud, restoreCloud, type Cloud } from './cloud.ts';
import type { ServiceName } from './core/types.ts';
import { api, HOSTS, login } from './testing.ts';

interface Contract {
  name: ServiceName;
  apiComponent: string;
  /** A path no route matches. */
  unknown: string;
  /** Checks a 404 body is in the service's envelope. */
  envelope: (body: any) => void;
  /** A route that needs a token and answers 200 to an admin. */
  protectedGet: string;
  /** Requests that change state (a create), sent as admin. */
  workload: { method: string; path: string; body?: unknown; headers?: Record<string, string> }[];
}

const CONTRACTS: Contract[] = [
  {
    name: 'keystone',
    apiComponent: 'keystone',
    unknown: 'keystone:/v3/no-such-collection',
    envelope: (b) => expect(b).toEqual({ error: { code: 404, title: 'Not Found', message: expect.any(String) } }),
    protectedGet: 'keystone:/v3/projects',
    workload: [{ method: 'POST', path: 'keystone:/v3/projects', body: { project: { name: 'contract', domain_id: 'default' } } }],
  },
  {
    name: 'glance',
    apiComponent: 'glance-api',
    unknown: 'glance:/v2/no-such-collection',
    envelope: (b) => expect(b).toEqual({ code: '404 Not Found', title: 'Not Found', message: expect.any(String) }),
    protectedGet: 'glance:/v2/images',
    workload: [{ method: 'POST', path: 'glance:/v2/images', body: { name: 'contract', disk_format: 'qcow2', container_format: 'bare' } }],
  },
  {
    name: 'placement',
    apiComponent: 'placement-api',
    unknown: 'placement:/no-such-collection',
    envelope: (b) => {
      expect(b.errors).toHaveLength(1);
      expect(b.errors[0]).toMatchObject({ status: 404, title: 'Not Found', detail: expect.any(String) });
    },
    protectedGet: 'placement:/resource_providers',
    workload: [{ method: 'POST', path: 'placement:/resource_providers', body: { name: 'contract-rp' }, headers: { 'OpenStack-API-Version': 'placement 1.20' } }],
  },
  {
    name: 'nova',
    apiComponent: 'nova-api',
    unknown: 'nova:/v2.1/no-such-collection',
    envelope: (b) => expect(b).toEqual({ itemNotFound: { code: 404, message: expect.any(String) } }),
    protectedGet: 'nova:/v2.1/flavors',
    workload: [{ method: 'POST', path: 'nova:/v2.1/flavors', body: { flavor: { name: 'contract', ram: 64, vcpus: 1, disk: 1 } } }],
  },
  {
    name: 'neutron',
    apiComponent: 'neutron-server',
    unknown: 'neutron:/v2.0/no-such-collection',
    envelope: (b) => expect(b).toEqual({ NeutronError: { type: expect.any(String), message: expect.any(String), detail: expect.any(String) } }),
    protectedGet: 'neutron:/v2.0/networks',
    workload: [{
      method: 'POST',
      path: 'neutron:/v2.0/networks',
      body: { network: { name: 'provider', shared: true, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': 'provider' } },
    }],
  },
  {
    name: 'cinder',
    apiComponent: 'cinder-api',
    unknown: 'cinder:/v3/no-such-collection',
    envelope: (b) => expect(b).toEqual({ itemNotFound: { code: 404, message: expect.any(String) } }),
    protectedGet: 'cinder:/v3/volumes',
    workload: [{ method: 'POST', path: 'cinder:/v3/volumes', body: { volume: { size: 1, name: 'contract' } } }],
  },
];

const URLS: Record<ServiceName, string> = HOSTS;

/** Runs the service's workload as admin and moves time on a little, leaving the slow work still queued. */
function runWorkload(cloud: Cloud, c: Contract): void {
  const admin = login(cloud, 'admin');
  for (const w of c.workload) api(cloud, admin.token, w.method, w.path, w.body, w.headers);
  cloud.advance(10);
}

describe.each(CONTRACTS.map((c) => [c.name, c] as const))('%s keeps the service contract', (name, c) => {
  it('answers an unknown route with 404 in its own error envelope', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const before = cloud.tables();
    const res = api(cloud, admin.token, 'GET', c.unknown);
    expect(res.status).toBe(404);
    c.envelope(res.body);
    expect(res.headers['x-openstack-request-id']).toMatch(/^req-/);
    expect(cloud.tables()).toEqual(before);
  });

  it('answers a protected route without a token with 401 and WWW-Authenticate', () => {
    const cloud = createCloud();
    const res = cloud.request({ method: 'GET', url: c.protectedGet.replace(/^\w+:/, URLS[name]) });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Keystone uri="http://controller:5000"');
    const admin = login(cloud, 'admin');
    expect(api(cloud, admin.token, 'GET', c.protectedGet).status).toBe(200);
  });

  it('answers 503 while its API process is stopped, and serves again once started', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    cloud.stop(c.apiComponent);
    const down = api(cloud, admin.token, 'GET', c.protectedGet);
    expect(down.status).toBe(503);
    cloud.start(c.apiComponent);
    expect(api(cloud, admin.token, 'GET', c.protectedGet).status).toBe(200);
  });

  it('restores from a snapshot to an identical cloud that still answers and finishes its queued work the same way', () => {
    const cloud = createCloud();
    runWorkload(cloud, c);
    const snap = cloud.snapshot();
    const restored = restoreCloud(snap);
    expect(restored.snapshot()).toBe(snap);
    const admin = login(restored, 'admin');
    expect(api(restored, admin.token, 'GET', c.protectedGet).status).toBe(200);
    // Both clouds run what was queued at the snapshot and end in the same state.
    const original = restoreCloud(snap);
    original.runUntilIdle();
    const copy = restoreCloud(snap);
    copy.runUntilIdle();
    expect(copy.tables()).toEqual(original.tables());
    expect(copy.trace()).toEqual(original.trace());
  });

  it('gives the same trace for the same requests on the same seed', () => {
    const run = (seed: number) => {
      const cloud = createCloud({ seed });
      runWorkload(cloud, c);
      cloud.runUntilIdle();
      return { trace: JSON.stringify(cloud.trace()), tables: JSON.stringify(cloud.tables()) };
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    // A different seed gives different ids, so the equality above is not a trivial one.
    expect(run(8).trace).not.toBe(a.trace);
  });
});
