/** Keystone's identity commands: project, user and role (keystoneclient, osc-lib's find_resource). */
import type { Client } from '../client.ts';
import { keystoneMessage } from '../client.ts';
import { CommandError, HttpError } from '../errors.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { flag, keyValues, listOf, multi, opt, pos, showSorted } from './helpers.ts';
import { sortItems } from './image-params.ts';

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

const TAG_HELP = {
  tags: 'List projects which have all given tag(s) (Comma-separated list of tags)',
  'tags-any': 'List projects which have any given tag(s) (Comma-separated list of tags)',
  'not-tags': 'Exclude projects which have all given tag(s) (Comma-separated list of tags)',
  'not-tags-any': 'Exclude projects which have any given tag(s) (Comma-separated list of tags)',
};

/** The resource without its `links`, as OSC prints identity resources. */
export function withoutLinks(o: Record<string, unknown>): Record<string, unknown> {
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
      opt('--parent', '<parent>', 'Filter projects whose parent is <parent> (name or ID)'),
      opt('--user', '<user>', 'Filter projects by <user> (name or ID)'),
      flag('--my-projects', 'List projects for the authenticated user. Supersedes other filters.'),
      flag('--long', 'List additional fields in output'),
      opt('--sort', '<key>[:<direction>]', 'Sort output by selected keys and directions (asc or desc) (default: asc), repeat this option to specify multiple keys and directions.'),
      ...(['tags', 'tags-any', 'not-tags', 'not-tags-any'] as const).map((t) => multi(`--${t}`, '<tag>[,<tag>,...]', TAG_HELP[t])),
    ],
    async run(ctx, args) {
      const q = new URLSearchParams();
      let user: string | null = null;
      if (args.domain) q.set('domain_id', (await keystoneFind(ctx.client, 'domain', args.domain)).id);
      if (args.parent) q.set('parent_id', (await keystoneFind(ctx.client, 'project', args.parent)).id);
      if (args.user) user = (await keystoneFind(ctx.client, 'user', args.user)).id;
      for (const t of ['tags', 'tags_any', 'not_tags', 'not_tags_any']) if (args[t].length) q.set(t.replace(/_/g, '-'), args[t].join(','));
      // --my-projects supersedes every other filter.
      if (args.my_projects) { user = ctx.client.auth.user?.id; q.delete('domain_id'); q.delete('parent_id'); for (const t of ['tags', 'tags-any', 'not-tags', 'not-tags-any']) q.delete(t); }
      const list = (u: string | null) => ctx.client.call('identity', 'GET', u ? `/users/${u}/projects?${q}` : `/projects?${q}`, { lib: 'keystone' });
      let projects: any[];
      try {
        projects = (await list(user)).body.projects ?? [];
      } catch (e) {
        // keystoneclient: a non-admin asking with no filter gets its own projects.
        if (!(e instanceof HttpError)) throw e;
        if (e.status !== 403 || user || q.size) throw new CommandError(keystoneMessage(e));
        projects = (await wrapErrors('keystone', () => list(ctx.client.auth.user?.id))).body.projects ?? [];
      }
      if (args.sort) projects = sortItems(projects, args.sort);
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
];
