// Server commands beyond the guide's happy path: volumes, reboot, list columns, and OSC 6.0.0's refusals.
// Expected texts follow the real client (run against this simulator with the same commands).
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../sim/testing.ts';
import { field, harness, providerNetwork, type Harness } from './test/harness.ts';

let h: Harness;
let serverId: string;
let volumeId: string;

beforeAll(async () => {
  h = await harness();
  providerNetwork(h.cloud);
  await h.sh('openstack flavor create --id 0 --vcpus 1 --ram 64 --disk 1 m1.nano');
  const r = await h.sh('openstack server create --flavor m1.nano --image cirros --network provider --wait vm1 -f value -c id');
  serverId = r.stdout.trim().split('\n').pop()!;
  const { token } = login(h.cloud);
  volumeId = (api(h.cloud, token, 'POST', 'cinder:/v3/volumes', { volume: { size: 1, name: 'vol1' } }).body as any).volume.id;
  h.cloud.advance(3000);
});

describe('volumes', () => {
  it('server add volume prints the attachment rows in their fixed order', async () => {
    const mark = h.cloud.mark();
    const r = await h.sh('openstack server add volume vm1 vol1');
    expect(r.stdout).toBe([
      '+-----------------------+--------------------------------------+',
      '| Field                 | Value                                |',
      '+-----------------------+--------------------------------------+',
      `| ID                    | ${volumeId} |`,
      `| Server ID             | ${serverId} |`,
      `| Volume ID             | ${volumeId} |`,
      '| Device                | /dev/vdb                             |',
      '| Tag                   | None                                 |',
      '| Delete On Termination | False                                |',
      '+-----------------------+--------------------------------------+',
      '',
    ].join('\n'));
    expect(h.requests(mark).filter((q) => !q.startsWith('keystone'))).toEqual([
      'nova-api GET /v2.1', 'nova-api GET /v2.1/servers/vm1', 'nova-api GET /v2.1/servers?name=vm1', 'cinder-api GET /v3/',
      'cinder-api GET /v3/volumes/vol1', 'cinder-api GET /v3/volumes?name=vol1', `nova-api POST /v2.1/servers/${serverId}/os-volume_attachments`,
    ]);
    h.cloud.advance(5000);
    expect(field((await h.sh('openstack server show vm1')).stdout, 'volumes_attached')).toBe(`id='${volumeId}'`);
  });

  it('server remove volume prints nothing; an unknown volume is the SDK wording', async () => {
    expect(await h.sh('openstack server remove volume vm1 vol1')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await h.sh('openstack server add volume vm1 nosuch')).toEqual({ stdout: '', stderr: 'No Volume found for nosuch\n', exitCode: 1 });
  });
});

describe('actions', () => {
  it('reboot --wait polls until ACTIVE and prints Complete', async () => {
    expect(await h.sh('openstack server reboot --hard --wait vm1')).toEqual({ stdout: 'Complete\n', stderr: '', exitCode: 0 });
  });

  it('server list -c adds the columns OSC knows; one --long already has makes PrettyTable fail', async () => {
    const r = await h.sh('openstack server list -c Name -c "Project ID" -c Host');
    expect(r.stdout.split('\n')[3]).toBe(`| vm1  | ${login(h.cloud).projectId} | compute1 |`);
    expect(await h.sh('openstack server list --long -c Name -c "Task State"')).toEqual({ stdout: '', stderr: 'Field names must be unique\n', exitCode: 1 });
  });
});

describe('server create refusals (exit status 1, nothing created)', () => {
  it.each([
    ['--nic none', "nics must be a list or a tuple, not <class 'str'>"],
    ['--nic auto --nic none', 'Specifying a --nic of auto or none cannot be used with any other --nic, --network or --port value.'],
    ['--network nosuch', 'No Network found for nosuch'],
    ['--security-group nosuch', 'No SecurityGroup found for nosuch'],
    ['--min 2 --max 1', 'min instances should be <= max instances'],
    ['--description x', 'Description is not supported for --os-compute-api-version less than 2.19'],
    ['--tag web', '--os-compute-api-version 2.52 or greater is required to support the --tag option'],
    ['--user-data cloud-init.yaml', "Can't open 'cloud-init.yaml': [Errno 2] No such file or directory: 'cloud-init.yaml'"],
  ])('%s', async (opts, message) => {
    const before = JSON.stringify(h.cloud.tables()['nova.instances']);
    const r = await h.sh(`openstack server create --flavor m1.nano --image cirros ${opts} vm2`);
    expect(r).toEqual({ stdout: '', stderr: `${message}\n`, exitCode: 1 });
    expect(JSON.stringify(h.cloud.tables()['nova.instances'])).toBe(before);
  });

  it('--image with --volume is an argparse conflict (exit status 2)', async () => {
    const r = await h.sh('openstack server create --flavor m1.nano --image cirros --volume vol1 vm2');
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('openstack server create: error: argument --volume: not allowed with argument --image');
  });
});
