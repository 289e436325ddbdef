// argparse behaviour as python-openstackclient 6.0.0 shows it. The expected texts were printed by the real client.
import { describe, expect, it } from 'vitest';
import { runOpenstack } from './openstack.ts';
import { parseArgs } from './parse.ts';
import { allParams, commandTable } from './registry.ts';
import type { FetchLike, RunResult } from './types.ts';
import { createCloud } from '../sim/cloud.ts';

const ADMIN = {
  OS_USERNAME: 'admin', OS_PASSWORD: 'ADMIN_PASS', OS_PROJECT_NAME: 'admin', OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default', OS_AUTH_URL: 'http://controller:5000/v3',
};
const cloud = createCloud();
const run = (line: string, fetch: FetchLike = cloud.fetch): Promise<RunResult> => runOpenstack(line.split(' ').filter(Boolean), ADMIN, { fetch });
const lastLine = (r: RunResult) => r.stderr.trimEnd().split('\n').pop();

/** `openstack server create foo` (no --flavor), from the real client. */
const SERVER_CREATE_USAGE = [
  'usage: openstack server create [-h] [-f {json,shell,table,value,yaml}]',
  '                               [-c COLUMN] [--noindent] [--prefix PREFIX]',
  '                               [--max-width <integer>] [--fit-width]',
  '                               [--print-empty] --flavor <flavor>',
  '                               (--image <image> | --image-property <key=value> | --volume <volume> | --snapshot <snapshot>)',
  '                               [--boot-from-volume <volume-size>]',
  '                               [--block-device-mapping <dev-name=mapping>]',
  '                               [--block-device] [--swap <swap>]',
  '                               [--ephemeral <size=size[,format=format]>]',
  '                               [--network <network>] [--port <port>]',
  '                               [--nic <net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,v6-fixed-ip=ip-addr,tag=tag,auto,none>]',
  '                               [--password <password>]',
  '                               [--security-group <security-group>]',
  '                               [--key-name <key-name>]',
  '                               [--property <key=value>]',
  '                               [--file <dest-filename=source-filename>]',
  '                               [--user-data <user-data>]',
  '                               [--description <description>]',
  '                               [--availability-zone <zone-name>]',
  '                               [--host <host>]',
  '                               [--hypervisor-hostname <hypervisor-hostname>]',
  '                               [--hint <key=value>]',
  '                               [--use-config-drive | --no-config-drive | --config-drive <config-drive-volume>|True]',
  '                               [--min <count>] [--max <count>] [--tag <tag>]',
  '                               [--hostname <hostname>] [--wait]',
  '                               [--trusted-image-cert <trusted-cert-id>]',
  '                               <server-name>',
  'openstack server create: error: the following arguments are required: --flavor',
].join('\n');

/** `openstack token issue -h`, from the real client. */
const TOKEN_ISSUE_HELP = [
  'usage: openstack token issue [-h] [-f {json,shell,table,value,yaml}]',
  '                             [-c COLUMN] [--noindent] [--prefix PREFIX]',
  '                             [--max-width <integer>] [--fit-width]',
  '                             [--print-empty]',
  '',
  'Issue new token',
  '',
  'options:',
  '  -h, --help            show this help message and exit',
  '',
  'output formatters:',
  '  output formatter options',
  '',
  '  -f {json,shell,table,value,yaml}, --format {json,shell,table,value,yaml}',
  '                        the output format, defaults to table',
  '  -c COLUMN, --column COLUMN',
  '                        specify the column(s) to include, can be repeated to',
  '                        show multiple columns',
  '',
  'json formatter:',
  '  --noindent            whether to disable indenting the JSON',
  '',
  'shell formatter:',
  '  a format a UNIX shell can parse (variable="value")',
  '',
  '  --prefix PREFIX       add a prefix to all variable names',
  '',
  'table formatter:',
  '  --max-width <integer>',
  '                        Maximum display width, <1 to disable. You can also use',
  '                        the CLIFF_MAX_TERM_WIDTH environment variable, but the',
  '                        parameter takes precedence.',
  '  --fit-width           Fit the table to the display width. Implied if --max-',
  '                        width greater than 0. Set the environment variable',
  '                        CLIFF_FIT_WIDTH=1 to always enable',
  '  --print-empty         Print empty table if there is no data to show.',
].join('\n');

