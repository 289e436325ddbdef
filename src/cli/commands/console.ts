/** openstacksdk server commands: `console url show`, `console log show`, `server add volume`, `server remove volume`. */
import type { Client } from '../client.ts';
import { CommandError } from '../errors.ts';
import { sdkFind, wrapErrors, type SdkResource } from '../lookup.ts';
import type { CommandSpec, Param } from '../types.ts';
import { flag, opt, pos, showOrdered, showSorted } from './helpers.ts';
import { compareVersions } from '../client.ts';

/** The SDK's Server for lookups (microversion capped at 2.73). */
export const SERVER: SdkResource = { type: 'compute', path: '/servers', one: 'server', many: 'servers', className: 'Server', cap: '2.73' };
const VOLUME: SdkResource = {
  type: 'block-storage', path: '/volumes', one: 'volume', many: 'volumes', className: 'Volume',
  extraHeaders: { 'OpenStack-API-Version': 'volume 3.60' },
};
const ATTACH_CAP = '2.89';

const PROTOCOLS: Record<string, string> = { novnc: 'vnc', xvpvnc: 'vnc', 'spice-html5': 'spice', 'rdp-html5': 'rdp', serial: 'serial', webmks: 'mks' };

const consoleType = (name: string, type: string, help: string, extra: Partial<Param> = {}): Param =>
  flag(`--${name}`, help, { dest: 'url_type', action: 'const', const: type, exclusive: 'type', ...extra });

/** The SDK's block-storage discovery: `GET /v3/` on the Cinder host (no token), once per process. */
async function volumeClient(client: Client): Promise<void> {
  const url = client.endpoint('block-storage');
  await client.discover(url.replace(/\/v3(\/.*)?$/, '/v3/'));
}

export const consoleCommands: CommandSpec[] = [
  {
    words: ['console', 'url', 'show'],
    help: "Show server's remote console URL",
    kind: 'show',
    params: [
      pos('server', '<server>', 'Server to show URL (name or ID)'),
      consoleType('novnc', 'novnc', 'Show noVNC console URL (default)', { default: 'novnc' }),
      consoleType('xvpvnc', 'xvpvnc', 'Show xvpvnc console URL'),
      consoleType('spice', 'spice-html5', 'Show SPICE console URL'),
      consoleType('rdp', 'rdp-html5', 'Show RDP console URL'),
      consoleType('serial', 'serial', 'Show serial console URL'),
      consoleType('mks', 'webmks', 'Show WebMKS console URL'),
    ],
    async run(ctx, args) {
      const server = await sdkFind(ctx.client, SERVER, args.server);
      const body = { remote_console: { protocol: PROTOCOLS[args.url_type], type: args.url_type } };
      const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'POST', `/servers/${server.id}/remote-consoles`, { lib: 'sdk', cap: '2.8', body, accept: '*/*' }));
      const data: Record<string, unknown> = { ...(r.body?.remote_console ?? {}) };
      for (const k of ['id', 'links', 'location', 'name']) delete data[k];
      return showSorted(data);
    },
  },
  {
    words: ['console', 'log', 'show'],
    help: "Show server's console output",
    kind: 'plain',
    params: [
      pos('server', '<server>', 'Server to show console log (name or ID)'),
      opt('--lines', '<num-lines>', 'Number of lines to display from the end of the log (default=all)', {
        type: 'int',
        transform: (v) => {
          if ((v as number) < 0) throw new CommandError('--lines expected a non-negative integer');
          return v;
        },
      }),
    ],
    async run(ctx, args) {
      const server = await sdkFind(ctx.client, SERVER, args.server);
      const action = args.lines === null ? {} : { length: args.lines };
      // The SDK sends this action with no microversion header and an empty Accept.
      const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'POST', `/servers/${server.id}/action`, { lib: 'sdk', body: { 'os-getConsoleOutput': action }, accept: '' }));
      let data: string = r.body?.output ?? '';
      if (data && !data.endsWith('\n')) data += '\n';
      ctx.out(data);
    },
  },
  {
    words: ['server', 'add', 'volume'],
    help: 'Add volume to server. Specify ``--os-compute-api-version 2.20`` or higher to add a volume to a server with status ``SHELVED`` or ``SHELVED_OFFLOADED``.',
    kind: 'show',
    params: [
      pos('server', '<server>', 'Server (name or ID)'),
      pos('volume', '<volume>', 'Volume to add (name or ID)'),
      opt('--device', '<device>', 'Server internal device name for volume'),
      opt('--tag', '<tag>', 'Tag for the attached volume (supported by --os-compute-api-version 2.49 or above)'),
      flag('--enable-delete-on-termination', 'Delete the volume when the server is destroyed (supported by --os-compute-api-version 2.79 or above)', { exclusive: 'dot' }),
      flag('--disable-delete-on-termination', 'Do not delete the volume when the server is destroyed (supported by --os-compute-api-version 2.79 or above)', { exclusive: 'dot' }),
    ],
    async run(ctx, args) {
      const server = await sdkFind(ctx.client, SERVER, args.server);
      await volumeClient(ctx.client);
      const volume = await sdkFind(ctx.client, VOLUME, args.volume);
      const mv = (await ctx.client.computeMicroversion(ATTACH_CAP)) ?? '2.1';
      const at = (v: string) => compareVersions(mv, v) >= 0;
      const attachment: Record<string, unknown> = { volumeId: volume.id, device: args.device };
      if (args.tag) {
        if (!at('2.49')) throw new CommandError('--os-compute-api-version 2.49 or greater is required to support the --tag option');
        attachment.tag = args.tag;
      }
      if (args.enable_delete_on_termination || args.disable_delete_on_termination) {
        const which = args.enable_delete_on_termination ? 'enable' : 'disable';
        if (!at('2.79')) throw new CommandError(`--os-compute-api-version 2.79 or greater is required to support the --${which}-delete-on-termination option.`);
        attachment.delete_on_termination = !!args.enable_delete_on_termination;
      }
      const r = await wrapErrors('sdk', () => ctx.client.call('compute', 'POST', `/servers/${server.id}/os-volume_attachments`, { lib: 'sdk', cap: ATTACH_CAP, body: { volumeAttachment: attachment }, accept: '*/*' }));
      const a = r.body?.volumeAttachment ?? {};
      const rows: [string, unknown][] = [['ID', a.id ?? a.attachment_id ?? null], ['Server ID', server.id], ['Volume ID', a.volumeId ?? null], ['Device', a.device ?? null]];
      if (at('2.49')) rows.push(['Tag', a.tag ?? null]);
      if (at('2.79')) rows.push(['Delete On Termination', a.delete_on_termination ?? null]);
      return showOrdered(rows);
    },
  },
  {
    words: ['server', 'remove', 'volume'],
    help: 'Remove volume from server. Specify ``--os-compute-api-version 2.20`` or higher to remove a volume from a server with status ``SHELVED`` or ``SHELVED_OFFLOADED``.',
    kind: 'plain',
    params: [pos('server', '<server>', 'Server (name or ID)'), pos('volume', '<volume>', 'Volume to remove (name or ID)')],
    async run(ctx, args) {
      const server = await sdkFind(ctx.client, SERVER, args.server);
      await volumeClient(ctx.client);
      const volume = await sdkFind(ctx.client, VOLUME, args.volume);
      await wrapErrors('sdk', () => ctx.client.call('compute', 'DELETE', `/servers/${server.id}/os-volume_attachments/${volume.id}`, { lib: 'sdk', cap: ATTACH_CAP, accept: '*/*' }));
    },
  },
];
