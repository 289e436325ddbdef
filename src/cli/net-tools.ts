/** The shell's `ping` and `ssh`: as run from a host on the provider network, answered from the simulated cloud. */
import { Client } from './client.ts';
import { ipv4, probe, type NetView, type Verdict } from './net-tools-probe.ts';
import type { NetworkHooks } from './shell/session.ts';
import type { FetchLike } from './types.ts';

/** Where the tools write and how they wait (the shell gives its streams and the cloud's clock). */
export interface ToolIo {
  out(text: string): void;
  err(text: string): void;
  sleep(ms: number): Promise<void>;
}

/** A round-trip time in ms that looks measured but is the same on every run (0.3 to 0.9 ms; the first packet waits for ARP). */
function rtt(ip: string, seq: number): number {
  let h = 2166136261;
  for (const c of `${ip}#${seq}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return 0.3 + (h % 600) / 1000 + (seq === 1 ? 0.4 : 0);
}

const PING_USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -c <count>         stop after <count> replies
  -i <interval>      seconds between sending each packet
  -q                 quiet output
  -W <timeout>       time to wait for response
`;

/** `ping [-c N] [-i S] [-q] [-W S] <address>`: iputils' output; exit 0 with replies, 1 without, 2 on bad usage. */
export async function ping(argv: string[], view: NetView | undefined, io: ToolIo): Promise<number> {
  let count = 4;
  let interval = 1;
  let quiet = false;
  let dest: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '-c') {
      const n = Number(val());
      if (!Number.isInteger(n) || n < 1) return io.err(`ping: invalid argument: '${argv[i]}': out of range: 1 <= value <= 9223372036854775807\n`), 1;
      count = n;
    } else if (a === '-i') interval = Number(val()) || 1;
    else if (a === '-W' || a === '-w') val();
    else if (a === '-q') quiet = true;
    else if (a.startsWith('-')) return io.err(`ping: invalid option -- '${a.slice(1, 2)}'\n${PING_USAGE}`), 2;
    else dest = a;
  }
  if (!dest) return io.err(`ping: usage error: Destination address required\n`), 1;
  if (ipv4(dest) === undefined) return io.err(`ping: ${dest}: Name or service not known\n`), 2;
  if (!view) return io.err(`ping: connect: Network is unreachable (source an openrc first: the simulated network is read with its credentials)\n`), 2;
  const v = await probe(view, dest, { proto: 'icmp' });
  io.out(`PING ${dest} (${dest}) 56(84) bytes of data.\n`);
  const times: number[] = [];
  let errors = 0;
  for (let seq = 1; seq <= count; seq++) {
    if (v.kind === 'answer') {
      const t = rtt(dest, seq);
      times.push(t);
      if (!quiet) io.out(`64 bytes from ${dest}: icmp_seq=${seq} ttl=64 time=${t.toFixed(t < 1 ? 3 : 2)} ms\n`);
    } else if (v.kind === 'unreachable' && seq > 1 && !quiet) {
      // iputils reports ARP failures in bursts, after the first probe timed out.
      errors += 1;
      io.out(`From ${v.source} icmp_seq=${seq} Destination Host Unreachable\n`);
    } else if (v.kind === 'unreachable' && seq > 1) errors += 1;
    if (seq < count) await io.sleep(interval * 1000);
  }
  const elapsed = Math.round((count - 1) * interval * 1000 + (count > 1 ? 3 + count : 0));
  io.out(`\n--- ${dest} ping statistics ---\n`);
  const loss = Math.round(((count - times.length) / count) * 100);
  io.out(`${count} packets transmitted, ${times.length} received, ${errors ? `+${errors} errors, ` : ''}${loss}% packet loss, time ${elapsed}ms\n`);
  if (times.length) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / times.length);
    io.out(`rtt min/avg/max/mdev = ${[min, avg, max, mdev].map((x) => x.toFixed(3)).join('/')} ms\n`);
  } else io.out('\n');
  if (v.kind !== 'answer') io.err(`# simulated: ${v.reason}\n`);
  return times.length ? 0 : 1;
}