describe('usage errors (exit status 2)', () => {
  it('prints the full usage block and the missing arguments, positional first', async () => {
    const r = await run('server create foo');
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(SERVER_CREATE_USAGE + '\n');
    expect(lastLine(await run('server create'))).toBe('openstack server create: error: the following arguments are required: <server-name>, --flavor');
  });

  it.each([
    ['flavor create --p x', 'openstack flavor create: error: ambiguous option: --p could match --prefix, --print-empty, --public, --private, --property, --project, --project-domain'],
    ['flavor create --public --private x', 'openstack flavor create: error: argument --private: not allowed with argument --public'],
    ['keypair delete', 'openstack keypair delete: error: the following arguments are required: <key>'],
    ['server create --flavor x s', 'openstack server create: error: one of the arguments --image --image-property --volume --snapshot is required'],
    ['console url show --novnc --spice x', 'openstack console url show: error: argument --spice: not allowed with argument --novnc'],
    ['server reboot', 'openstack server reboot: error: the following arguments are required: <server>'],
    ['image create -fxml x', "openstack image create: error: argument -f/--format: invalid choice: 'xml' (choose from 'json', 'shell', 'table', 'value', 'yaml')"],
    ['flavor list --sort-ascending --sort-descending', 'openstack flavor list: error: argument --sort-descending: not allowed with argument --sort-ascending'],
    ['server create --min=x --flavor f --image i s', "openstack server create: error: argument --min: invalid int value: 'x'"],
    ['flavor create --ram', 'openstack flavor create: error: argument --ram: expected one argument'],
    ['image list --bad', 'openstack image list: error: unrecognized arguments: --bad'],
    ['tok iss -x', 'openstack tok iss: error: unrecognized arguments: -x'],
  ])('%s', async (line, message) => {
    const r = await run(line);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.startsWith(`usage: openstack ${line.split(' -')[0].split(' ').slice(0, 2).join(' ')}`)).toBe(true);
    expect(lastLine(r)).toBe(message);
  });

  it('keeps the usage of a command with few options on one line', async () => {
    const r = await run('keypair delete');
    expect(r.stderr).toBe('usage: openstack keypair delete [-h] [--user <user>]\n                                [--user-domain <user-domain>]\n                                <key> [<key> ...]\nopenstack keypair delete: error: the following arguments are required: <key>\n');
  });

  it('logs in before parsing, as OSC 6.0.0 does: bad credentials win over bad arguments', async () => {
    const r = await runOpenstack(['server', 'create'], { ...ADMIN, OS_PASSWORD: 'wrong' }, { fetch: cloud.fetch });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^The request you have made requires authentication\. \(HTTP 401\) \(Request-ID: req-[0-9a-f-]+\)\n$/);
  });
});

describe('help', () => {
  it('-h prints the real help text without logging in', async () => {
    const offline: FetchLike = async () => { throw new Error('no network'); };
    const r = await run('token issue -h', offline);
    expect(r).toEqual({ stdout: TOKEN_ISSUE_HELP + '\n', stderr: '', exitCode: 0 });
    expect((await run('help token issue', offline)).stdout).toBe(TOKEN_ISSUE_HELP + '\n');
    // The global parser takes any unique prefix of --help, anywhere.
    expect((await run('token issue --he', offline)).stdout).toBe(TOKEN_ISSUE_HELP + '\n');
  });
});

describe('argument forms', () => {
  const spec = (words: string) => {
    const s = commandTable().get(words)!;
    return { prog: `openstack ${words}`, params: allParams(s), requiredGroups: s.requiredGroups };
  };

  it('takes --opt=value, -fvalue, unique prefixes and repeated options', () => {
    const a = parseArgs(spec('server create'), ['--flav=m1.nano', '--image', 'cirros', '-fjson', '--security-group', 'a', '--security-group', 'b', '--prop', 'k=v', 'vm1']);
    expect(a).toMatchObject({ flavor: 'm1.nano', image: 'cirros', formatter: 'json', security_group: ['a', 'b'], property: ['k=v'], server_name: 'vm1', min: 1, max: 1, wait: false });
  });

  it('collects --nic, --network and --port in one list, parsed as OSC does', () => {
    const a = parseArgs(spec('server create'), ['--flavor', 'f', '--image', 'i', '--nic', 'net-id=n1,v4-fixed-ip=10.0.0.5', '--network', 'n2', '--port', 'p1', 's']);
    expect(a.nics).toEqual([
      { 'net-id': 'n1', 'port-id': '', 'v4-fixed-ip': '10.0.0.5', 'v6-fixed-ip': '' },
      { 'net-id': 'n2', 'port-id': '', 'v4-fixed-ip': '', 'v6-fixed-ip': '' },
      { 'net-id': '', 'port-id': 'p1', 'v4-fixed-ip': '', 'v6-fixed-ip': '' },
    ]);
  });

  it('fails a bad --nic with exit status 1 (a custom action error, not a usage error)', async () => {
    const r = await run('server create --image cirros --flavor m1.nano --nic net-id=a,port-id=b s');
    expect(r).toMatchObject({ exitCode: 1, stderr: 'Invalid argument net-id=a,port-id=b; either network or port should be specified but not both\n' });
    const bad = await run('server create --image cirros --flavor m1.nano --nic foo=bar s');
    expect(bad.stderr).toBe("Invalid argument foo=bar; argument must be of form 'net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,v6-fixed-ip=ip-addr,tag=tag'\n");
    expect((await run('console log show --lines -1 x')).stderr).toBe('--lines expected a non-negative integer\n');
  });

  it('treats a negative number as a value and "--" as the end of options', () => {
    expect(parseArgs(spec('flavor create'), ['--ram', '-1', '--', '--weird-name'])).toMatchObject({ ram: -1, name: '--weird-name' });
  });
});

describe('completion data', () => {
  it('comes from the same table as the parser', async () => {
    const { completions } = await import('./registry.ts');
    const all = completions();
    expect(all.map((c) => c.command)).toEqual([...all.map((c) => c.command)].sort());
    const create = all.find((c) => c.command === 'server create')!;
    expect(create.positionals).toEqual([{ metavar: '<server-name>', help: 'New server name' }]);
    expect(create.options.find((o) => o.flags.includes('--flavor'))).toMatchObject({ metavar: '<flavor>', takesValue: true });
    expect(create.options.find((o) => o.flags.includes('--wait'))).toMatchObject({ takesValue: false });
    expect(create.options.find((o) => o.flags.includes('-f'))?.choices).toEqual(['json', 'shell', 'table', 'value', 'yaml']);
    expect(all.find((c) => c.command === 'image list')!.options.find((o) => o.flags.includes('-f'))?.choices).toEqual(['csv', 'json', 'table', 'value', 'yaml']);
  });
});
