/** The command table: cliff's command lookup (unique prefixes of each word), fuzzy suggestions, completion data. */
import { commonParams } from './common-params.ts';
import { COMMANDS } from './commands/index.ts';
import type { CommandSpec, Param } from './types.ts';

/** Every command, keyed by its words joined with spaces. */
export function commandTable(specs: CommandSpec[] = COMMANDS): Map<string, CommandSpec> {
  const table = new Map<string, CommandSpec>();
  for (const s of specs) {
    const name = s.words.join(' ');
    if (table.has(name)) throw new Error(`The command "${name}" is defined twice: keep one entry per command.`);
    table.set(name, s);
  }
  return table;
}

/** cliff's find_command: the longest run of leading non-option words naming a command, exactly or by unique prefixes. */
export function findCommand(table: Map<string, CommandSpec>, argv: string[]): { spec: CommandSpec; name: string; rest: string[] } | undefined {
  let start = argv.findIndex((a) => a.startsWith('-'));
  if (start < 0) start = argv.length;
  for (let i = start; i > 0; i--) {
    const words = argv.slice(0, i);
    const name = words.join(' ');
    let spec = table.get(name);
    if (!spec) {
      const candidates = [...table.values()].filter((s) => s.words.length === i && s.words.every((w, k) => w.startsWith(words[k])));
      if (candidates.length === 1) spec = candidates[0];
    }
    if (spec) return { spec, name, rest: argv.slice(i) };
  }
  return undefined;
}

/** cliff's Damerau-Levenshtein with costs swap 0, substitution 2, insertion 1, deletion 3. */
function distance(s1: string, s2: string): number {
  if (s1 === s2) return 0;
  if (!s1.length) return s2.length;
  if (!s2.length) return s1.length * 3;
  let row0 = Array.from({ length: s2.length + 1 }, (_, i) => i);
  let row1 = [...row0];
  let row2 = [...row0];
  for (let i = 0; i < s1.length; i++) {
    row2[0] = (i + 1) * 3;
    for (let j = 0; j < s2.length; j++) {
      let cost = Math.min(row1[j] + (s1[i] !== s2[j] ? 2 : 0), row2[j] + 1, row1[j + 1] + 3);
      if (i > 0 && j > 0 && s1[i - 1] === s2[j] && s1[i] === s2[j - 1]) cost = Math.min(cost, row0[j - 1]);
      row2[j + 1] = cost;
    }
    [row0, row1, row2] = [row1, row2, row0];
  }
  return row1[s2.length];
}

/** cliff's get_fuzzy_matches for the first word: every prefix match plus the nearest commands by first word. */
export function fuzzyMatches(table: Map<string, CommandSpec>, cmd: string): string[] {
  const dist = [...table.keys()].sort().map((c) => [c.startsWith(cmd) ? 0 : distance(cmd, c.split(' ')[0]) + 1, c] as const);
  dist.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const out: string[] = [];
  let best = 0;
  for (const [d, c] of dist) {
    if (d > best) {
      if (best) break;
      best = d;
    }
    out.push(c);
  }
  return out;
}

/** Every parameter of a command in parser order: cliff's `-h` and output options, then the command's own. */
export function allParams(spec: CommandSpec): Param[] {
  return [...commonParams(spec.kind), ...spec.params];
}

/** One command's completion data, for the editor. */
export interface Completion {
  command: string;
  help: string;
  options: { flags: string[]; metavar?: string; choices?: string[]; help?: string; takesValue: boolean }[];
  positionals: { metavar: string; help?: string }[];
}

/** Completion data for every command, generated from the same table the parser uses. */
export function completions(specs: CommandSpec[] = COMMANDS): Completion[] {
  return specs.map((s) => {
    const params = allParams(s);
    return {
      command: s.words.join(' '),
      help: s.help,
      options: params.filter((p) => p.flags).map((p) => ({
        flags: p.flags!, metavar: p.metavar, choices: p.choices, help: p.help,
        takesValue: (p.action ?? 'store') === 'store' || p.action === 'append',
      })),
      positionals: params.filter((p) => !p.flags).map((p) => ({ metavar: p.metavar ?? p.dest, help: p.help })),
    };
  }).sort((a, b) => (a.command < b.command ? -1 : 1));
}
