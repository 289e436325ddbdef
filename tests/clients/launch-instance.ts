/** The install guide's "launch an instance on the provider network", run with the real python-openstackclient. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { equal, exitedZero, field, header, matches, openstack, tableRows, type Results, type Run } from './harness.ts';
import { sshPublicKey } from './ssh-key.ts';

/** What the scenario needs: the client's environment, a scratch folder, the noVNC base URL and the results. */
export interface Scenario {
  env: Record<string, string>;
  dir: string;
  novncUrl: string;
  results: Results;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs every step; later steps still run after a failure so the report shows all that is broken. */
export async function launchInstance(s: Scenario): Promise<void> {
  const os = (...args: string[]) => openstack(args, s.env);
  const step = async (name: string, args: string[], checks: (r: Run) => string[]) => {
    const r = await os(...args);
    s.results.check(name, r.code === 0 ? checks(r) : exitedZero(r), r);
    return r;
  };

  await step('token issue', ['token', 'issue'], (r) => [
    ...equal('fields', tableRows(r.stdout).map((x) => x[0]).filter(Boolean), ['Field', 'expires', 'id', 'project_id', 'user_id']),
    ...matches('expires', field(r.stdout, 'expires'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/),
  ]);

  await step('image list', ['image', 'list'], (r) => [
    ...equal('columns', header(r.stdout), ['ID', 'Name', 'Status']),
    ...matches('cirros row', r.stdout, /\| cirros +\| active +\|/),
  ]);

  await step('flavor create m1.nano', ['flavor', 'create', '--id', '0', '--vcpus', '1', '--ram', '64', '--disk', '1', 'm1.nano'], (r) => [
    ...equal('name', field(r.stdout, 'name'), 'm1.nano'),
    ...equal('id', field(r.stdout, 'id'), '0'),
    ...equal('ram', field(r.stdout, 'ram'), '64'),
    ...equal('vcpus', field(r.stdout, 'vcpus'), '1'),
  ]);

  const net = await step(
    'network create provider',
    ['network', 'create', '--share', '--external', '--provider-physical-network', 'provider', '--provider-network-type', 'flat', 'provider'],
    (r) => [
      ...equal('router:external', field(r.stdout, 'router:external'), 'External'),
      ...equal('shared', field(r.stdout, 'shared'), 'True'),
      ...equal('provider:network_type', field(r.stdout, 'provider:network_type'), 'flat'),
      ...equal('provider:physical_network', field(r.stdout, 'provider:physical_network'), 'provider'),
      ...equal('status', field(r.stdout, 'status'), 'ACTIVE'),
    ],
  );
  const netId = field(net.stdout, 'id') ?? 'provider';

  await step(
    'subnet create provider',
    ['subnet', 'create', '--network', 'provider', '--allocation-pool', 'start=203.0.113.101,end=203.0.113.250', '--dns-nameserver', '8.8.4.4',
      '--gateway', '203.0.113.1', '--subnet-range', '203.0.113.0/24', 'provider'],
    (r) => [
      ...equal('allocation_pools', field(r.stdout, 'allocation_pools'), '203.0.113.101-203.0.113.250'),
      ...equal('cidr', field(r.stdout, 'cidr'), '203.0.113.0/24'),
      ...equal('gateway_ip', field(r.stdout, 'gateway_ip'), '203.0.113.1'),
      ...equal('enable_dhcp', field(r.stdout, 'enable_dhcp'), 'True'),
      ...equal('network_id', field(r.stdout, 'network_id'), netId),
    ],
  );

  await step('network list', ['network', 'list'], (r) => [
    ...equal('columns', header(r.stdout), ['ID', 'Name', 'Subnets']),
    ...matches('provider row', r.stdout, new RegExp(`\\| ${netId} \\| provider \\| [0-9a-f-]{36} \\|`)),
  ]);

  const keyFile = join(s.dir, 'id_ed25519.pub');
  writeFileSync(keyFile, sshPublicKey());
  await step('keypair create mykey', ['keypair', 'create', '--public-key', keyFile, 'mykey'], (r) => [
    ...equal('name', field(r.stdout, 'name'), 'mykey'),
    ...equal('type', field(r.stdout, 'type'), 'ssh'),
    ...matches('fingerprint', field(r.stdout, 'fingerprint'), /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/),
  ]);

  await step('security group rule create --proto icmp default', ['security', 'group', 'rule', 'create', '--proto', 'icmp', 'default'], (r) => [
    ...equal('protocol', field(r.stdout, 'protocol'), 'icmp'),
    ...equal('direction', field(r.stdout, 'direction'), 'ingress'),
    ...equal('remote_ip_prefix', field(r.stdout, 'remote_ip_prefix'), '0.0.0.0/0'),
  ]);
  await step('security group rule create --proto tcp --dst-port 22 default',
    ['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '22', 'default'], (r) => [
      ...equal('protocol', field(r.stdout, 'protocol'), 'tcp'),
      ...equal('port_range_min', field(r.stdout, 'port_range_min'), '22'),
      ...equal('port_range_max', field(r.stdout, 'port_range_max'), '22'),
    ]);

  await step('server create provider-instance',
    ['server', 'create', '--flavor', 'm1.nano', '--image', 'cirros', '--nic', `net-id=${netId}`, '--security-group', 'default',
      '--key-name', 'mykey', 'provider-instance'], (r) => [
      ...equal('status', field(r.stdout, 'status'), 'BUILD'),
      ...equal('name', field(r.stdout, 'name'), 'provider-instance'),
      ...matches('flavor', field(r.stdout, 'flavor'), /^m1\.nano \(0\)$/),
      ...matches('image', field(r.stdout, 'image'), /^cirros \([0-9a-f-]{36}\)$/),
      ...matches('adminPass', field(r.stdout, 'adminPass'), /^\w{8,}$/),
    ]);

  let status = '';
  let last: Run | undefined;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    last = await os('server', 'show', 'provider-instance', '-f', 'value', '-c', 'status');
    status = last.stdout.trim();
    if (last.code !== 0 || status === 'ACTIVE' || status === 'ERROR') break;
    await sleep(1000);
  }
  s.results.check('server show polls BUILD → ACTIVE', equal('status', status, 'ACTIVE'), last);

  await step('server list', ['server', 'list'], (r) => [
    ...equal('columns', header(r.stdout), ['ID', 'Name', 'Status', 'Networks', 'Image', 'Flavor']),
    ...matches('row', r.stdout, /\| provider-instance \| ACTIVE \| provider=203\.0\.113\.(1\d\d|2[0-5]\d) \| cirros +\| m1\.nano \|/),
  ]);

  await step('server show provider-instance', ['server', 'show', 'provider-instance'], (r) => [
    ...equal('OS-EXT-STS:vm_state', field(r.stdout, 'OS-EXT-STS:vm_state'), 'active'),
    ...equal('OS-EXT-STS:power_state', field(r.stdout, 'OS-EXT-STS:power_state'), 'Running'),
    ...equal('key_name', field(r.stdout, 'key_name'), 'mykey'),
    ...matches('addresses', field(r.stdout, 'addresses'), /^provider=203\.0\.113\.\d+$/),
    ...equal('security_groups', field(r.stdout, 'security_groups'), "name='default'"),
  ]);

  const console = await step('console url show provider-instance', ['console', 'url', 'show', 'provider-instance'], (r) => [
    ...equal('type', field(r.stdout, 'type'), 'novnc'),
    ...equal('protocol', field(r.stdout, 'protocol'), 'vnc'),
    ...matches('url', field(r.stdout, 'url'), new RegExp(`^${s.novncUrl.replace(/[.]/g, '\\.')}/vnc_auto\\.html\\?path=%3Ftoken%3D[0-9a-f-]{36}$`)),
  ]);
  const url = field(console.stdout, 'url');
  if (url) {
    const html = await (await fetch(url)).text().catch((e) => String(e));
    s.results.check('the console URL opens a page that accepts its token', matches('page', html, /token is valid/));
  }

  const missing = await os('server', 'show', 'nosuch');
  s.results.check('server show nosuch fails as on a real cloud', [
    ...equal('exit code', missing.code, 1),
    ...matches('stderr', missing.stderr, /No server with a name or ID of 'nosuch' exists\./),
  ], missing);

  await step('server delete provider-instance', ['server', 'delete', 'provider-instance'], (r) => equal('stdout', r.stdout, ''));
  let gone: Run | undefined;
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    gone = await os('server', 'list', '-f', 'value', '-c', 'Name');
    if (gone.code !== 0 || !gone.stdout.includes('provider-instance')) break;
    await sleep(1000);
  }
  s.results.check('the deleted server leaves server list', gone?.code === 0 ? equal('server list', gone.stdout.trim(), '') : exitedZero(gone!), gone);
}
