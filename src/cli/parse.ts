/** An argparse look-alike: parses a command's arguments from its `Param` list, with argparse's error texts. */
import { HelpExit, UsageError } from './errors.ts';
import { formatHelp, formatUsage, paramName } from './usage.ts';
import type { Args, Param } from './types.ts';
import { pyRepr } from './format/python.ts';

/** What to parse against: the program name (`openstack server create`), the params in parser order, help text. */
export interface ParserSpec {
  prog: string;
  params: Param[];
  description?: string;
  requiredGroups?: string[];
  width?: number;
}

const NEGATIVE = /^-\d+$|^-\d*\.\d+$/;

/** Parses `argv` into `Args`; throws UsageError (exit 2) or HelpExit (exit 0) as argparse would exit. */
export function parseArgs(spec: ParserSpec, argv: string[]): Args {
  const fail = (msg: string): never => {
    throw new UsageError(formatUsage(spec.prog, spec.params, spec.width, spec.requiredGroups), `${spec.prog}: error: ${msg}`);
  };
  const options = spec.params.filter((p) => p.flags);
  const positionals = spec.params.filter((p) => !p.flags);
  const args: Args = {};
  for (const p of spec.params) {
    if (p.action === 'append') args[p.dest] = p.default === undefined ? [] : [...(p.default as unknown[])];
    else if (!(p.dest in args) || p.default !== undefined) args[p.dest] = p.default ?? (p.action === 'true' ? false : p.action === 'false' ? true : null);
  }
  const seen = new Set<Param>();
  const groupSeen = new Map<string, Param>();
  const positionalStrings: string[] = [];
  const extras: string[] = [];

  const optionFor = (arg: string): { p: Param; flag: string; explicit?: string } | 'positional' | 'unknown' => {
    if (!arg.startsWith('-') || arg.length === 1) return 'positional';
    const exact = options.find((p) => p.flags!.includes(arg));
    if (exact) return { p: exact, flag: arg };
    if (arg.includes('=')) {
      const [flag, ...rest] = arg.split('=');
      const p = options.find((o) => o.flags!.includes(flag));
      if (p) return { p, flag, explicit: rest.join('=') };
    }
    const matches = prefixMatches(options, arg);
    if (matches.length > 1) fail(`ambiguous option: ${arg.split('=')[0]} could match ${matches.map((m) => m.flag).join(', ')}`);
    if (matches.length === 1) return matches[0];
    if (NEGATIVE.test(arg)) return 'positional';
    if (arg.includes(' ')) return 'positional';
    return 'unknown';
  };

  const convert = (p: Param, raw: string): unknown => {
    let v: unknown = raw;
    if (p.type === 'int') {
      if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(raw)) fail(`argument ${paramName(p)}: invalid int value: ${pyRepr(raw)}`);
      v = parseInt(raw.replace(/_/g, ''), 10);
    } else if (p.type === 'float') {
      const f = Number(raw.trim());
      if (raw.trim() === '' || Number.isNaN(f)) fail(`argument ${paramName(p)}: invalid float value: ${pyRepr(raw)}`);
      v = f;
    }
    if (p.choices && !p.choices.includes(String(v))) {
      fail(`argument ${paramName(p)}: invalid choice: ${pyRepr(v)} (choose from ${p.choices.map((c) => pyRepr(c)).join(', ')})`);
    }
    return v;
  };

  const take = (p: Param, value?: string): void => {
    if (p.exclusive) {
      const other = groupSeen.get(p.exclusive);
      if (other && other !== p) fail(`argument ${paramName(p)}: not allowed with argument ${paramName(other)}`);
      groupSeen.set(p.exclusive, p);
    }
    seen.add(p);
    // Custom actions raise ArgumentTypeError, which argparse does not catch: cliff prints it, exit 1.
    const stored = (v: string) => (p.transform ? p.transform(convert(p, v)) : convert(p, v));
    switch (p.action ?? 'store') {
      case 'help': throw new HelpExit(formatHelp(spec.prog, spec.params, spec.description ?? "", spec.width, spec.requiredGroups));
      case 'true': args[p.dest] = true; break;
      case 'false': args[p.dest] = false; break;
      case 'const': args[p.dest] = p.const; break;
      case 'append': args[p.dest].push(stored(value!)); break;
      default: args[p.dest] = stored(value!);
    }
  };

  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionalStrings.push(...argv.slice(i + 1));
      break;
    }
    const found = optionFor(arg);
    if (found === 'positional') { positionalStrings.push(arg); continue; }
    if (found === 'unknown') { extras.push(arg); continue; }
    const { p, flag } = found;
    const needsValue = (p.action ?? 'store') === 'store' || p.action === 'append';
    let explicit = found.explicit;
    if (explicit === undefined && flag.length === 2 && arg.length > 2 && !arg.startsWith('--')) explicit = arg.slice(2);
    if (!needsValue) {
      if (explicit !== undefined && explicit !== '') fail(`argument ${paramName(p)}: ignored explicit argument ${pyRepr(explicit)}`);
      take(p);
      continue;
    }
    if (explicit !== undefined) { take(p, explicit); continue; }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && next !== '-' && !NEGATIVE.test(next) && !(next.includes(' ') && optionFor(next) === 'positional'))) {
      fail(`argument ${paramName(p)}: expected one argument`);
    }
    take(p, next);
    i++;
  }

  assignPositionals(positionals, positionalStrings, args, extras, seen, (p, v) => convert(p, v));
  const missing = spec.params.filter((p) => (p.required || (!p.flags && (p.nargs === undefined || p.nargs === '+'))) && !seen.has(p));
  if (missing.length) fail(`the following arguments are required: ${missing.map(paramName).join(', ')}`);
  for (const g of spec.requiredGroups ?? []) {
    if (!groupSeen.has(g)) {
      const members = spec.params.filter((p) => p.exclusive === g).map((p) => p.flags![p.flags!.length - 1]);
      fail(`one of the arguments ${members.join(' ')} is required`);
    }
  }
  if (extras.length) fail(`unrecognized arguments: ${extras.join(' ')}`);
  return args;
}

