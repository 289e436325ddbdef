/** argparse's usage and help text, laid out as Python 3.11's HelpFormatter does (80 columns unless told). */
import type { Param } from './types.ts';
import { wrapText } from './format/wrap.ts';

/** How argparse names an argument in errors: `-f/--format`, `--flavor`, `<server-name>`. */
export function paramName(p: Param): string {
  return p.flags ? p.flags.join('/') : metavarOf(p);
}

function metavarOf(p: Param): string {
  if (p.metavar !== undefined) return p.metavar;
  if (p.choices) return `{${p.choices.join(',')}}`;
  return p.flags ? p.dest.toUpperCase() : p.dest;
}

function takesValue(p: Param): boolean {
  return (p.action ?? 'store') === 'store' || p.action === 'append';
}

function optionUsage(p: Param): string {
  const flag = p.flags![0];
  return takesValue(p) ? `${flag} ${metavarOf(p)}`.trimEnd() : flag;
}

function positionalParts(p: Param): string[] {
  const m = metavarOf(p);
  if (p.nargs === '?') return [`[${m}]`];
  if (p.nargs === '*') return [`[${m} ...]`];
  if (p.nargs === '+') return [m, `[${m} ...]`];
  return [m];
}

/** The usage parts of the options, with mutually exclusive neighbours joined as `[a | b]` or `(a | b)`. */
function optionParts(params: Param[], requiredGroups: string[]): string[] {
  const parts: string[] = [];
  const opts = params.filter((p) => p.flags && p.help !== 'SUPPRESS');
  for (let i = 0; i < opts.length; i++) {
    const p = opts[i];
    if (p.exclusive) {
      const members = [p];
      while (opts[i + 1]?.exclusive === p.exclusive) members.push(opts[++i]);
      const inner = members.map(optionUsage).join(' | ');
      parts.push(requiredGroups.includes(p.exclusive) ? `(${inner})` : `[${inner}]`);
    } else {
      parts.push(p.required ? optionUsage(p) : `[${optionUsage(p)}]`);
    }
  }
  return parts;
}

/** `usage: prog [-h] ...` wrapped like argparse, ending in a newline. */
export function formatUsage(prog: string, params: Param[], width = 80, requiredGroups: string[] = []): string {
  const textWidth = Math.max(width - 2, 11);
  const prefix = 'usage: ';
  const opt = optionParts(params, requiredGroups);
  const pos = params.filter((p) => !p.flags).flatMap(positionalParts);
  const oneLine = [prog, ...opt, ...pos].join(' ');
  if (prefix.length + oneLine.length <= textWidth) return prefix + oneLine + '\n';
  const getLines = (parts: string[], indent: string, pre?: string): string[] => {
    const lines: string[] = [];
    let line: string[] = [];
    let len = pre !== undefined ? pre.length - 1 : indent.length - 1;
    for (const part of parts) {
      if (len + 1 + part.length > textWidth && line.length) {
        lines.push(indent + line.join(' '));
        line = [];
        len = indent.length - 1;
      }
      line.push(part);
      len += part.length + 1;
    }
    if (line.length) lines.push(indent + line.join(' '));
    if (pre !== undefined) lines[0] = lines[0].slice(indent.length);
    return lines;
  };
  let lines: string[];
  if (prefix.length + prog.length <= 0.75 * textWidth) {
    const indent = ' '.repeat(prefix.length + prog.length + 1);
    if (opt.length) lines = [...getLines([prog, ...opt], indent, prefix), ...getLines(pos, indent)];
    else lines = pos.length ? getLines([prog, ...pos], indent, prefix) : [prog];
  } else {
    const indent = ' '.repeat(prefix.length);
    lines = getLines([...opt, ...pos], indent);
    if (lines.length > 1) lines = [...getLines(opt, indent), ...getLines(pos, indent)];
    lines = [prog, ...lines];
  }
  return prefix + lines.join('\n') + '\n';
}

function invocation(p: Param): string {
  if (!p.flags) return metavarOf(p);
  if (!takesValue(p)) return p.flags.join(', ');
  return p.flags.map((f) => `${f} ${metavarOf(p)}`).join(', ');
}

/** The full `-h` text: usage, description, then each section of arguments. */
export function formatHelp(prog: string, params: Param[], description: string, width = 80, requiredGroups: string[] = []): string {
  const textWidth = Math.max(width - 2, 11);
  const shown = params.filter((p) => p.help !== 'SUPPRESS');
  const maxInv = Math.max(0, ...shown.map((p) => invocation(p).length + 2));
  const helpPos = Math.min(maxInv + 2, Math.min(24, Math.max(textWidth - 20, 4)));
  const helpWidth = Math.max(textWidth - helpPos, 11);
  const sections = new Map<string, { description?: string; lines: string[] }>();
  sections.set('positional arguments', { lines: [] });
  sections.set('options', { lines: [] });
  for (const p of shown) {
    const title = p.section ?? (p.flags ? 'options' : 'positional arguments');
    const [name, desc] = title.split('\n');
    if (!sections.has(name)) sections.set(name, { description: desc, lines: [] });
    const inv = invocation(p);
    // cliff's SmartHelpFormatter keeps the help's own line breaks and wraps each line.
    const help = p.help ? p.help.split('\n').flatMap((l) => wrapText(l, helpWidth)) : [];
    const out = sections.get(name)!.lines;
    if (!help.length) out.push(`  ${inv}`);
    else if (inv.length + 2 <= helpPos - 2) {
      out.push(`  ${inv.padEnd(helpPos - 4)}  ${help[0]}`);
      for (const l of help.slice(1)) out.push(' '.repeat(helpPos) + l);
    } else {
      out.push(`  ${inv}`);
      for (const l of help) out.push(' '.repeat(helpPos) + l);
    }
  }
  let text = formatUsage(prog, params, width, requiredGroups);
  if (description) text += '\n' + wrapText(description, textWidth).join('\n') + '\n';
  for (const [name, s] of sections) {
    if (!s.lines.length) continue;
    text += `\n${name}:\n`;
    if (s.description) text += `  ${s.description}\n\n`;
    text += s.lines.join('\n') + '\n';
  }
  return text;
}
