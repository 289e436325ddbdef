/** The install guide's identity setup: `keystone-manage bootstrap`, then the guide's projects, users and roles. */
import type { Ctx } from '../core/types.ts';

/** Users the guide creates, with their passwords and role on a project. */
const USERS: { name: string; password: string; project: string; roles: string[] }[] = [
  { name: 'admin', password: 'ADMIN_PASS', project: 'admin', roles: ['admin'] },
  // The guide gives myuser the role "myrole"; recent policy defaults also need "member" to use the cloud.
  { name: 'myuser', password: 'DEMO_PASS', project: 'myproject', roles: ['member', 'myrole'] },
  ...['glance', 'placement', 'nova', 'neutron', 'cinder'].map((s) => ({
    name: s,
    password: `${s.toUpperCase()}_PASS`,
    project: 'service',
    roles: ['admin', 'service'],
  })),
];

const DESCRIPTIONS: Record<string, string> = {
  identity: 'OpenStack Identity',
  image: 'OpenStack Image',
  placement: 'Placement API',
  compute: 'OpenStack Compute',
  network: 'OpenStack Networking',
  'block-storage': 'OpenStack Block Storage',
};

/** Fills Keystone's tables. */
export function bootstrap(ctx: Ctx): void {
  const db = ctx.db;
  db.insert('keystone.project', 'default', { id: 'default', name: 'Default', domain_id: '<<keystone.domain.root>>', parent_id: null, description: 'The default domain', enabled: true, is_domain: true });
  db.insert('keystone.region', 'RegionOne', { id: 'RegionOne', description: '' });
  const roles: Record<string, string> = {};
  for (const name of ['reader', 'member', 'admin', 'service', 'myrole']) {
    roles[name] = ctx.ids.hex(32);
    db.insert('keystone.role', roles[name], { id: roles[name], name, description: null });
  }
  // keystone-manage bootstrap: admin implies member, member implies reader.
  db.insert('keystone.implied_role', 'admin>member', { prior_role_id: roles.admin, implied_role_id: roles.member });
  db.insert('keystone.implied_role', 'member>reader', { prior_role_id: roles.member, implied_role_id: roles.reader });
  const projects: Record<string, string> = {};
  for (const [name, description] of [['admin', 'Bootstrap project for initializing the cloud.'], ['service', 'Service Project'], ['myproject', 'Demo Project']]) {
    projects[name] = ctx.ids.hex(32);
    db.insert('keystone.project', projects[name], { id: projects[name], name, domain_id: 'default', parent_id: 'default', description, enabled: true, is_domain: false });
  }
  for (const u of USERS) {
    const id = ctx.ids.hex(32);
    db.insert('keystone.user', id, { id, name: u.name, domain_id: 'default', enabled: true, password: u.password });
    for (const r of u.roles) {
      const key = `${id}:${projects[u.project]}:${roles[r]}`;
      db.insert('keystone.assignment', key, { id: key, type: 'UserProject', actor_id: id, target_id: projects[u.project], role_id: roles[r] });
    }
  }
  const all = [{ type: 'identity', name: 'keystone', url: 'http://controller:5000/v3/' }, ...ctx.config.catalog.filter((c) => c.name !== 'keystone')];
  for (const svc of all) {
    const sid = ctx.ids.hex(32);
    db.insert('keystone.service', sid, { id: sid, name: svc.name, type: svc.type, description: DESCRIPTIONS[svc.type] ?? '' });
    for (const iface of ['public', 'internal', 'admin']) {
      const eid = ctx.ids.hex(32);
      db.insert('keystone.endpoint', eid, { id: eid, service_id: sid, interface: iface, region_id: ctx.config.region, url: svc.url });
    }
  }
}
