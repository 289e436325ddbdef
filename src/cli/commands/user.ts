/** Keystone user commands: `user list`, `user show`, `user create` (keystoneclient). */
import { keystoneMessage } from '../client.ts';
import { CommandError, HttpError } from '../errors.ts';
import { wrapErrors } from '../lookup.ts';
import type { Args, CommandSpec, Param, RunCtx } from '../types.ts';
import { flag, listOf, multi, opt, pos, showSorted } from './helpers.ts';
import { keystoneFind, withoutLinks } from './identity.ts';

const call = (ctx: RunCtx, method: string, path: string, body?: unknown) =>
  wrapErrors('keystone', () => ctx.client.call('identity', method, path, { lib: 'keystone', body }));

const FIRST_USE = 'Control if a user should be forced to change their password immediately after they log into keystone for the first time.';

/** The user options keystone keeps in `options`, as flags in OSC's order. */
const USER_OPTIONS: Param[] = [
  flag('--ignore-lockout-failure-attempts', 'Opt into ignoring the number of times a user has authenticated and locking out the user as a result'),
  flag('--no-ignore-lockout-failure-attempts', 'Opt out of ignoring the number of times a user has authenticated and locking out the user as a result'),
  flag('--ignore-password-expiry', 'Opt into allowing user to continue using passwords that may be expired'),
  flag('--no-ignore-password-expiry', 'Opt out of allowing user to continue using passwords that may be expired'),
  flag('--ignore-change-password-upon-first-use', `${FIRST_USE} Opt into ignoring the user to change their password during first time login in keystone`),
  flag('--no-ignore-change-password-upon-first-use', `${FIRST_USE} Opt out of ignoring the user to change their password during first time login in keystone`),
  flag('--enable-lock-password', 'Disables the ability for a user to change its password through self-service APIs'),
  flag('--disable-lock-password', 'Enables the ability for a user to change its password through self-service APIs'),
  flag('--enable-multi-factor-auth', 'Enables the MFA (Multi Factor Auth)'),
  flag('--disable-multi-factor-auth', 'Disables the MFA (Multi Factor Auth)'),
  multi('--multi-factor-auth-rule', '<rule>', 'Set multi-factor auth rules. For example, to set a rule requiring the "password" and "totp" auth methods to be provided, use: "--multi-factor-auth-rule password,totp". May be provided multiple times to set different rule combinations.'),
];

/** OSC's `_get_options_for_user`: the later flag of each pair wins. */
function userOptions(args: Args): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const pair = (key: string, on: string, off: string) => {
    if (args[on]) o[key] = true;
    if (args[off]) o[key] = false;
  };
  pair('ignore_lockout_failure_attempts', 'ignore_lockout_failure_attempts', 'no_ignore_lockout_failure_attempts');
  pair('ignore_password_expiry', 'ignore_password_expiry', 'no_ignore_password_expiry');
  pair('ignore_change_password_upon_first_use', 'ignore_change_password_upon_first_use', 'no_ignore_change_password_upon_first_use');
  pair('lock_password', 'enable_lock_password', 'disable_lock_password');
  pair('multi_factor_auth_enabled', 'enable_multi_factor_auth', 'disable_multi_factor_auth');
  if (args.multi_factor_auth_rule.length) o.multi_factor_auth_rules = args.multi_factor_auth_rule.map((r: string) => r.split(','));
  return o;
}

export const userCommands: CommandSpec[] = [
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
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
      opt('--password', '<password>', 'Set user password'),
      flag('--password-prompt', 'Prompt interactively for password'),
      opt('--email', '<email-address>', 'Set user email address'),
      opt('--description', '<description>', 'User description'),
      ...USER_OPTIONS,
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
      const options = userOptions(args);
      if (Object.keys(options).length) user.options = options;
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
