/** Nova key pair commands through openstacksdk (microversion capped at 2.10): create, list, show, delete. */
import { CommandError, HttpError } from '../errors.ts';
import { apiErrorText, wrapErrors } from '../lookup.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { deleteEach } from './delete-each.ts';
import { flag, listOf, opt, pos, showSorted } from './helpers.ts';
import { keystoneFind } from './identity.ts';

const CAP = '2.10';

const USER = [
  opt('--user', '<user>', 'The owner of the keypair. (admin only) (name or ID). Requires ``--os-compute-api-version`` 2.10 or greater.'),
  opt('--user-domain', '<user-domain>', 'Domain the user belongs to (name or ID). This can be used in case collisions between user names exist.'),
];

/** `?user_id=<id>` for --user (admin only), else nothing. */
async function userQuery(ctx: RunCtx, user: string | null): Promise<string> {
  return user ? `?user_id=${encodeURIComponent((await keystoneFind(ctx.client, 'user', user)).id)}` : '';
}

/** The SDK Keypair's attributes (id is the name), without the keys OSC hides. */
function keypairShow(k: any, hidePrivate: boolean) {
  const data: Record<string, unknown> = {
    created_at: k.created_at ?? null, fingerprint: k.fingerprint ?? null, id: k.name, is_deleted: k.deleted ?? null,
    name: k.name, type: k.type ?? 'ssh', user_id: k.user_id ?? null,
  };
  if (!hidePrivate) data.private_key = k.private_key ?? null;
  return showSorted(data);
}

/** The SDK's find for key pairs: `GET /os-keypairs/<name>`, then the list; `No Keypair found for x`. */
async function findKeypair(ctx: RunCtx, name: string, query = ''): Promise<any> {
  const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'GET', `/os-keypairs/${encodeURIComponent(name)}${query}`, { lib: 'sdk', cap: CAP, accept: '*/*', ok: (s) => s < 400 || s === 404 || s === 400 }));
  if (r.status < 400) return r.body.keypair;
  const list = await wrapErrors('sdk', () => ctx.client.call('compute', 'GET', '/os-keypairs', { lib: 'sdk', cap: CAP }));
  const match = (list.body?.keypairs ?? []).map((x: any) => x.keypair ?? x).find((k: any) => k.name === name);
  if (!match) throw new CommandError(`No Keypair found for ${name}`);
  return match;
}

/** The key text: a key given inline (there is no file system), else a host file, else the real error. */
function readPublicKey(ctx: RunCtx, arg: string): string {
  if (/^(ssh-|ecdsa-|sk-)/.test(arg.trim())) return arg;
  const text = ctx.readFile(arg);
  if (text === undefined) {
    throw new CommandError(`Key file ${arg} not found: [Errno 2] No such file or directory: '${arg.replace(/^~/, '/root')}'`);
  }
  return text;
}

