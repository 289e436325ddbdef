// The notebook's shell: bash's quoting, expansion and control operators, the openrc files, and the hooks.
import { describe, expect, it } from 'vitest';
import { harness } from '../test/harness.ts';
import { newSession } from './session.ts';
import { runShell } from './shell.ts';

const offline = async () => { throw new Error('no network in this test'); };
const sh = (input: string, session = newSession()) => runShell(input, session, { fetch: offline });

describe('words and quoting', () => {
  it('expands variables in double quotes, not in single quotes, and splits unquoted expansions', async () => {
    const s = newSession();
    await sh('export X="a  b"; Y=\'$X\'', s);
    expect((await sh('echo "[$X]" [$X] \'[$X]\' "$Y" ${X}x', s)).stdout).toBe("[a  b] [a b] [$X] $X a bx\n");
  });

  it('handles backslashes, comments and line continuation', async () => {
    expect((await sh('echo one\\ two "q\\"uote" # not printed\necho thr\\\nee')).stdout).toBe('one two q"uote\nthree\n');
    expect((await sh('echo a#b   # comment')).stdout).toBe('a#b\n');
  });

  it('runs ; && || with bash semantics and keeps $?', async () => {
    expect((await sh('false && echo no; echo $?')).stdout).toBe('1\n');
    expect((await sh('false || echo yes && echo also')).stdout).toBe('yes\nalso\n');
    expect((await sh('true &&\n  echo continued')).stdout).toBe('continued\n');
  });

  it('reports bash syntax errors with status 2', async () => {
    expect(await sh("echo 'open")).toEqual({ stdout: '', stderr: "bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file\n", exitCode: 2 });
    expect(await sh('; echo x')).toEqual({ stdout: '', stderr: "bash: syntax error near unexpected token `;'\n", exitCode: 2 });
    expect((await sh('echo a &&')).stderr).toBe('bash: syntax error: unexpected end of file\n');
  });

  it('says command not found with status 127', async () => {
    expect(await sh('nova list')).toEqual({ stdout: '', stderr: 'bash: nova: command not found\n', exitCode: 127 });
    // Found by the fuzz test: names of Object.prototype are not commands.
    expect(await sh('toString')).toEqual({ stdout: '', stderr: 'bash: toString: command not found\n', exitCode: 127 });
  });
});

describe('redirections', () => {
  it('sends streams to /dev/null or to each other, left to right', async () => {
    expect(await sh('echo a > /dev/null; echo b')).toEqual({ stdout: 'b\n', stderr: '', exitCode: 0 });
    expect(await sh('nova 2>&1')).toEqual({ stdout: 'bash: nova: command not found\n', stderr: '', exitCode: 127 });
    expect(await sh('echo out >&2')).toEqual({ stdout: '', stderr: 'out\n', exitCode: 0 });
    expect(await sh('nova >/dev/null 2>&1 || echo failed')).toEqual({ stdout: 'failed\n', stderr: '', exitCode: 0 });
    expect(await sh('nova 2>&1 >/dev/null')).toEqual({ stdout: 'bash: nova: command not found\n', stderr: '', exitCode: 127 });
    expect(await sh('nova &>/dev/null')).toEqual({ stdout: '', stderr: '', exitCode: 127 });
  });

  it('refuses files (there are none) and a missing target', async () => {
    expect(await sh('echo x > notes.txt')).toEqual({ stdout: '', stderr: 'bash: notes.txt: Read-only file system (this shell has no files; use /dev/null)\n', exitCode: 1 });
    expect(await sh('echo x >')).toEqual({ stdout: '', stderr: "bash: syntax error near unexpected token `newline'\n", exitCode: 2 });
  });
});