function prefixMatches(options: Param[], arg: string): { p: Param; flag: string; explicit?: string }[] {
  const out: { p: Param; flag: string; explicit?: string }[] = [];
  if (arg.startsWith('--')) {
    const [prefix, ...rest] = arg.split('=');
    const explicit = arg.includes('=') ? rest.join('=') : undefined;
    for (const p of options) for (const f of p.flags!) if (f.startsWith('--') && f.startsWith(prefix)) out.push({ p, flag: f, explicit });
    return out;
  }
  // A single dash: `-fjson` is `-f json`.
  for (const p of options) for (const f of p.flags!) if (f.length === 2 && arg.startsWith(f)) out.push({ p, flag: f });
  return out;
}

function assignPositionals(
  positionals: Param[], strings: string[], args: Args, extras: string[], seen: Set<Param>,
  convert: (p: Param, v: string) => unknown,
): void {
  let rest = [...strings];
  positionals.forEach((p, idx) => {
    // Leave one string for each later positional that needs one.
    const later = positionals.slice(idx + 1).filter((q) => q.nargs === undefined || q.nargs === '+').length;
    const avail = Math.max(0, rest.length - later);
    if (p.nargs === '+' || p.nargs === '*') {
      const n = avail;
      if (n === 0 && p.nargs === '+') return;
      args[p.dest] = rest.slice(0, n).map((v) => convert(p, v));
      rest = rest.slice(n);
      seen.add(p);
    } else if (rest.length && (p.nargs !== '?' || avail > 0)) {
      args[p.dest] = convert(p, rest.shift()!);
      seen.add(p);
    }
  });
  extras.unshift(...rest);
}
