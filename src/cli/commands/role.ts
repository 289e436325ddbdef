/** Keystone role commands: `role list`, `role add` (keystoneclient, osc-lib's find_resource). */
import { CommandError } from '../errors.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec, Param } from '../types.ts';
import { flag, listOf, opt, pos } from './helpers.ts';
import { keystoneFind } from './identity.ts';

const DOMAIN_HELP = (what: string, extra = 'This can be used in case collisions between %s names exist.') =>
  `Domain the ${what} belongs to (name or ID). ${extra.replace('%s', what)}`;

/** OSC's `_add_identity_and_resource_options_to_parser` plus the role domain, in its order. */
const ASSIGNMENT_PARAMS: Param[] = [
  opt('--system', '<system>', 'Include <system> (all)', { exclusive: 'target' }),
  opt('--domain', '<domain>', 'Include <domain> (name or ID)', { exclusive: 'target' }),
  opt('--project', '<project>', 'Include <project> (name or ID)', { exclusive: 'target' }),
  opt('--user', '<user>', 'Include <user> (name or ID)', { exclusive: 'actor' }),
  opt('--group', '<group>', 'Include <group> (name or ID)', { exclusive: 'actor' }),
  opt('--group-domain', '<group-domain>', DOMAIN_HELP('group')),
  opt('--project-domain', '<project-domain>', DOMAIN_HELP('project')),
  opt('--user-domain', '<user-domain>', DOMAIN_HELP('user')),
  flag('--inherited', 'Specifies if the role grant is inheritable to the sub projects'),
  opt('--role-domain', '<role-domain>', 'Domain the role belongs to (name or ID). This must be specified when the name of a domain specific role is used.'),
];

export const roleCommands: CommandSpec[] = [
  {
    words: ['role', 'list'],
    help: 'List roles',
    kind: 'list',
    params: [opt('--domain', '<domain>', 'Include <domain> (name or ID)')],
    async run(ctx, args) {
      const q = args.domain ? `?domain_id=${(await keystoneFind(ctx.client, 'domain', args.domain)).id}` : '?';
      const roles: any[] = (await wrapErrors('keystone', () => ctx.client.call('identity', 'GET', `/roles${q}`, { lib: 'keystone' }))).body.roles ?? [];
      return listOf(['ID', 'Name'], roles.map((r) => [r.id, r.name]));
    },
  },
  {
    words: ['role', 'add'],
    help: 'Adds a role assignment to a user or group on the system, a domain, or a project',
    kind: 'plain',
    params: [pos('role', '<role>', 'Role to add to <user> (name or ID)'), ...ASSIGNMENT_PARAMS],
    async run(ctx, args) {
      if (!args.user && !args.domain && !args.group && !args.project) {
        throw new CommandError('Role not added, incorrect set of arguments provided. See openstack --help for more details');
      }
      const c = ctx.client;
      const role = await keystoneFind(c, 'role', args.role, true);
      // keystoneclient's grant: PUT /<target>/<id>/<actor>s/<id>/roles/<role> (OS-INHERIT prefix when inherited).
      const actor = args.user ? `users/${(await keystoneFind(c, 'user', args.user)).id}` : `groups/${(await keystoneFind(c, 'group', args.group)).id}`;
      let target: string;
      if (args.system) target = 'system';
      else if (args.domain) target = `domains/${(await keystoneFind(c, 'domain', args.domain)).id}`;
      else if (args.project) target = `projects/${(await keystoneFind(c, 'project', args.project)).id}`;
      else throw new CommandError('Must specify either system, domain, or project');
      const path = args.inherited ? `/OS-INHERIT/${target}/${actor}/roles/${role.id}/inherited_to_projects` : `/${target}/${actor}/roles/${role.id}`;
      await wrapErrors('keystone', () => c.call('identity', 'PUT', path, { lib: 'keystone' }));
    },
  },
];