describe('environment', () => {
  it('source loads the guide\'s openrc files; a missing file is an error', async () => {
    const s = newSession();
    await sh('. ~/admin-openrc', s);
    expect(s.env).toMatchObject({ OS_USERNAME: 'admin', OS_PASSWORD: 'ADMIN_PASS', OS_PROJECT_NAME: 'admin', OS_AUTH_URL: 'http://controller:5000/v3', OS_IDENTITY_API_VERSION: '3', OS_IMAGE_API_VERSION: '2', OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default' });
    await sh('source demo-openrc', s);
    expect(s.env).toMatchObject({ OS_USERNAME: 'myuser', OS_PASSWORD: 'DEMO_PASS', OS_PROJECT_NAME: 'myproject' });
    expect(await sh('source nosuch-openrc', s)).toEqual({ stdout: '', stderr: 'bash: nosuch-openrc: No such file or directory\n', exitCode: 1 });
  });

  it('export, unset and printenv; the session is plain data that survives JSON', async () => {
    const s = newSession();
    await sh('export OS_REGION_NAME=RegionOne; LOCAL=1; unset HOME', s);
    const copy = JSON.parse(JSON.stringify(s));
    expect((await sh('printenv OS_REGION_NAME; echo $LOCAL; echo "[$HOME]"', copy)).stdout).toBe('RegionOne\n1\n[]\n');
    expect((await sh('export 1BAD=x', copy)).stderr).toBe("bash: export: `1BAD=x': not a valid identifier\n");
  });

  it('$(...) runs in a subshell: its output is substituted, its variables stay inside', async () => {
    const s = newSession();
    expect((await sh('echo "<$(export IN=1; echo inner $(echo nested))>"; echo "[$IN]"', s)).stdout).toBe('<inner nested>\n[]\n');
  });
});

describe('openstack in the shell', () => {
  it('switching identity with source changes who the command line logs in as', async () => {
    const h = await harness();
    expect((await h.sh('openstack token issue -f value -c user_id')).exitCode).toBe(0);
    const denied = await h.sh('source demo-openrc; openstack flavor create --ram 64 --disk 1 m1.demo');
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toContain("Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.");
    expect((await h.sh('source admin-openrc && openstack flavor create --ram 64 --disk 1 m1.demo -f value -c name')).stdout).toBe('m1.demo\n');
  });

  it('a VAR=value prefix applies to one command only', async () => {
    const h = await harness();
    const r = await h.sh('OS_PASSWORD=wrong openstack token issue; echo $OS_PASSWORD');
    expect(r.stderr).toMatch(/^The request you have made requires authentication\. \(HTTP 401\)/);
    expect(r.stdout).toBe('ADMIN_PASS\n');
  });

  it('streams output through the hook in order', async () => {
    const h = await harness();
    const seen: string[] = [];
    const s = structuredClone(h.session);
    await runShell('echo first; openstack image list -f value -c Name; nova', s, { fetch: h.cloud.fetch, onOutput: (t, stream) => seen.push(`${stream}:${t}`) });
    expect(seen).toEqual(['stdout:first\n', 'stdout:cirros\n', 'stderr:bash: nova: command not found\n']);
  });
});

describe('network commands', () => {
  it('without a network hook: ping and ssh fail like a host with no route', async () => {
    expect(await sh('ping -c 1 203.0.113.103')).toEqual({ stdout: '', stderr: 'ping: connect: Network is unreachable\n', exitCode: 2 });
    expect(await sh('ssh cirros@203.0.113.103')).toEqual({ stdout: '', stderr: 'ssh: connect to host 203.0.113.103 port 22: No route to host\n', exitCode: 255 });
  });

  it('hands ping and ssh to the host\'s hooks', async () => {
    const calls: string[] = [];
    const network = {
      ping: async (ip: string, count: number) => { calls.push(`ping ${ip} ${count}`); return { output: `PING ${ip}\n`, exitCode: 0 }; },
      ssh: async (user: string, ip: string) => { calls.push(`ssh ${user} ${ip}`); return { output: '$ ', exitCode: 0 }; },
    };
    const r = await runShell('ping -c 3 10.0.0.5 && ssh -i key -l cirros 10.0.0.5', newSession(), { fetch: offline, network });
    expect(r).toEqual({ stdout: 'PING 10.0.0.5\n$ ', stderr: '', exitCode: 0 });
    expect(calls).toEqual(['ping 10.0.0.5 3', 'ssh cirros 10.0.0.5']);
  });
});
