/** Server commands through novaclient at 2.1: list, show, delete, start, stop, reboot. */
import { compareVersions } from '../client.ts';
import { CommandError } from '../errors.ts';
import { dictColumn } from '../format/columns.ts';
import { wrapErrors } from '../lookup.ts';
import type { CommandSpec, RunCtx } from '../types.ts';
import { flag, listOf, opt, pos, showSorted } from './helpers.ts';
import { findServer, prepServerDetail, serverAction, waitForDelete, waitForStatus } from './server-format.ts';
import { listServers, SERVER_LIST_PARAMS } from './server-list.ts';

const ALL_PROJECTS = (verb: string) => flag('--all-projects', `${verb} server(s) in another project by name (admin only)(can be specified using the ALL_PROJECTS envvar)`);

/** Runs `fn` on each named server, as the novaclient commands loop (the first failure stops them). */
async function eachServer(ctx: RunCtx, names: string[], all: boolean, fn: (server: any) => Promise<void>): Promise<void> {
  for (const n of names) await fn(await findServer(ctx, n, all));
}

export const serverCommands: CommandSpec[] = [
  {
    words: ['server', 'list'],
    help: 'List servers',
    kind: 'list',
    params: SERVER_LIST_PARAMS,
    run: listServers,
  },
  {
    words: ['server', 'show'],
    help: 'Show server details. Specify ``--os-compute-api-version 2.47`` or higher to see the embedded flavor information for the server.',
    kind: 'show',
    params: [
      pos('server', '<server>', 'Server (name or ID)'),
      flag('--diagnostics', 'Display server diagnostics information', { exclusive: 'extra' }),
      flag('--topology', 'Include topology information in the output (supported by --os-compute-api-version 2.78 or above)', { exclusive: 'extra' }),
    ],
    async run(ctx, args) {
      const server = await findServer(ctx, args.server);
      if (args.diagnostics) {
        const r = await ctx.client.call('compute', 'GET', `/servers/${server.id}/diagnostics`, { lib: 'nova', ok: () => true });
        if (r.status !== 200) {
          ctx.err('Error retrieving diagnostics data\n');
          return { type: 'show', columns: [], values: [] };
        }
        return showSorted(r.body ?? {});
      }
      if (args.topology && compareVersions(ctx.client.creds.computeApiVersion || '2.1', '2.78') < 0) {
        throw new CommandError('--os-compute-api-version 2.78 or greater is required to support the --topology option');
      }
      const data = await prepServerDetail(ctx.client, server, false);
      if (args.topology) {
        const t = await wrapErrors('nova', () => ctx.client.call('compute', 'GET', `/servers/${server.id}/topology`, { lib: 'nova' }));
        data.topology = dictColumn(t.body ?? {});
      }
      return showSorted(data);
    },
  },
  {
    words: ['server', 'delete'],
    help: 'Delete server(s)',
    kind: 'plain',
    params: [
      pos('server', '<server>', 'Server(s) to delete (name or ID)', { nargs: '+' }),
      flag('--force', 'Force delete server(s)'),
      ALL_PROJECTS('Delete'),
      flag('--wait', 'Wait for delete to complete'),
    ],
    async run(ctx, args) {
      await eachServer(ctx, args.server, args.all_projects, async (s) => {
        const req = args.force
          ? () => ctx.client.call('compute', 'POST', `/servers/${s.id}/action`, { lib: 'nova', body: { forceDelete: null } })
          : () => ctx.client.call('compute', 'DELETE', `/servers/${s.id}`, { lib: 'nova' });
        await wrapErrors('nova', req);
        if (args.wait && !(await waitForDelete(ctx, s.id))) {
          // 6.0.0 exits through a bare SystemExit: status 0.
          throw new CommandError(`Error deleting server: ${s.id}`, 0, 'Error deleting server\n');
        }
      });
    },
  },
  {
    words: ['server', 'start'],
    help: 'Start server(s).',
    kind: 'plain',
    params: [pos('server', '<server>', 'Server(s) to start (name or ID)', { nargs: '+' }), ALL_PROJECTS('Start')],
    async run(ctx, args) {
      await eachServer(ctx, args.server, args.all_projects, (s) => serverAction(ctx, s.id, { 'os-start': null }));
    },
  },
  {
    words: ['server', 'stop'],
    help: 'Stop server(s).',
    kind: 'plain',
    params: [pos('server', '<server>', 'Server(s) to stop (name or ID)', { nargs: '+' }), ALL_PROJECTS('Stop')],
    async run(ctx, args) {
      await eachServer(ctx, args.server, args.all_projects, (s) => serverAction(ctx, s.id, { 'os-stop': null }));
    },
  },
  {
    words: ['server', 'reboot'],
    help: 'Perform a hard or soft server reboot',
    kind: 'plain',
    params: [
      pos('server', '<server>', 'Server (name or ID)'),
      flag('--hard', 'Perform a hard reboot', { dest: 'reboot_type', action: 'const', const: 'HARD', exclusive: 'type' }),
      flag('--soft', 'Perform a soft reboot', { dest: 'reboot_type', action: 'const', const: 'SOFT', default: 'SOFT', exclusive: 'type' }),
      flag('--wait', 'Wait for reboot to complete'),
    ],
    async run(ctx, args) {
      const s = await findServer(ctx, args.server);
      await serverAction(ctx, s.id, { reboot: { type: args.reboot_type } });
      if (!args.wait) return;
      if (await waitForStatus(ctx, s.id)) ctx.out('Complete\n');
      else throw new CommandError(`Error rebooting server: ${s.id}`, 0, 'Error rebooting server\n');
    },
  },
];
