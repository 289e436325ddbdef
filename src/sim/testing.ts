/** Helpers for tests and tools: log in as the install guide's identities and send REST requests. */
import type { Cloud } from './cloud.ts';
import type { ServiceName, SimResponse } from './core/types.ts';

/** The install guide's openrc identities. */
export const IDENTITIES = {
  admin: { user: 'admin', password: 'ADMIN_PASS', project: 'admin' },
  demo: { user: 'myuser', password: 'DEMO_PASS', project: 'myproject' },
} as const;

/** Logs in as `who` and returns the token and the caller's project id. */
export function login(cloud: Cloud, who: keyof typeof IDENTITIES = 'admin'): { token: string; projectId: string; userId: string } {
  const id = IDENTITIES[who];
  const res = cloud.request({
    method: 'POST',
    url: 'http://controller:5000/v3/auth/tokens',
    headers: { 'Content-Type': 'application/json' },
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { name: id.user, domain: { name: 'Default' }, password: id.password } } },
        scope: { project: { name: id.project, domain: { name: 'Default' } } },
      },
    },
  });
  if (res.status !== 201) throw new Error(`login as ${who} failed with ${res.status}`);
  const t = (res.body as any).token;
  return { token: res.headers['x-subject-token'], projectId: t.project.id, userId: t.user.id };
}

/** Sends `method url` with the token and a JSON body; `url` may be `nova:/v2.1/servers` style shorthand. */
export function api(cloud: Cloud, token: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): SimResponse {
  return cloud.request({ method, url: expand(url), headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json', ...headers }, body });
}

/** Each service's scheme, host and port in the install guide's deployment. */
export const HOSTS: Record<ServiceName, string> = {
  keystone: 'http://controller:5000',
  glance: 'http://controller:9292',
  placement: 'http://controller:8778',
  nova: 'http://controller:8774',
  neutron: 'http://controller:9696',
  cinder: 'http://controller:8776',
};

function expand(url: string): string {
  const m = /^(\w+):(\/.*)$/.exec(url);
  return m && m[1] in HOSTS ? HOSTS[m[1] as ServiceName] + m[2] : url;
}
