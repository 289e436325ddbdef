import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { serveCloud, type ServedCloud } from './server.ts';

describe('serveCloud', () => {
  let served: ServedCloud;
  const lines: string[] = [];

  beforeAll(async () => {
    served = await serveCloud(createCloud(), { randomPorts: true, log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await served?.close();
  });

  const login = () =>
    fetch(`${served.url('keystone')}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'ADMIN_PASS' } } },
          scope: { project: { name: 'admin', domain: { name: 'Default' } } },
        },
      }),
    });

  it('listens on a different port for each service', () => {
    const ports = Object.values(served.ports);
    expect(new Set(ports).size).toBe(7);
    expect(served.authUrl).toBe(`http://127.0.0.1:${served.ports.keystone}/v3`);
    expect(served.openrc()).toContain(`export OS_AUTH_URL=${served.authUrl}\n`);
    expect(served.openrc('demo')).toContain('export OS_USERNAME=myuser\n');
  });

  it('answers Keystone version discovery with links to where it listens', async () => {
    const res = await fetch(`${served.url('keystone')}/v3`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text).version.links[0].href).toBe(`${served.url('keystone')}/v3/`);
    expect(text).not.toContain('controller');
  });

  it('gives a token whose catalog points at the served ports and whose expiry is in the real future', async () => {
    const res = await login();
    expect(res.status).toBe(201);
    expect(res.headers.get('x-subject-token')).toMatch(/^gAAAAA/);
    expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    const token = (await res.json()).token;
    const compute = token.catalog.find((s: any) => s.type === 'compute');
    expect(compute.endpoints[0].url).toBe(`${served.url('nova')}/v2.1`);
    expect(Date.parse(token.expires_at)).toBeGreaterThan(Date.now());
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await fetch(`${served.url('keystone')}/v3`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('answers a request without a token with 401 and a WWW-Authenticate pointing at the served Keystone', async () => {
    const res = await fetch(`${served.url('keystone')}/v3/projects`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Keystone uri="${served.url('keystone')}"`);
  });

  it('serves the noVNC page and says when the console token is not valid', async () => {
    const res = await fetch(`${served.url('novncproxy')}/vnc_auto.html?path=%3Ftoken%3Dno-such-token`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Failed to connect to server');
    expect((await fetch(`${served.url('novncproxy')}/nothing-here`)).status).toBe(404);
  });

  it('logs one line per request', async () => {
    const before = lines.length;
    await fetch(`${served.url('keystone')}/v3`);
    expect(lines.length).toBe(before + 1);
    expect(lines.at(-1)).toMatch(/keystone "GET \/v3" 200 \d+ [\d.]+ms req-/);
  });

  it('moves the simulated clock with real time', async () => {
    const t0 = served.cloud.now();
    await new Promise((r) => setTimeout(r, 60));
    await fetch(`${served.url('keystone')}/v3`);
    expect(served.cloud.now() - t0).toBeGreaterThanOrEqual(50);
  });
});
