/** A small bash for the notebook: runs input line by line against a ShellSession; `openstack` is one of its commands. */
import type { FetchLike, RunResult } from '../types.ts';
import { BUILTINS, type ShellIo } from './builtins.ts';
import { lex, ShellSyntaxError, type Word } from './lexer.ts';
import { redirectIo } from './redirect.ts';
import { NO_NETWORK, type NetworkHooks, type ShellSession } from './session.ts';

/** What the host provides: the cloud's fetch, a clock, the network hooks and an output stream. */
export interface ShellOptions {
  fetch: FetchLike;
  /** Advances time (the simulator's virtual clock); default is a real timer. */
  sleep?: (ms: number) => Promise<void>;
  network?: Partial<NetworkHooks>;
  /** Called with each piece of output as it appears. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  columns?: number;
}

/** Runs one input (one or many commands) and updates the session; never throws. */
export async function runShell(input: string, session: ShellSession, opts: ShellOptions): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: ShellIo = {
    out: (t) => { stdout += t; opts.onOutput?.(t, 'stdout'); },
    err: (t) => { stderr += t; opts.onOutput?.(t, 'stderr'); },
  };
  let ran = false;
  try {
    ran = await runIn(input, session, opts, io);
  } catch (e) {
    // A bug of ours: one line, like a crashed command.
    io.err(`bash: ${e instanceof Error ? e.message : String(e)}\n`);
    session.lastExit = 1;
    ran = true;
  }
  // An input with no command (blank, a comment) leaves $? alone and reports success.
  return { stdout, stderr, exitCode: ran ? session.lastExit : 0 };
}

/** Runs the input's commands; false when there was none to run. */
async function runIn(input: string, session: ShellSession, opts: ShellOptions, io: ShellIo): Promise<boolean> {
  let steps;
  try {
    steps = lex(input);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    io.err(`bash: ${e.message}\n`);
    if (e.message.startsWith('unexpected EOF')) io.err('bash: syntax error: unexpected end of file\n');
    session.lastExit = 2;
    return true;
  }
  for (const step of steps) {
    if (step.op === '&&' && session.lastExit !== 0) continue;
    if (step.op === '||' && session.lastExit === 0) continue;
    const redirected = redirectIo(io, step.redirects);
    if (typeof redirected === 'string') {
      io.err(redirected);
      session.lastExit = 1;
      continue;
    }
    session.lastExit = await runStep(step.words, session, opts, redirected);
  }
  return steps.length > 0;
}

async function runStep(words: Word[], session: ShellSession, opts: ShellOptions, io: ShellIo): Promise<number> {
  const subs: Subs = {};
  const assigns: [string, string][] = [];
  let rest = words;
  while (rest.length) {
    const first = rest[0][0];
    if (first?.kind !== 'lit' || first.quoted) break;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
    if (!m) break;
    const value = await expandWord([{ kind: 'lit', quoted: false, text: first.text.slice(m[0].length) }, ...rest[0].slice(1)], session, opts, io, false, subs);
    assigns.push([m[1], value.join(' ')]);
    rest = rest.slice(1);
  }
  const argv: string[] = [];
  for (const w of rest) argv.push(...(await expandWord(w, session, opts, io, true, subs)));
  if (!argv.length) {
    // No command: status 0, or that of the last command substitution (bash).
    for (const [k, v] of assigns) setVar(session, k, v);
    return subs.status ?? 0;
  }
  const env = { ...session.env };
  for (const [k, v] of assigns) env[k] = v;
  const builtin = Object.hasOwn(BUILTINS, argv[0]) ? BUILTINS[argv[0]] : undefined;
  if (!builtin) {
    io.err(`bash: ${argv[0]}: command not found\n`);
    return 127;
  }
  const network = { ...NO_NETWORK, ...opts.network };
  return builtin(argv.slice(1), { session, env, io, fetch: opts.fetch, sleep: opts.sleep, network, columns: opts.columns, run: (src) => runIn(src, session, opts, io) });
}

/** Sets a variable: exported ones stay in `env`, others in `vars`. */
export function setVar(session: ShellSession, name: string, value: string): void {
  if (name in session.env) session.env[name] = value;
  else session.vars[name] = value;
}

/** Expands one word: variables, `$(…)`; unquoted expansions split on blanks (no globbing here). */
/** The exit status of the last `$(…)` in one command. */
interface Subs {
  status?: number;
}

async function expandWord(word: Word, session: ShellSession, opts: ShellOptions, io: ShellIo, split: boolean, subs: Subs): Promise<string[]> {
  const fields: string[] = [];
  let cur: string | null = null;
  for (const seg of word) {
    let text: string;
    if (seg.kind === 'lit') text = seg.text;
    else if (seg.kind === 'var') text = seg.name === '?' ? String(session.lastExit) : session.env[seg.name] ?? session.vars[seg.name] ?? '';
    else text = await substitute(seg.source, session, opts, io, subs);
    if (seg.kind === 'lit' || seg.quoted || !split) {
      cur = (cur ?? '') + text;
      continue;
    }
    const parts = text.split(/[ \t\n]+/);
    parts.forEach((p, k) => {
      if (k > 0) {
        if (cur !== null && cur !== '') fields.push(cur);
        cur = null;
      }
      if (p) cur = (cur ?? '') + p;
    });
  }
  if (cur !== null && (cur !== '' || word.some((s) => s.quoted) || !split)) fields.push(cur);
  return fields;
}

/** `$(…)`: runs in a copy of the session (a subshell) and yields its stdout without trailing newlines. */
async function substitute(source: string, session: ShellSession, opts: ShellOptions, io: ShellIo, subs: Subs): Promise<string> {
  const sub: ShellSession = structuredClone(session);
  let captured = '';
  await runIn(source, sub, opts, { out: (t) => { captured += t; }, err: io.err });
  subs.status = sub.lastExit;
  return captured.replace(/\n+$/, '');
}
