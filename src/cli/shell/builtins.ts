/** The commands this shell knows: `openstack`, `source`, `export`, `echo`, `ping`, `ssh` and a few more. */
import { runOpenstack } from '../openstack.ts';
import type { FetchLike } from '../types.ts';
import { readFile } from './openrc.ts';
import type { NetworkHooks, ShellSession } from './session.ts';

/** Where a builtin writes. */
export interface ShellIo {
  out(text: string): void;
  err(text: string): void;
}

/** What a builtin is given. */
export interface BuiltinCtx {
  session: ShellSession;
  /** The environment for this command (exported variables plus `VAR=x cmd` prefixes). */
  env: Record<string, string>;
  io: ShellIo;
  fetch: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  network: NetworkHooks;
  columns?: number;
  /** Runs shell text in the current session (for `source`). */
  run(source: string): Promise<unknown>;
}

type Builtin = (args: string[], ctx: BuiltinCtx) => Promise<number>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const source: Builtin = async (args, ctx) => {
  if (!args.length) {
    ctx.io.err('bash: source: filename argument required\nsource: usage: source filename [arguments]\n');
    return 2;
  }
  const text = readFile(args[0]);
  if (text === undefined) {
    ctx.io.err(`bash: ${args[0]}: No such file or directory\n`);
    return 1;
  }
  await ctx.run(text);
  return ctx.session.lastExit;
};

const exportCmd: Builtin = async (args, ctx) => {
  const { session } = ctx;
  if (!args.length || args[0] === '-p') {
    for (const k of Object.keys(session.env).sort()) ctx.io.out(`declare -x ${k}="${session.env[k].replace(/(["\\$`])/g, '\\$1')}"\n`);
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      ctx.io.err(`bash: export: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    session.env[name] = eq < 0 ? session.vars[name] ?? session.env[name] ?? '' : a.slice(eq + 1);
    delete session.vars[name];
  }
  return status;
};

const unset: Builtin = async (args, ctx) => {
  for (const a of args) {
    delete ctx.session.env[a];
    delete ctx.session.vars[a];
  }
  return 0;
};

const echo: Builtin = async (args, ctx) => {
  let newline = true;
  let escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  ctx.io.out(text + (newline ? '\n' : ''));
  return 0;
};

const printenv: Builtin = async (args, ctx) => {
  if (args.length) {
    const missing = args.filter((a) => !(a in ctx.env));
    for (const a of args) if (a in ctx.env) ctx.io.out(ctx.env[a] + '\n');
    return missing.length ? 1 : 0;
  }
  for (const [k, v] of Object.entries(ctx.env)) ctx.io.out(`${k}=${v}\n`);
  return 0;
};

const ping: Builtin = async (args, ctx) => {
  let count = 4;
  let ip = '';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c') count = Number(args[++i]);
    else if (/^-c\d+$/.test(args[i])) count = Number(args[i].slice(2));
    else if (!args[i].startsWith('-')) ip = args[i];
  }
  if (!ip) {
    ctx.io.err('ping: usage error: Destination address required\n');
    return 1;
  }
  if (!Number.isInteger(count) || count < 1) {
    ctx.io.err(`ping: invalid argument: '${count}'\n`);
    return 1;
  }
  const r = await ctx.network.ping(ip, count);
  (r.exitCode === 0 ? ctx.io.out : ctx.io.err)(r.output);
  return r.exitCode;
};

const ssh: Builtin = async (args, ctx) => {
  let user = ctx.env.USER ?? 'root';
  let target = '';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-l') user = args[++i] ?? user;
    else if (['-i', '-p', '-o'].includes(args[i])) i++;
    else if (!args[i].startsWith('-') && !target) target = args[i];
  }
  if (!target) {
    ctx.io.err('usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address] [-c cipher_spec] [-D [bind_address:]port] [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file] [-J destination] [-L address] [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address] [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]] destination [command [argument ...]]\n');
    return 255;
  }
  const at = target.indexOf('@');
  if (at >= 0) [user, target] = [target.slice(0, at), target.slice(at + 1)];
  const r = await ctx.network.ssh(user, target);
  (r.exitCode === 0 ? ctx.io.out : ctx.io.err)(r.output);
  return r.exitCode;
};

const sleep: Builtin = async (args, ctx) => {
  const secs = Number(args[0]);
  if (!args.length || !Number.isFinite(secs) || secs < 0) {
    ctx.io.err(args.length ? `sleep: invalid time interval '${args[0]}'\nTry 'sleep --help' for more information.\n` : "sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  await (ctx.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(secs * 1000);
  return 0;
};

const cat: Builtin = async (args, ctx) => {
  let status = 0;
  for (const a of args) {
    const text = readFile(a);
    if (text === undefined) {
      ctx.io.err(`cat: ${a}: No such file or directory\n`);
      status = 1;
    } else ctx.io.out(text);
  }
  return status;
};

const help: Builtin = async (_args, ctx) => {
  ctx.io.out([
    'This is a small shell on the controller node. It knows:',
    '  openstack ...          the OpenStack command line (try: openstack --help)',
    '  source FILE, . FILE    load credentials: admin-openrc, demo-openrc',
    '  export VAR=value, unset VAR, echo, printenv, env, cat FILE, sleep SECONDS',
    '  ping [-c N] IP, ssh USER@IP',
    '  clear, help, true, false',
    'Variables ($VAR, ${VAR}, $?), command substitution $(...), quotes, \\ line continuation,',
    '# comments, and ; && || between commands.',
    '',
  ].join('\n'));
  return 0;
};

/** Name → implementation. */
export const BUILTINS: Record<string, Builtin> = {
  openstack: async (args, ctx) => {
    const r = await runOpenstack(args, ctx.env, {
      fetch: ctx.fetch, sleep: ctx.sleep, columns: ctx.columns, readFile,
      onOutput: (t, s) => (s === 'stdout' ? ctx.io.out(t) : ctx.io.err(t)),
    });
    return r.exitCode;
  },
  source, '.': source, export: exportCmd, unset, echo, printenv, env: (a, c) => printenv([], c), ping, ssh, sleep, cat, help,
  clear: async (_a, ctx) => { ctx.io.out('\x1b[H\x1b[2J'); return 0; },
  // The guide's `ssh-keygen -q -N ""`: the key pair already exists in ~/.ssh.
  'ssh-keygen': async () => 0,
  true: async () => 0,
  false: async () => 1,
};
