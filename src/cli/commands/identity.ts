/** Keystone's identity commands: project, user and role (keystoneclient, osc-lib's find_resource). */
import type { Client } from '../client.ts';
import { keystoneMessage } from '../client.ts';
import { CommandError, HttpError } from '../errors.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { flag, keyValues, listOf, multi, opt, pos, showSorted } from './helpers.ts';

const call = (ctx: RunCtx, method: string, path: string, body?: unknown) =>
  wrapErrors('keystone', () => ctx.client.call('identity', method, path, { lib: 'keystone', body }));

/** osc-lib find_resource over keystoneclient: GET by id, then `?name=`; a 403 gives a stub (users, projects). */
export async function keystoneFind(client: Client, kind: 'project' | 'user' | 'role' | 'domain' | 'group', arg: string, getTwice = false): Promise<any> {
  const coll = `/${kind}s`;
  for (let n = 0; n < (getTwice ? 2 : 1); n++) {
    const r = await client.call('identity', 'GET', `${coll}/${encodeURIComponent(arg)}`, { lib: 'keystone', ok: () => true });
    if (r.status < 400 && r.body?.[kind]) return r.body[kind];
  }
  try {
    const r = await client.call('identity', 'GET', `${coll}?name=${encodeURIComponent(arg)}`, { lib: 'keystone' });
    const items: any[] = r.body?.[`${kind}s`] ?? [];
    if (items.length > 1) throw new CommandError(`More than one ${kind} exists with the name '${arg}'.`);
    if (!items.length) throw new CommandError(`No ${kind} with a name or ID of '${arg}' exists.`);
    return items[0];
  } catch (e) {
    if (e instanceof HttpError && e.status === 403 && kind !== 'role') return { id: arg, name: arg };
    if (e instanceof HttpError) throw new CommandError(keystoneMessage(e));
    throw e;
  }
}

function withoutLinks(o: Record<string, unknown>): Record<string, unknown> {
  const { links: _links, ...rest } = o ?? {};
  return rest;
}

