// Failures print what python-openstackclient 6.0.0 prints (wording checked against the real client where marked
// in cli.md), exit with its status, and leave the cloud as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../sim/testing.ts';
import { runOpenstack } from './openstack.ts';
import { harness, type Harness } from './test/harness.ts';

let h: Harness;

/** Runs `line` and checks that no table changed. */
async function failsCleanly(line: string) {
  const before = JSON.stringify(h.cloud.tables());
  const r = await h.sh(line);
  expect(JSON.stringify(h.cloud.tables())).toBe(before);
  return r;
}

beforeAll(async () => {
  h = await harness();
  await h.sh('openstack flavor create --id 0 --vcpus 1 --ram 64 --disk 1 m1.nano');
});

describe('name lookups', () => {
  it('an unknown image: the SDK wording, no server created', async () => {
    const r = await failsCleanly('openstack server create --flavor m1.nano --image cirros2 vm');
    expect(r).toEqual({ stdout: '', stderr: 'No Image found for cirros2\n', exitCode: 1 });
    expect((await failsCleanly('openstack image show nosuch')).stderr).toBe('No Image found for nosuch\n');
  });

  it('an unknown flavor in server create: the novaclient wording', async () => {
    const r = await failsCleanly('openstack server create --flavor m1.huge --image cirros vm');
    expect(r).toEqual({ stdout: '', stderr: "No flavor with a name or ID of 'm1.huge' exists.\n", exitCode: 1 });
    expect((await failsCleanly('openstack flavor show m1.huge')).stderr).toBe('No Flavor found for m1.huge\n');
    expect((await failsCleanly('openstack server show web1')).stderr).toBe("No server with a name or ID of 'web1' exists.\n");
    expect((await failsCleanly('openstack console url show web1')).stderr).toBe('No Server found for web1\n');
  });

  it('two images with one name are ambiguous', async () => {
    await h.sh('openstack image create dup; openstack image create dup');
    const r = await failsCleanly('openstack server create --flavor m1.nano --image dup vm');
    expect(r).toEqual({ stdout: '', stderr: "More than one Image exists with the name 'dup'.\n", exitCode: 1 });
    const byId = (api(h.cloud, login(h.cloud).token, 'GET', 'glance:/v2/images?name=dup').body as any).images[0].id;
    expect((await h.sh(`openstack image show ${byId} -f value -c id`)).stdout).toBe(`${byId}\n`);
  });
});

describe('API errors', () => {
  it('a policy denial as demo: the SDK exception text', async () => {
    const r = await failsCleanly('source demo-openrc; openstack flavor create --ram 1 f3');
    expect(r).toEqual({
      stdout: '', exitCode: 1,
      stderr: "HttpException: 403: Client Error for url: http://controller:8774/v2.1/flavors, Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.\n",
    });
    await h.sh('source admin-openrc');
  });

  it('a duplicate key pair: ConflictException with the URL and Nova message', async () => {
    await h.sh('openstack keypair create --public-key ~/.ssh/id_rsa.pub k1');
    const r = await failsCleanly('openstack keypair create --public-key ~/.ssh/id_rsa.pub k1');
    expect(r.stderr).toBe("ConflictException: 409: Client Error for url: http://controller:8774/v2.1/os-keypairs, Key pair 'k1' already exists.\n");
  });

  it('a failing item of a multi-delete is reported and the others are deleted', async () => {
    const r = await h.sh('openstack keypair delete k1 nosuch');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Failed to delete key with name 'nosuch': ResourceNotFound: 404: Client Error for url: http:\/\/controller:8774\/v2\.1\/os-keypairs\/nosuch, Keypair nosuch not found for user \w+\n1 of 2 keys failed to delete\.\n$/);
    expect((await h.sh('openstack keypair list -f value')).stdout).toBe('');
  });

  it('--wait on a server that goes ERROR: the message on both streams, exit status 0 (bare SystemExit)', async () => {
    await h.sh('openstack flavor create --ram 16384 --vcpus 1 --disk 1 huge');
    const r = await h.sh('openstack server create --flavor huge --image cirros --wait big');
    expect(r).toEqual({ stdout: 'Error creating server\n', stderr: 'Error creating server: big\n', exitCode: 0 });
    const show = await h.sh('openstack server show big -f value -c status -c fault');
    // The fault prints as a Python dict repr (admins also get Nova's `details`).
    expect(show.stdout).toMatch(/^\{'code': 500, 'created': '[^']+', 'message': 'No valid host was found\. '.*\}\nERROR\n$/);
  });
});

