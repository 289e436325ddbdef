// The install guide's commands typed into the shell against the simulated cloud. Expected tables follow
// python-openstackclient 6.0.0 (cli.md, client-requests.md); ids and times are read from the REST API.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../sim/testing.ts';
import { field, harness, providerNetwork, type Harness } from './test/harness.ts';

/** The field names of a Field/Value table, top to bottom. */
function fields(table: string): string[] {
  return table.split('\n').slice(3).filter((l) => /^\| \S/.test(l)).map((l) => l.split('|')[1].trim());
}

let h: Harness;
let admin: { token: string; projectId: string; userId: string };
let networkId: string;
let serverId: string;
let cirrosId: string;

beforeAll(async () => {
  h = await harness();
  admin = login(h.cloud, 'admin');
  cirrosId = (api(h.cloud, admin.token, 'GET', 'glance:/v2/images?name=cirros').body as any).images[0].id;
});

describe('identity and image checks', () => {
  it('token issue shows the login token', async () => {
    const r = await h.sh('openstack token issue');
    expect(fields(r.stdout)).toEqual(['expires', 'id', 'project_id', 'user_id']);
    expect(field(r.stdout, 'expires')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    expect(field(r.stdout, 'project_id')).toBe(admin.projectId);
    expect(field(r.stdout, 'user_id')).toBe(admin.userId);
  });

  it('service list prints the catalog services in API order', async () => {
    const services = (api(h.cloud, admin.token, 'GET', 'keystone:/v3/services').body as any).services;
    const id = (type: string) => services.find((s: any) => s.type === type).id;
    expect((await h.sh('openstack service list')).stdout).toBe([
      '+----------------------------------+-----------+---------------+',
      '| ID                               | Name      | Type          |',
      '+----------------------------------+-----------+---------------+',
      `| ${id('identity')} | keystone  | identity      |`,
      `| ${id('image')} | glance    | image         |`,
      `| ${id('placement')} | placement | placement     |`,
      `| ${id('compute')} | nova      | compute       |`,
      `| ${id('network')} | neutron   | network       |`,
      `| ${id('block-storage')} | cinder    | block-storage |`,
      '+----------------------------------+-----------+---------------+',
      '',
    ].join('\n'));
  });

  it('catalog list prints each endpoint as region and interface: url, a blank line after each service', async () => {
    const r = await h.sh('openstack catalog list -c Name -c Endpoints');
    expect(r.stdout.split('\n').slice(3, 11)).toEqual([
      '| keystone  | RegionOne                               |',
      '|           |   public: http://controller:5000/v3/    |',
      '|           | RegionOne                               |',
      '|           |   internal: http://controller:5000/v3/  |',
      '|           | RegionOne                               |',
      '|           |   admin: http://controller:5000/v3/     |',
      '|           |                                         |',
      '| glance    | RegionOne                               |',
    ]);
  });

  it('image list shows CirrOS, and -f value -c id feeds $(...)', async () => {
    expect((await h.sh('openstack image list')).stdout).toBe([
      '+--------------------------------------+--------+--------+',
      '| ID                                   | Name   | Status |',
      '+--------------------------------------+--------+--------+',
      `| ${cirrosId} | cirros | active |`,
      '+--------------------------------------+--------+--------+',
      '',
    ].join('\n'));
    expect((await h.sh('echo "[$(openstack image show cirros -f value -c id)]"')).stdout).toBe(`[${cirrosId}]\n`);
  });
});

describe('launch an instance', () => {
  it('flavor create prints every flavor field at 2.61, sorted', async () => {
    const mark = h.sent.length;
    expect((await h.sh('openstack flavor create --id 0 --vcpus 1 --ram 64 --disk 1 m1.nano')).stdout).toBe([
      '+----------------------------+---------+',
      '| Field                      | Value   |',
      '+----------------------------+---------+',
      '| OS-FLV-DISABLED:disabled   | False   |',
      '| OS-FLV-EXT-DATA:ephemeral  | 0       |',
      '| description                | None    |',
      '| disk                       | 1       |',
      '| id                         | 0       |',
      '| name                       | m1.nano |',
      '| os-flavor-access:is_public | True    |',
      '| properties                 |         |',
      '| ram                        | 64      |',
      '| rxtx_factor                | 1.0     |',
      '| swap                       |         |',
      '| vcpus                      | 1       |',
      '+----------------------------+---------+',
      '',
    ].join('\n'));
    const post = h.sent.slice(mark).find((s) => s.method === 'POST' && s.url.endsWith('/v2.1/flavors'))!;
    expect(post.headers).toMatchObject({ 'OpenStack-API-Version': 'compute 2.61', 'X-OpenStack-Nova-API-Version': '2.61' });
    expect(JSON.parse(String(post.body))).toEqual({ flavor: { name: 'm1.nano', id: '0', ram: 64, vcpus: 1, disk: 1, swap: 0, 'OS-FLV-EXT-DATA:ephemeral': 0, rxtx_factor: 1, 'os-flavor-access:is_public': true } });
  });

  it('keypair create --public-key reads the key ssh-keygen made', async () => {
    const r = await h.sh('ssh-keygen -q -N "" && openstack keypair create --public-key ~/.ssh/id_rsa.pub mykey');
    const kp = (api(h.cloud, admin.token, 'GET', 'nova:/v2.1/os-keypairs/mykey').body as any).keypair;
    expect(fields(r.stdout)).toEqual(['created_at', 'fingerprint', 'id', 'is_deleted', 'name', 'type', 'user_id']);
    expect([field(r.stdout, 'fingerprint'), field(r.stdout, 'id'), field(r.stdout, 'created_at')]).toEqual([kp.fingerprint, 'mykey', 'None']);
  });

  it('server create sends what OSC 6.0.0 sends and prints the BUILD server', async () => {
    networkId = providerNetwork(h.cloud).networkId;
    const mark = h.cloud.mark();
    const sent = h.sent.length;
    const r = await h.sh(`openstack server create --flavor m1.nano --image cirros \\
      --nic net-id=${networkId} --security-group default --key-name mykey provider-instance`);
    expect(r.stderr).toBe('');
    expect(fields(r.stdout)).toEqual([
      'OS-DCF:diskConfig', 'OS-EXT-AZ:availability_zone', 'OS-EXT-SRV-ATTR:host', 'OS-EXT-SRV-ATTR:hypervisor_hostname',
      'OS-EXT-SRV-ATTR:instance_name', 'OS-EXT-STS:power_state', 'OS-EXT-STS:task_state', 'OS-EXT-STS:vm_state',
      'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at', 'accessIPv4', 'accessIPv6', 'addresses', 'adminPass',
      'config_drive', 'created', 'flavor', 'hostId', 'id', 'image', 'key_name', 'name', 'progress', 'project_id',
      'properties', 'security_groups', 'status', 'updated', 'user_id', 'volumes_attached',
    ]);
    serverId = field(r.stdout, 'id')!;
    expect(field(r.stdout, 'status')).toBe('BUILD');
    expect(field(r.stdout, 'OS-EXT-STS:power_state')).toBe('NOSTATE');
    expect(field(r.stdout, 'flavor')).toBe('m1.nano (0)');
    expect(field(r.stdout, 'image')).toBe(`cirros (${cirrosId})`);
    expect(field(r.stdout, 'security_groups')).toBe("name='default'");
    expect(field(r.stdout, 'adminPass')).toMatch(/^\w{12}$/);
    expect(h.requests(mark)).toEqual([
      'keystone GET /v3', 'keystone POST /v3/auth/tokens', 'glance-api GET /', 'glance-api GET /v2/images/cirros',
      'glance-api GET /v2/images?name=cirros', 'nova-api GET /v2.1/flavors/m1.nano', 'nova-api GET /v2.1/flavors',
      'nova-api GET /v2.1/flavors/0', `neutron-server GET /v2.0/networks/${networkId}`, 'neutron-server GET /v2.0/security-groups/default',
      'neutron-server GET /v2.0/security-groups?name=default', 'nova-api POST /v2.1/servers', `nova-api GET /v2.1/servers/${serverId}`,
      `glance-api GET /v2/images/${cirrosId}`, 'nova-api GET /v2.1/flavors/0',
    ]);
    const sg = (api(h.cloud, admin.token, 'GET', `neutron:/v2.0/security-groups?name=default&project_id=${admin.projectId}`).body as any).security_groups[0];
    const post = h.sent.slice(sent).find((s) => s.method === 'POST' && s.url.endsWith('/v2.1/servers'))!;
    expect(post.headers).toMatchObject({ 'X-OpenStack-Nova-API-Version': '2.1', 'User-Agent': 'python-novaclient' });
    expect(post.headers['OpenStack-API-Version']).toBeUndefined();
    expect(JSON.parse(String(post.body))).toEqual({ server: {
      name: 'provider-instance', imageRef: cirrosId, flavorRef: '0', key_name: 'mykey', min_count: 1, max_count: 1,
      security_groups: [{ name: sg.id }], networks: [{ uuid: networkId }],
    } });
  });

  it('server list shows the address once the server is ACTIVE', async () => {
    await h.sh('sleep 30');
    const port = (api(h.cloud, admin.token, 'GET', `neutron:/v2.0/ports?device_id=${serverId}`).body as any).ports[0];
    const ip = port.fixed_ips[0].ip_address;
    const cell = `provider=${ip}`.padEnd(22);
    expect((await h.sh('openstack server list')).stdout).toBe([
      `+--------------------------------------+-------------------+--------+${'-'.repeat(cell.length + 2)}+--------+---------+`,
      `| ID                                   | Name              | Status | ${'Networks'.padEnd(cell.length)} | Image  | Flavor  |`,
      `+--------------------------------------+-------------------+--------+${'-'.repeat(cell.length + 2)}+--------+---------+`,
      `| ${serverId} | provider-instance | ACTIVE | ${cell} | cirros | m1.nano |`,
      `+--------------------------------------+-------------------+--------+${'-'.repeat(cell.length + 2)}+--------+---------+`,
      '',
    ].join('\n'));
    const show = (await h.sh('openstack server show provider-instance')).stdout;
    expect(fields(show)).not.toContain('adminPass');
    expect([field(show, 'status'), field(show, 'addresses'), field(show, 'OS-EXT-STS:power_state')]).toEqual(['ACTIVE', `provider=${ip}`, 'Running']);
    const json = JSON.parse((await h.sh('openstack server show provider-instance -f json')).stdout);
    expect(json).toMatchObject({ addresses: { provider: [ip] }, 'OS-EXT-STS:power_state': 1, security_groups: [{ name: 'default' }], volumes_attached: [] });
  });

  it('console url show and console log show', async () => {
    const r = await h.sh('openstack console url show provider-instance');
    expect(fields(r.stdout)).toEqual(['protocol', 'type', 'url']);
    expect([field(r.stdout, 'protocol'), field(r.stdout, 'type')]).toEqual(['vnc', 'novnc']);
    expect(field(r.stdout, 'url')).toMatch(/^http:\/\/controller:6080\/vnc_auto\.html\?/);
    const log = await h.sh('openstack console log show --lines 2 provider-instance');
    expect(log.stdout.endsWith('\n')).toBe(true);
    expect(log.stdout.split('\n').length).toBeLessThanOrEqual(3);
  });

  it('server stop, a second stop is refused with novaclient wording, then start', async () => {
    expect(await h.sh('openstack server stop provider-instance && sleep 10')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    const again = await h.sh('openstack server stop provider-instance');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^Cannot 'stop' instance ${serverId} while it is in vm_state stopped \\(HTTP 409\\) \\(Request-ID: req-[0-9a-f-]+\\)\\n$`));
    expect((await h.sh('openstack server list -f value -c Status')).stdout).toBe('SHUTOFF\n');
    await h.sh('openstack server start provider-instance && sleep 10');
    expect((await h.sh('openstack server list -f value -c Status')).stdout).toBe('ACTIVE\n');
  });

  it('server delete --wait polls until the server is gone; an empty list prints one empty line', async () => {
    expect(await h.sh('openstack server delete --wait provider-instance')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect((await h.sh('openstack server list')).stdout).toBe('\n');
    expect((await h.sh('openstack server list -f json')).stdout).toBe('[]\n');
  });
});