export const identityCommands: CommandSpec[] = [
  {
    words: ['project', 'list'],
    help: 'List projects',
    kind: 'list',
    params: [
      opt('--domain', '<domain>', 'Filter projects by <domain> (name or ID)'),
      opt('--user', '<user>', 'Filter projects by <user> (name or ID)'),
      flag('--long', 'List additional fields in output'),
    ],
    async run(ctx, args) {
      const q = new URLSearchParams();
      if (args.domain) q.set('domain_id', (await keystoneFind(ctx.client, 'domain', args.domain)).id);
      if (args.user) q.set('user_id', (await keystoneFind(ctx.client, 'user', args.user)).id);
      const projects: any[] = (await call(ctx, 'GET', `/projects?${q}`)).body.projects ?? [];
      const cols = args.long ? ['ID', 'Name', 'Domain ID', 'Description', 'Enabled'] : ['ID', 'Name'];
      return listOf(cols, projects.map((p) => (args.long ? [p.id, p.name, p.domain_id, p.description ?? '', p.enabled] : [p.id, p.name])));
    },
  },
  {
    words: ['project', 'show'],
    help: 'Display project details',
    kind: 'show',
    params: [
      pos('project', '<project>', 'Project to display (name or ID)'),
      opt('--domain', '<domain>', 'Domain owning <project> (name or ID)'),
      flag('--parents', "Show the project's parents as a list"),
      flag('--children', "Show project's subtree (children) as a list"),
    ],
    async run(ctx, args) {
      const project = await keystoneFind(ctx.client, 'project', args.project);
      if (!args.parents && !args.children) return showSorted(withoutLinks(project));
      // keystoneclient fetches the project again with the hierarchy asked for.
      const q = [args.parents ? 'parents_as_list' : '', args.children ? 'subtree_as_list' : ''].filter(Boolean).join('&');
      return showSorted(withoutLinks((await call(ctx, 'GET', `/projects/${project.id}?${q}`)).body.project));
    },
  },
  {
    words: ['project', 'create'],
    help: 'Create new project',
    kind: 'show',
    params: [
      pos('name', '<project-name>', 'New project name'),
      opt('--domain', '<domain>', 'Domain owning the project (name or ID)'),
      opt('--parent', '<project>', 'Parent of the project (name or ID)'),
      opt('--description', '<description>', 'Project description'),
      flag('--enable', 'Enable project', { exclusive: 'enable' }),
      flag('--disable', 'Disable project', { exclusive: 'enable' }),
      multi('--property', '<key=value>', 'Add a property to <name> (repeat option to set multiple properties)'),
      flag('--or-show', 'Return existing project'),
      flag('--immutable', 'Make resource immutable. An immutable project may not be deleted or modified except to remove the immutable flag', { exclusive: 'immutable' }),
      flag('--no-immutable', 'Make resource mutable (default)', { exclusive: 'immutable' }),
      multi('--tag', '<tag>', 'Tag to be added to the project (repeat option to set multiple tags)', { dest: 'tags' }),
    ],
    async run(ctx, args) {
      const project: Record<string, unknown> = { name: args.name, ...keyValues(args.property), enabled: !args.disable };
      if (args.domain) project.domain_id = (await keystoneFind(ctx.client, 'domain', args.domain)).id;
      if (args.parent) project.parent_id = (await keystoneFind(ctx.client, 'project', args.parent)).id;
      if (args.description !== null) project.description = args.description;
      if (args.tags.length) project.tags = args.tags;
      if (args.immutable || args.no_immutable) project.options = { immutable: !!args.immutable };
      try {
        const r = await ctx.client.call('identity', 'POST', '/projects', { lib: 'keystone', body: { project } });
        return showSorted(withoutLinks(r.body.project));
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        if (e.status === 409 && args.or_show) return showSorted(withoutLinks(await keystoneFind(ctx.client, 'project', args.name)));
        throw new CommandError(keystoneMessage(e));
      }
    },
  },
  {
    words: ['user', 'list'],
    help: 'List users',
    kind: 'list',
    params: [
      opt('--domain', '<domain>', 'Filter users by <domain> (name or ID)'),
      opt('--group', '<group>', 'Filter users by <group> membership (name or ID)', { exclusive: 'member' }),
      opt('--project', '<project>', 'Filter users by <project> (name or ID)', { exclusive: 'member' }),
      flag('--long', 'List additional fields in output'),
    ],
    async run(ctx, args) {
      const q = new URLSearchParams();
      if (args.domain) q.set('domain_id', (await keystoneFind(ctx.client, 'domain', args.domain)).id);
      let users: any[];
      if (args.project) {
        // OSC reads the project's role assignments, then finds each user once (a Python set: any order).
        const project = await keystoneFind(ctx.client, 'project', args.project);
        const a = (await call(ctx, 'GET', `/role_assignments?scope.project.id=${project.id}`)).body.role_assignments ?? [];
        users = [];
        for (const id of new Set<string>(a.map((x: any) => x.user?.id).filter(Boolean))) users.push(await keystoneFind(ctx.client, 'user', id));
      } else {
        const group = args.group ? (await keystoneFind(ctx.client, 'group', args.group)).id : null;
        users = (await call(ctx, 'GET', group ? `/groups/${group}/users` : `/users?${q}`)).body.users ?? [];
      }
      const cols = args.long ? ['ID', 'Name', 'Project', 'Domain', 'Description', 'Email', 'Enabled'] : ['ID', 'Name'];
      return listOf(cols, users.map((u) => (args.long
        ? [u.id, u.name, u.default_project_id ?? '', u.domain_id, u.description ?? '', u.email ?? '', u.enabled]
        : [u.id, u.name])));
    },
  },
  {
    words: ['user', 'show'],
    help: 'Display user details',
    kind: 'show',
    params: [pos('user', '<user>', 'User to display (name or ID)'), opt('--domain', '<domain>', 'Domain owning <user> (name or ID)')],
    async run(ctx, args) {
      return showSorted(withoutLinks(await keystoneFind(ctx.client, 'user', args.user)));
    },
  },
  {
    words: ['user', 'create'],
    help: 'Create new user',
    kind: 'show',
    params: [
      pos('name', '<name>', 'New user name'),
      opt('--domain', '<domain>', 'Default domain (name or ID)'),
      opt('--project', '<project>', 'Default project (name or ID)'),
      opt('--password', '<password>', 'Set user password'),
      flag('--password-prompt', 'Prompt interactively for password'),
      opt('--email', '<email-address>', 'Set user email address'),
      opt('--description', '<description>', 'User description'),
      flag('--enable', 'Enable user (default)', { exclusive: 'enable' }),
      flag('--disable', 'Disable user', { exclusive: 'enable' }),
      flag('--or-show', 'Return existing user'),
    ],
    async run(ctx, args) {
      if (args.password_prompt && args.password === null) {
        throw new CommandError('There is no terminal to prompt on here: give the password with --password <password>.');
      }
      const user: Record<string, unknown> = { name: args.name, enabled: !args.disable };
      if (args.domain) user.domain_id = (await keystoneFind(ctx.client, 'domain', args.domain)).id;
      if (args.project) user.default_project_id = (await keystoneFind(ctx.client, 'project', args.project)).id;
      for (const k of ['password', 'email', 'description']) if (args[k] !== null) user[k] = args[k];
      try {
        const r = await ctx.client.call('identity', 'POST', '/users', { lib: 'keystone', body: { user } });
        return showSorted(withoutLinks(r.body.user));
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        if (e.status === 409 && args.or_show) return showSorted(withoutLinks(await keystoneFind(ctx.client, 'user', args.name)));
        throw new CommandError(keystoneMessage(e));
      }
    },
  },
];