/** `ssh [-i key] [-l user] [user@]host [command]`: OpenSSH's messages; a successful login is simulated. */
export async function ssh(argv: string[], view: NetView | undefined, io: ToolIo): Promise<number> {
  let user = 'root';
  let dest: string | undefined;
  const command: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (dest) command.push(a);
    else if (a === '-i' || a === '-p' || a === '-o' || a === '-F') i++;
    else if (a === '-l') user = argv[++i] ?? user;
    else if (a.startsWith('-')) continue;
    else if (a.includes('@')) [user, dest] = [a.slice(0, a.lastIndexOf('@')), a.slice(a.lastIndexOf('@') + 1)];
    else dest = a;
  }
  if (!dest) {
    io.err('usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\n');
    return 255;
  }
  if (ipv4(dest) === undefined) return io.err(`ssh: Could not resolve hostname ${dest}: Name or service not known\n`), 255;
  if (!view) return io.err(`ssh: connect to host ${dest} port 22: Network is unreachable\n`), 255;
  const v: Verdict = await probe(view, dest, { proto: 'tcp', port: 22 });
  if (v.kind === 'timeout') {
    await io.sleep(30_000);
    io.err(`ssh: connect to host ${dest} port 22: Connection timed out\n# simulated: ${v.reason}\n`);
    return 255;
  }
  if (v.kind === 'unreachable') {
    await io.sleep(3_000);
    io.err(`ssh: connect to host ${dest} port 22: No route to host\n# simulated: ${v.reason}\n`);
    return 255;
  }
  if (v.kind === 'refused') {
    io.err(`ssh: connect to host ${dest} port 22: Connection refused\n# simulated: ${v.reason}\n`);
    return 255;
  }
  const server = v.server;
  io.err(`Warning: Permanently added '${dest}' (ED25519) to the list of known hosts.\n`);
  if (!server?.key_name) {
    io.err(`${user}@${dest}: Permission denied (publickey,password).\n# simulated: the instance was booted without --key-name, so no key of yours is in its authorized_keys\n`);
    return 255;
  }
  if (user === 'root') {
    io.out(`Please login as 'cirros' user, not as root\n\n`);
    return 0;
  }
  if (user !== 'cirros') {
    io.err(`${user}@${dest}: Permission denied (publickey,password).\n# simulated: the CirrOS image has one user, cirros\n`);
    return 255;
  }
  const host = String(server.name ?? 'cirros').toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (command.length) {
    const cmd = command.join(' ');
    if (cmd === 'hostname') io.out(`${host}\n`);
    else if (cmd === 'whoami') io.out('cirros\n');
    else io.out(`# simulated: logged in to ${server.name} (${server.id}) as cirros; Stackbook cannot run "${cmd}" on a simulated instance\n`);
    return 0;
  }
  io.out(`$ \n# simulated: logged in to ${server.name} (${server.id}) as cirros on ${host}; this instance is simulated, so the session ends here.\nConnection to ${dest} closed.\n`);
  return 0;
}

/** The identity the network probe reads the cloud with: the install guide's admin (the probe sees every project's ports). */
export interface ProbeLogin {
  authUrl?: string;
  username?: string;
  password?: string;
  projectName?: string;
}

/** A NetView that reads Neutron and Nova over REST through `fetch`, logged in once as `login` (default: the guide's admin). */
export function restNetView(fetch: FetchLike, login: ProbeLogin = {}): NetView {
  const client = new Client(fetch, {
    authUrl: login.authUrl ?? 'http://controller:5000/v3',
    username: login.username ?? 'admin',
    password: login.password ?? 'ADMIN_PASS',
    projectName: login.projectName ?? 'admin',
    userDomainName: 'Default',
    projectDomainName: 'Default',
  });
  let ready: Promise<void> | undefined;
  const get = async (type: string, path: string, lib: 'sdk' | 'nova', ok?: (s: number) => boolean) => {
    ready ??= client.authenticate();
    await ready;
    return client.call(type, 'GET', path, { lib, ok });
  };
  return {
    ports: async () => (await get('network', '/v2.0/ports', 'sdk')).body?.ports ?? [],
    networks: async () => (await get('network', '/v2.0/networks', 'sdk')).body?.networks ?? [],
    subnets: async () => (await get('network', '/v2.0/subnets', 'sdk')).body?.subnets ?? [],
    rules: async (id) => (await get('network', `/v2.0/security-group-rules?security_group_id=${encodeURIComponent(id)}`, 'sdk')).body?.security_group_rules ?? [],
    server: async (id) => {
      const r = await get('compute', `/servers/${encodeURIComponent(id)}`, 'nova', (s) => s < 400 || s === 404);
      return r.status === 200 ? r.body?.server : undefined;
    },
  };
}

/** The shell's network hooks backed by the cloud: pass them as `runShell(..., { network: networkHooks(fetch, { sleep }) })`. */
export function networkHooks(fetch: FetchLike, opts: { sleep?: (ms: number) => Promise<void>; login?: ProbeLogin } = {}): NetworkHooks {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const run = async (tool: typeof ping, argv: string[]) => {
    let output = '';
    const io: ToolIo = { out: (t) => void (output += t), err: (t) => void (output += t), sleep };
    let view: NetView | undefined = restNetView(fetch, opts.login);
    try {
      // Probe the login now so a cloud without Keystone reads as "no network" instead of a crash.
      await view.networks();
    } catch {
      view = undefined;
    }
    const exitCode = await tool(argv, view, io);
    return { output, exitCode };
  };
  return {
    ping: (ip, count) => run(ping, ['-c', String(count), ip]),
    ssh: (user, ip) => run(ssh, [`${user}@${ip}`]),
  };
}
