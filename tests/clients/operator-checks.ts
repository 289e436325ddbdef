/** The install guide's verify steps and a volume, run with the real python-openstackclient. */
import { equal, field, header, matches, openstack, tableRows, type Results, type Run } from './harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** compute service list, network agent list, hypervisor list, volume create/list, quota show, limits show. */
export async function operatorChecks(env: Record<string, string>, results: Results): Promise<void> {
  const os = (...args: string[]) => openstack(args, env);
  const step = async (name: string, args: string[], checks: (r: Run) => string[]) => {
    const r = await os(...args);
    results.check(name, r.code === 0 ? checks(r) : [`exit code ${r.code}, expected 0`], r);
    return r;
  };
  await step('compute service list', ['compute', 'service', 'list'], (r) => [
    ...equal('columns', header(r.stdout), ['ID', 'Binary', 'Host', 'Zone', 'Status', 'State', 'Updated At']),
    ...matches('nova-compute row', r.stdout, /\| nova-compute +\| compute1 +\| nova +\| enabled \| up +\|/),
  ]);
  await step('network agent list', ['network', 'agent', 'list'], (r) => [
    ...equal('columns', header(r.stdout), ['ID', 'Agent Type', 'Host', 'Availability Zone', 'Alive', 'State', 'Binary']),
    ...matches('DHCP agent row', r.stdout, /\| DHCP agent +\| controller \| nova +\| :-\) +\| UP +\| neutron-dhcp-agent/),
  ]);
  await step('hypervisor list', ['hypervisor', 'list'], (r) => [
    ...equal('columns', header(r.stdout), ['ID', 'Hypervisor Hostname', 'Hypervisor Type', 'Host IP', 'State']),
    ...matches('compute1 row', r.stdout, /\| compute1 +\| QEMU +\| 10\.0\.0\.31 \| up +\|/),
  ]);
  await step('volume create --size 1 volume1', ['volume', 'create', '--size', '1', 'volume1'], (r) => [
    ...equal('status', field(r.stdout, 'status'), 'creating'),
    ...equal('size', field(r.stdout, 'size'), '1'),
  ]);
  let last: Run | undefined;
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    last = await os('volume', 'list');
    if (last.code !== 0 || /\| available \|/.test(last.stdout)) break;
    await sleep(1000);
  }
  results.check('volume list shows volume1 available', [
    ...equal('columns', header(last?.stdout ?? ''), ['ID', 'Name', 'Status', 'Size', 'Attached to']),
    ...matches('row', last?.stdout, /\| volume1 \| available \| +1 \|/),
  ], last);
  await step('quota show', ['quota', 'show'], (r) => [
    ...equal('instances', field(r.stdout, 'instances'), '10'),
    ...equal('project_name', field(r.stdout, 'project_name'), 'admin'),
  ]);
  await step('limits show --absolute', ['limits', 'show', '--absolute'], (r) => [
    ...equal('columns', header(r.stdout), ['Name', 'Value']),
    ...matches('maxTotalInstances', tableRows(r.stdout).find((x) => x[0] === 'maxTotalInstances')?.[1], /^\d+$/),
  ]);
}
