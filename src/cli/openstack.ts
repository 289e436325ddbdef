/** The `openstack` program: global options, command lookup, login, argument parsing, run, output, exit status. */
import { Client } from './client.ts';
import { CommandError, HelpExit, HttpError, UsageError } from './errors.ts';
import { emit } from './format/emit.ts';
import { pyStrRepr } from './format/python.ts';
import { credentials, GLOBAL_PARAMS, parseGlobals } from './globals.ts';
import { apiErrorText } from './lookup.ts';
import { parseArgs } from './parse.ts';
import { allParams, commandTable, findCommand, fuzzyMatches } from './registry.ts';
import type { CliHost, CommandSpec, RunResult } from './types.ts';
import { formatHelp, formatUsage } from './usage.ts';

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `openstack <argv>` with the environment's OS_* credentials; never throws. */
export async function runOpenstack(argv: string[], env: Record<string, string>, host: CliHost, specs?: CommandSpec[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const out = (t: string) => { stdout += t; host.onOutput?.(t, 'stdout'); };
  const err = (t: string) => { stderr += t; host.onOutput?.(t, 'stderr'); };
  const width = host.columns ?? 80;
  const done = (exitCode: number): RunResult => ({ stdout, stderr, exitCode });
  try {
    const g = parseGlobals(argv);
    const table = commandTable(specs);
    if (g.error) {
      err(formatUsage('openstack', GLOBAL_PARAMS, width) + `openstack: error: ${g.error}\n`);
      return done(2);
    }
    if (g.values.version) { out('openstack 6.0.0\n'); return done(0); }
    let rest = g.rest;
    if (rest[0] === 'help') {
      if (rest.length === 1) { out(globalHelp(table, width)); return done(0); }
      rest = rest.slice(1);
      g.values.help = true;
    }
    if (!rest.length || (g.values.help && !findCommand(table, rest))) {
      out(globalHelp(table, width));
      return done(0);
    }
    const found = findCommand(table, rest);
    if (!found) {
      const matches = fuzzyMatches(table, rest[0]);
      if (!matches.length) { err(`Unknown command [${rest.map(pyStrRepr).join(', ')}]\n`); return done(2); }
      out(`openstack: '${rest.join(' ')}' is not an openstack command. See 'openstack --help'.\nDid you mean one of these?\n`);
      out(matches.map((m) => `  ${m}\n`).join(''));
      return done(2);
    }
    const { spec, name } = found;
    const cmdArgs = found.rest;
    const parserSpec = { prog: `openstack ${name}`, params: allParams(spec), description: spec.help, requiredGroups: spec.requiredGroups, width };
    // cliff's global parser takes -h/--help (and --h, --he…) anywhere and shows the command's help, without logging in.
    if (g.values.help) {
      out(formatHelp(parserSpec.prog, parserSpec.params, spec.help, width, spec.requiredGroups));
      return done(0);
    }
    if (g.values.cloud) throw new CommandError(`Cloud ${g.values.cloud} was not found.`);
    const debug = g.values.debug ? (line: string) => err(line + '\n') : undefined;
    const client = new Client(host.fetch, credentials(g.values, env), debug);
    // Like OSC 6.0.0: log in first, then parse the command's arguments.
    await client.authenticate();
    const args = parseArgs(parserSpec, cmdArgs);
    const result = await spec.run({ client, out, err, sleep: host.sleep ?? realSleep, env, name, readFile: (p) => host.readFile?.(p) }, args);
    if (result) out(emit(result, args, width));
    return done(0);
  } catch (e) {
    if (e instanceof HelpExit) { out(e.text); return done(0); }
    if (e instanceof UsageError) { err(e.usage + e.message + '\n'); return done(2); }
    if (e instanceof CommandError) {
      if (e.stdout) out(e.stdout);
      if (e.message) err(e.message + '\n');
      return done(e.exitCode);
    }
    if (e instanceof HttpError) { err(apiErrorText(e, 'sdk') + '\n'); return done(1); }
    // Our own bug: one line, never a stack trace.
    err(`${e instanceof Error ? e.message : String(e)}\n`);
    return done(1);
  }
}

/** `openstack --help`: the usage, the global options we take and the command list. */
function globalHelp(table: Map<string, CommandSpec>, width: number): string {
  const lines = [formatUsage('openstack', GLOBAL_PARAMS, width), 'Command-line interface to the OpenStack APIs', '', 'Commands:'];
  const names = [...table.keys(), 'help'].sort();
  const w = Math.max(...names.map((n) => n.length));
  for (const n of names) lines.push(`  ${n.padEnd(w)}  ${n === 'help' ? 'print detailed help for another command (cliff)' : table.get(n)!.help}`);
  return lines.join('\n') + '\n';
}