export const keypairCommands: CommandSpec[] = [
  {
    words: ['keypair', 'create'],
    help: 'Create new public or private key for server ssh access',
    kind: 'show',
    params: [
      pos('name', '<name>', 'New public or private key name'),
      opt('--public-key', '<file>', 'Filename for public key to add. If not used, creates a private key.', { exclusive: 'key' }),
      opt('--private-key', '<file>', 'Filename for private key to save. If not used, print private key in console.', { exclusive: 'key' }),
      opt('--type', '<type>', 'Keypair type. Can be ssh or x509. (Supported by API versions \'2.2\' - \'2.latest\')', { choices: ['ssh', 'x509'] }),
      ...USER,
    ],
    async run(ctx, args) {
      const keypair: Record<string, unknown> = { name: args.name };
      if (args.public_key) keypair.public_key = readPublicKey(ctx, args.public_key);
      if (args.type) keypair.type = args.type;
      if (args.user) keypair.user_id = (await keystoneFind(ctx.client, 'user', args.user)).id;
      const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'POST', '/os-keypairs', { lib: 'sdk', cap: CAP, body: { keypair }, accept: '*/*' }));
      const k = r.body.keypair;
      if (args.public_key || args.private_key) return keypairShow(k, true);
      // Like OSC 6.0.0: the generated private key verbatim, then an empty table (one blank line).
      ctx.out(k.private_key ?? '');
      return { type: 'show', columns: [], values: [] };
    },
  },
  {
    words: ['keypair', 'list'],
    help: 'List key fingerprints',
    kind: 'list',
    params: [
      opt('--user', '<user>', 'Show keypairs for another user (admin only) (name or ID). Requires ``--os-compute-api-version`` 2.10 or greater.', { exclusive: 'owner' }),
      USER[1],
      opt('--project', '<project>', 'Show keypairs for all users associated with project (admin only) (name or ID). Requires ``--os-compute-api-version`` 2.10 or greater.', { exclusive: 'owner' }),
      opt('--project-domain', '<project-domain>', 'Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.'),
      opt('--marker', 'MARKER', 'The last keypair ID of the previous page'),
      opt('--limit', 'LIMIT', 'Maximum number of keypairs to display', { type: 'int' }),
    ],
    async run(ctx, args) {
      const page = new URLSearchParams();
      if (args.marker) page.set('marker', args.marker);
      if (args.limit !== null) page.set('limit', String(args.limit));
      if (args.project) {
        if (args.marker) throw new CommandError('--project is not compatible with --marker');
        // One listing per user with a role on the project, as OSC does.
        const project = await keystoneFind(ctx.client, 'project', args.project);
        const users = await ctx.client.call('identity', 'GET', `/users?tenant_id=${project.id}`, { lib: 'keystone' });
        const rows: unknown[][] = [];
        for (const u of users.body?.users ?? []) {
          const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'GET', `/os-keypairs?${new URLSearchParams({ user_id: u.id, ...Object.fromEntries(page) })}`, { lib: 'sdk', cap: CAP }));
          for (const x of r.body?.keypairs ?? []) rows.push([(x.keypair ?? x).name, (x.keypair ?? x).fingerprint, (x.keypair ?? x).type ?? 'ssh']);
        }
        return listOf(['Name', 'Fingerprint', 'Type'], rows);
      }
      const user = await userQuery(ctx, args.user);
      const q = user + (page.size ? (user ? '&' : '?') + page : '');
      const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'GET', `/os-keypairs${q}`, { lib: 'sdk', cap: CAP }));
      const list = (r.body?.keypairs ?? []).map((x: any) => x.keypair ?? x);
      return listOf(['Name', 'Fingerprint', 'Type'], list.map((k: any) => [k.name, k.fingerprint, k.type ?? 'ssh']));
    },
  },
  {
    words: ['keypair', 'show'],
    help: 'Display key details',
    kind: 'show',
    params: [
      pos('name', '<key>', 'Public or private key to display (name only)'),
      flag('--public-key', 'Show only bare public key paired with the generated key'),
      ...USER,
    ],
    async run(ctx, args) {
      const k = await findKeypair(ctx, args.name, await userQuery(ctx, args.user));
      if (!args.public_key) return keypairShow(k, false);
      ctx.out(k.public_key ?? '');
      return { type: 'show', columns: [], values: [] };
    },
  },
  {
    words: ['keypair', 'delete'],
    help: 'Delete public or private key(s)',
    kind: 'plain',
    params: [pos('name', '<key>', 'Name of key(s) to delete (name only)', { nargs: '+' }), ...USER],
    async run(ctx, args) {
      const query = await userQuery(ctx, args.user);
      await deleteEach(ctx, args.name, {
        item: (n) => `Failed to delete key with name '${n}'`,
        summary: (f, t) => `${f} of ${t} keys failed to delete.`,
      }, async (name) => {
        try {
          await ctx.client.call('compute', 'DELETE', `/os-keypairs/${encodeURIComponent(name)}${query}`, { lib: 'sdk', cap: CAP, accept: '*/*' });
        } catch (e) {
          // The SDK's delete turns a 404 into ResourceNotFound.
          if (e instanceof HttpError) throw new CommandError(apiErrorText(e, 'sdk').replace(/^NotFoundException:/, 'ResourceNotFound:'));
          throw e;
        }
      });
    },
  },
];
