import { describe, expect, it } from 'vitest';
import { createCloud } from '../cloud.ts';
import { api, login } from '../testing.ts';

const AUTH = 'http://controller:5000/v3/auth/tokens';

function password(user: string, pass: string, project?: string) {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password: pass } } },
      ...(project ? { scope: { project: { name: project, domain: { name: 'Default' } } } } : {}),
    },
  };
}

describe('keystone', () => {
  it('issues a project-scoped token with roles and the six-service catalog', () => {
    const cloud = createCloud();
    const res = cloud.request({ method: 'POST', url: AUTH, body: password('admin', 'ADMIN_PASS', 'admin') });
    expect(res.status).toBe(201);
    expect(res.headers['x-subject-token']).toMatch(/^gAAAAAB/);
    const token = (res.body as any).token;
    expect(token.project.name).toBe('admin');
    expect(token.roles.map((r: any) => r.name).sort()).toEqual(['admin', 'member', 'reader']);
    const types = token.catalog.map((s: any) => s.type).sort();
    expect(types).toEqual(['block-storage', 'compute', 'identity', 'image', 'network', 'placement']);
    const compute = token.catalog.find((s: any) => s.type === 'compute');
    expect(compute.endpoints.map((e: any) => e.interface).sort()).toEqual(['admin', 'internal', 'public']);
    expect(compute.endpoints[0].url).toBe('http://controller:8774/v2.1');
    expect(Date.parse(token.expires_at) - Date.parse(token.issued_at)).toBe(3600_000);
  });

  it('answers a wrong password with 401 and the keystone error envelope', () => {
    const cloud = createCloud();
    const before = cloud.tables();
    const res = cloud.request({ method: 'POST', url: AUTH, body: password('admin', 'nope', 'admin') });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });
    expect(cloud.tables()).toEqual(before);
  });

  it('gives an unscoped token no catalog and no roles', () => {
    const cloud = createCloud();
    const res = cloud.request({ method: 'POST', url: AUTH, body: password('myuser', 'DEMO_PASS') });
    expect(res.status).toBe(201);
    expect((res.body as any).token.catalog).toBeUndefined();
    expect((res.body as any).token.roles).toBeUndefined();
  });

  it('refuses a scope on a project where the user has no role', () => {
    const cloud = createCloud();
    const res = cloud.request({ method: 'POST', url: AUTH, body: password('myuser', 'DEMO_PASS', 'admin') });
    expect(res.status).toBe(401);
  });

  it('lets only admins list users, projects, services and endpoints', () => {
    const cloud = createCloud();
    const demo = login(cloud, 'demo');
    const admin = login(cloud, 'admin');
    for (const path of ['/v3/users', '/v3/projects', '/v3/services', '/v3/endpoints', '/v3/roles']) {
      const denied = api(cloud, demo.token, 'GET', `keystone:${path}`);
      expect(denied.status, path).toBe(403);
      expect((denied.body as any).error.message).toMatch(/^You are not authorized to perform the requested action: identity:list_/);
      expect(api(cloud, admin.token, 'GET', `keystone:${path}`).status, path).toBe(200);
    }
    const users = (api(cloud, admin.token, 'GET', 'keystone:/v3/users').body as any).users.map((u: any) => u.name);
    expect(users).toEqual(expect.arrayContaining(['admin', 'myuser', 'nova', 'neutron', 'glance', 'placement', 'cinder']));
  });

  it('validates a token for a service and forgets it once revoked', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const demo = login(cloud, 'demo');
    const ok = api(cloud, admin.token, 'GET', 'keystone:/v3/auth/tokens', undefined, { 'X-Subject-Token': demo.token });
    expect(ok.status).toBe(200);
    expect((ok.body as any).token.user.name).toBe('myuser');
    expect(api(cloud, admin.token, 'DELETE', 'keystone:/v3/auth/tokens', undefined, { 'X-Subject-Token': demo.token }).status).toBe(204);
    const gone = api(cloud, admin.token, 'GET', 'keystone:/v3/auth/tokens', undefined, { 'X-Subject-Token': demo.token });
    expect(gone.status).toBe(404);
    expect(api(cloud, demo.token, 'GET', 'keystone:/v3/auth/catalog').status).toBe(401);
  });

  it('expires tokens after an hour of virtual time', () => {
    const cloud = createCloud();
    const demo = login(cloud, 'demo');
    expect(api(cloud, demo.token, 'GET', 'keystone:/v3/auth/catalog').status).toBe(200);
    cloud.advance(3600_000);
    const res = api(cloud, demo.token, 'GET', 'keystone:/v3/auth/catalog');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Keystone uri="http://controller:5000"');
  });

  it('creates a project and grants a role, and rejects a duplicate with 409', () => {
    const cloud = createCloud();
    const admin = login(cloud, 'admin');
    const p = api(cloud, admin.token, 'POST', 'keystone:/v3/projects', { project: { name: 'lab', domain_id: 'default' } });
    expect(p.status).toBe(201);
    const dup = api(cloud, admin.token, 'POST', 'keystone:/v3/projects', { project: { name: 'lab', domain_id: 'default' } });
    expect(dup.status).toBe(409);
    const bad = api(cloud, admin.token, 'POST', 'keystone:/v3/projects', { project: {} });
    expect(bad.status).toBe(400);
    const users = (api(cloud, admin.token, 'GET', 'keystone:/v3/users?name=myuser').body as any).users;
    const roles = (api(cloud, admin.token, 'GET', 'keystone:/v3/roles?name=member').body as any).roles;
    const pid = (p.body as any).project.id;
    expect(api(cloud, admin.token, 'PUT', `keystone:/v3/projects/${pid}/users/${users[0].id}/roles/${roles[0].id}`).status).toBe(204);
    const scoped = cloud.request({ method: 'POST', url: AUTH, body: password('myuser', 'DEMO_PASS', 'lab') });
    expect(scoped.status).toBe(201);
  });

  it('records each request in the trace with its status', () => {
    const cloud = createCloud();
    const mark = cloud.mark();
    login(cloud, 'demo');
    const recs = cloud.trace(mark);
    expect(recs.map((r) => [r.kind, r.from, r.to, r.summary, r.status])).toEqual([
      ['http', 'client', 'keystone', 'POST /v3/auth/tokens', 201],
      ['reply', 'keystone', 'client', '201 Created', 201],
    ]);
  });

  it('shows a domain by id and lists a user\'s own projects, as project create --domain and project list need', () => {
    const cloud = createCloud();
    const demo = login(cloud, 'demo');
    const dom = api(cloud, demo.token, 'GET', 'keystone:/v3/domains/default');
    expect(dom.status).toBe(200);
    expect((dom.body as any).domain).toMatchObject({ id: 'default', name: 'Default', enabled: true });
    expect(api(cloud, demo.token, 'GET', 'keystone:/v3/domains/nope').status).toBe(404);
    const mine = api(cloud, demo.token, 'GET', `keystone:/v3/users/${demo.userId}/projects`);
    expect((mine.body as any).projects.map((p: any) => p.name)).toEqual(['myproject']);
    const admin = login(cloud, 'admin');
    expect(api(cloud, demo.token, 'GET', `keystone:/v3/users/${admin.userId}/projects`).status).toBe(403);
  });
});