describe('credentials and connection', () => {
  const env = { OS_USERNAME: 'admin', OS_PASSWORD: 'wrong', OS_PROJECT_NAME: 'admin', OS_AUTH_URL: 'http://controller:5000/v3' };

  it('a wrong password: keystoneauth text with the request id', async () => {
    const r = await runOpenstack(['image', 'list'], env, { fetch: h.cloud.fetch });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^The request you have made requires authentication\. \(HTTP 401\) \(Request-ID: req-[0-9a-f-]+\)\n$/);
  });

  it('an unversioned OS_AUTH_URL: version discovery picks v3', async () => {
    const r = await runOpenstack(['token', 'issue', '-f', 'value', '-c', 'user_id'], { ...env, OS_PASSWORD: 'ADMIN_PASS', OS_AUTH_URL: 'http://controller:5000' }, { fetch: h.cloud.fetch });
    expect(r).toEqual({ stdout: `${login(h.cloud).userId}\n`, stderr: '', exitCode: 0 });
  });

  it('no OS_AUTH_URL: the auth plugin complains before any request', async () => {
    const sent: string[] = [];
    const r = await runOpenstack(['image', 'list'], {}, { fetch: async (url, init) => { sent.push(url); return h.cloud.fetch(url, init); } });
    expect(r).toEqual({ stdout: '', stderr: 'Missing value auth-url required for auth plugin password\n', exitCode: 1 });
    expect(sent).toEqual([]);
  });

  it('an unreachable Keystone: discovery warning, then the connection error', async () => {
    const r = await runOpenstack(['token', 'issue'], { ...env, OS_AUTH_URL: 'http://nowhere:5000/v3' }, { fetch: async () => { throw new Error('Name or service not known'); } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('Failed to discover available identity versions when contacting http://nowhere:5000/v3. Attempting to parse version from URL.\nUnable to establish connection to http://nowhere:5000/v3/auth/tokens: Name or service not known\n');
  });

  it('--debug logs each request as curl, hiding the token behind its SHA-256', async () => {
    const r = await h.sh('openstack --debug flavor list');
    expect(r.stderr).toContain('REQ: curl -g -i -X GET http://controller:5000/v3 -H "Accept: application/json"');
    expect(r.stderr).toMatch(/REQ: curl -g -i -X GET http:\/\/controller:8774\/v2\.1\/flavors\/detail\?is_public=True .*-H "X-Auth-Token: \{SHA256\}[0-9a-f]{64}"/);
    expect(r.stderr).toContain('RESP BODY: {"flavors":');
    expect(r.stderr).not.toContain('ADMIN_PASS');
    expect(r.stdout).toContain('| m1.nano |');
  });
});

describe('commands', () => {
  it('an unknown command: cliff suggestions on stdout, exit status 2, nothing sent', async () => {
    const n = h.sent.length;
    const r = await h.sh('openstack server crate x');
    expect(r.exitCode).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(["openstack: 'server crate x' is not an openstack command. See 'openstack --help'.", 'Did you mean one of these?']);
    expect(lines).toContain('  server create');
    expect(lines).toContain('  service list');
    expect(lines.filter((l) => l.startsWith('  ')).every((l) => /^ {2}serv(er|ice) /.test(l))).toBe(true);
    expect(h.sent.length).toBe(n);
  });

  it('unique prefixes of each word run the command, keeping the typed name in messages', async () => {
    expect((await h.sh('openstack flav lis -f value -c Name')).stdout).toBe('m1.nano\nhuge\n');
    expect((await h.sh('openstack flav cre')).stderr).toMatch(/\nopenstack flav cre: error: the following arguments are required: <flavor-name>\n$/);
  });

  it('a bad -f value is a usage error after login, and changes nothing', async () => {
    const r = await failsCleanly('openstack flavor create -f xml m1.tiny');
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n').at(-2)).toBe("openstack flavor create: error: argument -f/--format: invalid choice: 'xml' (choose from 'json', 'shell', 'table', 'value', 'yaml')");
  });
});
